"""Scripts a page loads: htmx only where the page has hx- attributes to drive, on every sample page."""

import re

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

from tests.e2e.samples import PAGES, add_guide_with_table, localised

pytestmark = pytest.mark.django_db

HX_ATTRIBUTE = re.compile(r"\shx-[a-z-]+=")
HTMX_SCRIPT = re.compile(r'<script src="[^"]*htmx[^"]*\.js"')


@pytest.fixture(scope="module")
def starter(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "starter.json", verbosity=0)
        add_guide_with_table()
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def english():
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.mark.parametrize("language", ["en", "ru"])
@pytest.mark.parametrize(("path", "name", "status"), PAGES)
def test_htmx_is_loaded_exactly_where_the_page_uses_it(client, starter, language, path, name, status):
    response = client.get(localised(path, language), follow=True)  # the plan's canonical address
    assert response.status_code == status
    content = response.content.decode()
    uses_htmx = bool(HX_ATTRIBUTE.search(content))
    loads_htmx = len(HTMX_SCRIPT.findall(content))
    assert loads_htmx == (1 if uses_htmx else 0), (path, uses_htmx, loads_htmx)


def test_the_pages_without_hx_attributes_include_some_that_skip_htmx(client, starter):
    """The rule above is not vacuous: the home page has nothing for htmx to drive and loads none of it,
    while the list of destinations filters with it."""
    assert not HTMX_SCRIPT.search(client.get("/").content.decode())
    assert HTMX_SCRIPT.search(client.get("/destinations/").content.decode())
