"""Every public page makes the same number of SQL queries at the starter size and at 100 times it."""

from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import NoReverseMatch, reverse

from tests.generate import generate, starter_counts

URLS = [
    "/",
    "/destinations/",
    "/destinations/?region=eu&sort=fastest",
    "/destinations/?language=ru&specialty=surgery&sort=cheapest",
    "/destinations/rs/",
    "/compare/?c=ge&c=de&c=il&c=rs",
    "/guides/",
    "/guides/?q=exam",
    "/guides/serbia-recognition-permits-and-the-grey-market/",
    "/sources/",
    "/ru/destinations/de/",
]
# Each page's ceiling, whatever the data: a regression beyond it fails even if the count stays flat.
MOST_QUERIES = 25


def plan_urls() -> list[str]:
    try:
        plan = reverse("guides:plan")
    except NoReverseMatch:
        return []
    return [plan + "?specialty=paediatrics&lang=ru:native&lang=en:b1&years=8&residency=1"]


def count(client: Client, url: str, headers=None) -> int:
    client.get(url, headers=headers or {})  # warm per-process caches (content types, translations)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers or {})
    assert response.status_code == HTTPStatus.OK, url
    return len(queries)


@pytest.fixture(scope="module")
def counts(django_db_setup, django_db_blocker):
    """Query counts per URL at the starter size, then after adding 99 times the starter rows."""
    urls = URLS + plan_urls()
    client = Client()
    # Module-scoped: built before the per-test settings (tests/conftest.py), so repeat them here: no page
    # cache, and static files without a collectstatic manifest.
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        override_settings(PAGE_CACHE_SECONDS=0, STORAGES=plain_static),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("loaddata", "starter.json", verbosity=0)
        small = {url: count(client, url) for url in urls}
        small["partial"] = count(client, "/destinations/?region=eu", {"HX-Request": "true"})
        generate(99, counts=starter_counts())
        large = {url: count(client, url) for url in urls}
        large["partial"] = count(client, "/destinations/?region=eu", {"HX-Request": "true"})
        transaction.set_rollback(True)
    return small, large


@pytest.mark.django_db
@pytest.mark.parametrize("url", [*URLS, "partial", "plan"])
def test_query_count_is_the_same_at_100_times_the_data(counts, url):
    small, large = counts
    if url == "plan":
        if not plan_urls():
            pytest.skip("no plan page")
        url = plan_urls()[0]
    assert large[url] == small[url]
    assert 0 < small[url] <= MOST_QUERIES
