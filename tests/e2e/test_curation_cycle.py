"""The curation cycle in a real browser: Editor revises, Reviewer publishes, a reader reports.

Uses the browser of ``tests/e2e/conftest.py`` (Debian's Chromium through Playwright) against
pytest-django's live server.
"""

import re
from decimal import Decimal

import pytest

from guides.models import CorrectionReport, RecognitionPath
from tests.e2e.conftest import PASSWORD, settle, staff, watched_page
from tests.factories import make_country, make_path, make_source, make_step

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def groups(curator_groups):
    """The Editors and Reviewers groups, as their data migrations make them."""


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_editor_revises_reviewer_publishes_reader_reports(browser, live_server):
    serbia = make_country(iso2="rs", name="Serbia", region="europe_other")
    live = make_path(
        country=serbia, slug="licence", name="Full licence", kind="document_review", exam_required=False
    )
    live.sources.add(make_source())
    make_step(path=live, slug="recognition", title="Diploma recognition", months_min=3, months_max=6)
    staff("anna", "Editors")
    staff("boris", "Reviewers")
    problems = []

    editor = watched_page(browser, live_server, problems, "editor")
    log_in(editor, live_server, "anna")
    editor.goto(f"{live_server.url}/admin/guides/recognitionpath/{live.pk}/change/")
    assert editor.locator("input[name=_save]").count() == 0  # the live path is read-only to an Editor
    editor.click("button:has-text('Create draft revision')")
    # Each step is one line (title, months, cost): the Editor opens the one to change.
    editor.click("#steps-0 > details.step-details > summary")
    editor.fill("#id_steps-0-months_min", "8")
    editor.fill("#id_steps-0-months_max", "12")
    editor.click("input[name=_continue]")
    assert editor.locator(".errornote").count() == 0
    editor.click("button:has-text('Submit for review')")
    revision = RecognitionPath.objects.get(revision_of=live)
    assert revision.status == "in_review"

    reviewer = watched_page(browser, live_server, problems, "reviewer")
    log_in(reviewer, live_server, "boris")
    assert "Waiting for review" in reviewer.locator("#needs-attention").inner_text()
    reviewer.click(f"#needs-attention a[href$='/recognitionpath/{revision.pk}/change/']")
    diff = re.sub(r"\s+", " ", reviewer.locator(".revision-diff").inner_text())
    assert "Minimum months 3.0 8.0" in diff
    reviewer.click("button:has-text('Publish revision')")
    # Publishing asks for the public change note: this one matters to readers.
    assert "/publish-with-note/" in reviewer.url
    reviewer.check("input[name=change_material]")
    reviewer.fill("[name=change_note_en]", "Recognition now takes 8 to 12 months.")
    reviewer.fill("[name=change_note_ru]", "Признание теперь занимает от 8 до 12 месяцев.")
    reviewer.click("input[type=submit][value=Publish]")
    assert reviewer.url.endswith(f"/admin/guides/recognitionpath/{live.pk}/change/")
    assert live.steps.get().months_min == Decimal("8.0")

    reader = watched_page(browser, live_server, problems, "reader")
    reader.goto(f"{live_server.url}/destinations/rs/")
    assert "8–12 months" in reader.locator("main").inner_text()
    reader.select_option("#report-path", "licence")
    reader.fill("#report-message", "The recognition now takes a year.")
    reader.click("#report button[type=submit]")
    reader.wait_for_selector("#report [role=status]")
    assert reader.context.cookies() == []
    report = CorrectionReport.objects.get()
    assert (report.path, report.message) == (live, "The recognition now takes a year.")

    reviewer.goto(f"{live_server.url}/admin/guides/correctionreport/")
    assert "The recognition now takes a year." in reviewer.locator("#result_list").inner_text()
    for page in (editor, reviewer, reader):
        settle(page.context)
    assert problems == []
