"""A Reviewer exports a country from the admin and imports it again, in the browser."""

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from playwright.sync_api import expect

from guides.models import RecognitionPath, Step

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

    # A step is lost here; importing the file restores exactly the file's steps, through review: the
    # import makes a draft revision of the path, which the Reviewer then publishes.
    lost = Step.objects.filter(path__country__iso2="rs").order_by("slug").first()
    live = lost.path
    lost.delete()
    steps_in_file = text.count('"model": "guides.step"')
    page.goto(f"{live_server.url}/admin/guides/country/")
    page.click("text=Import fixture")
    expect(page.locator("#content-main")).not_to_contain_text("Direct import")
    page.set_input_files("input[type=file]", str(exported))
    page.click("input[type=submit]")
    expect(page.locator("#content-main")).to_contain_text("Dry run of serbia.json")
    expect(page.locator("#content-main")).to_contain_text("1 created")
    expect(page.locator("#content-main")).to_contain_text(
        f"Draft revision: rs/{live.slug}-revision-1 (of rs/{live.slug})"
    )
    page.click("input[value='Import for review']")
    # The import runs as a job (at once here, as with debug on); its page gives the result.
    expect(page).to_have_url(re.compile(r"/admin/guides/country/import/\d+/$"))
    expect(page.locator("#content-main h2")).to_contain_text("Imported serbia.json")
    revision = RecognitionPath.objects.get(revision_of=live)
    assert live.steps.filter(slug=lost.slug).count() == 0
    assert revision.steps.filter(slug=lost.slug).count() == 1

    page.goto(f"{live_server.url}/admin/guides/recognitionpath/{revision.pk}/change/")
    page.click("button:has-text('Publish revision')")
    page.click("input[type=submit][value=Publish]")
    expect(page).to_have_url(re.compile(rf"/admin/guides/recognitionpath/{live.pk}/change/$"))
    assert live.steps.filter(slug=lost.slug).count() == 1
    assert Step.objects.filter(path__country__iso2="rs").count() == steps_in_file
