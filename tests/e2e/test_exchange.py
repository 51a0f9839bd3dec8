"""A Reviewer exports a country from the admin and imports it again, in the browser."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from guides.models import Step

pytestmark = pytest.mark.django_db(transaction=True)


def test_reviewer_exports_a_country_and_imports_it(starter, live_server, page, tmp_path):
    # A transactional test starts from an empty database: make the groups as their migration does.
    importlib.import_module("guides.migrations.0003_editor_and_reviewer_groups").create_groups(apps, None)
    reviewer = User.objects.create_user("rita", password="a-long-test-password", is_staff=True)
    reviewer.groups.add(Group.objects.get(name="Reviewers"))
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "rita")
    page.fill("#id_password", "a-long-test-password")
    page.click("input[type=submit]")
    page.goto(f"{live_server.url}/admin/guides/country/?q=Serbia")
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "export_as_fixture")
    with page.expect_download() as download:
        page.click("button[name=index]")
    exported = tmp_path / "serbia.json"
    download.value.save_as(exported)
    text = exported.read_text(encoding="utf-8")
    assert '"iso2": "rs"' in text

    # A step is lost here; importing the file restores exactly the file's steps.
    Step.objects.filter(path__country__iso2="rs").order_by("slug").first().delete()
    page.goto(f"{live_server.url}/admin/guides/country/")
    page.click("text=Import fixture")
    page.set_input_files("input[type=file]", str(exported))
    page.click("input[type=submit]")
    expect(page.locator("#content-main")).to_contain_text("Dry run of serbia.json")
    expect(page.locator("#content-main")).to_contain_text("1 created")
    page.click("input[value=Import]")
    # The import runs as a job (at once here, as with debug on); its page gives the result.
    expect(page).to_have_url(re.compile(r"/admin/guides/country/import/\d+/$"))
    expect(page.locator("#content-main h2")).to_contain_text("Imported serbia.json")
    assert '"iso2": "rs"' in text and Step.objects.filter(path__country__iso2="rs").count() == text.count(
        '"model": "guides.step"'
    )
