"""From a reader's report to a fix: a draft revision linked to the report, and a one-click decision."""

from http import HTTPStatus

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from guides.models import CorrectionReport, RecognitionPath, Status
from tests.factories import make_country, make_guide, make_path, make_source, make_step

pytestmark = pytest.mark.django_db


def admin_url(obj, action):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk])


@pytest.fixture
def live_path():
    serbia = make_country(iso2="rs", name="Serbia", region="europe_other")
    path = make_path(country=serbia, slug="licence", name="Licence exam", kind="exam")
    path.sources.add(make_source())
    make_step(path=path, slug="recognition", title="Recognition", months_min=3, months_max=6)
    return path


def report_on(path, message="The recognition now takes a year."):
    return CorrectionReport.objects.create(country=path.country, path=path, message=message)


def test_an_editor_starts_a_draft_revision_from_a_report(editor_client, live_path):
    report = report_on(live_path)
    page = editor_client.get(admin_url(report, "change")).content.decode()
    assert "Start a draft revision" in page
    assert "Accept" not in page.split('id="content-main"')[1].split("<fieldset")[0]  # Editors only read
    answer = editor_client.post(admin_url(report, "start_revision"))
    revision = RecognitionPath.objects.get(revision_of=live_path)
    assert answer.status_code == HTTPStatus.FOUND and answer.url == admin_url(revision, "change")
    assert [str(m) for m in get_messages(answer.wsgi_request)] == [
        "Draft to fix the report: Serbia — Licence exam. The report is linked to it."
    ]
    report.refresh_from_db()
    assert (report.fix_path, revision.status) == (revision, Status.DRAFT)
    # The draft shows the report it answers; the report shows its fix.
    draft_page = editor_client.get(admin_url(revision, "change")).content.decode()
    assert (
        "Readers&#x27; reports this draft answers" in draft_page or "reports this draft answers" in draft_page
    )
    assert "The recognition now takes a year." in draft_page
    assert (
        f'href="{admin_url(revision, "change")}"'
        in editor_client.get(admin_url(report, "change")).content.decode()
    )
    # Starting again is not offered: the report has its fix.
    assert editor_client.post(admin_url(report, "start_revision")).status_code == HTTPStatus.FORBIDDEN


def test_a_second_report_reuses_the_open_revision(editor_client, live_path):
    first, second = report_on(live_path), report_on(live_path, "The fee changed too.")
    editor_client.post(admin_url(first, "start_revision"))
    editor_client.post(admin_url(second, "start_revision"))
    revision = RecognitionPath.objects.get(revision_of=live_path)
    assert set(revision.fix_reports.all()) == {first, second}


def test_the_link_follows_the_revision_to_the_live_item_when_published(editor, reviewer, live_path):
    from guides.reports.fix import report_start_revision

    report = report_on(live_path)
    revision = report_start_revision(report=report, user=editor)
    revision.publish(reviewer)
    report.refresh_from_db()
    assert report.fix_path == live_path


def test_a_report_about_a_draft_guide_links_the_draft_itself(editor_client):
    guide = make_guide(status=Status.DRAFT)
    report = CorrectionReport.objects.create(guide=guide, message="A typo.")
    editor_client.post(admin_url(report, "start_revision"))
    report.refresh_from_db()
    assert report.fix_guide == guide


def test_a_report_about_a_whole_country_offers_no_revision(editor_client, live_path):
    report = CorrectionReport.objects.create(country=live_path.country, message="Visa rules changed.")
    assert "Start a draft revision" not in editor_client.get(admin_url(report, "change")).content.decode()


@pytest.mark.parametrize(("decision", "label"), [("accepted", "accepted"), ("rejected", "rejected")])
def test_a_reviewer_accepts_or_rejects_in_one_click_with_a_note(
    reviewer_client, reviewer, live_path, decision, label
):
    report = report_on(live_path)
    assert (
        'name="decision" value="accepted"'
        in reviewer_client.get(admin_url(report, "change")).content.decode()
    )
    answer = reviewer_client.post(
        admin_url(report, "resolve"), {"decision": decision, "note": "Checked the law."}
    )
    assert answer.status_code == HTTPStatus.FOUND
    assert [str(m) for m in get_messages(answer.wsgi_request)] == [f"Report {label}: Serbia: Licence exam"]
    report.refresh_from_db()
    assert (report.status, report.staff_note, report.resolved_by) == (decision, "Checked the law.", reviewer)
    assert report.resolved_at is not None


def test_the_decision_without_a_note_and_by_an_editor(client, editor, reviewer, live_path):
    report = report_on(live_path)
    client.force_login(editor)
    assert (
        client.post(admin_url(report, "resolve"), {"decision": "accepted"}).status_code
        == HTTPStatus.FORBIDDEN
    )
    client.force_login(reviewer)
    client.post(admin_url(report, "resolve"), {"decision": "accepted"})
    report.refresh_from_db()
    assert (report.status, report.staff_note) == ("accepted", "")
    assert client.get(admin_url(report, "resolve")).status_code == HTTPStatus.METHOD_NOT_ALLOWED


def test_the_report_tools_in_russian(reviewer_client, live_path):
    report = report_on(live_path)
    reviewer_client.post(reverse("admin-language"), {"language": "ru", "next": "/"})
    page = reviewer_client.get(admin_url(report, "change")).content.decode()
    assert "Начать черновую редакцию" in page and "Принять" in page and "Отклонить" in page


def test_an_editor_is_told_why_a_report_on_an_item_in_review_cannot_start_a_draft(editor_client):
    guide = make_guide(status=Status.IN_REVIEW)
    report = CorrectionReport.objects.create(guide=guide, message="A typo.")
    answer = editor_client.post(admin_url(report, "start_revision"))
    assert answer.url == admin_url(report, "change")
    assert [str(m) for m in get_messages(answer.wsgi_request)] == [
        "You may not change “A guide”: it is in review."
    ]
    report.refresh_from_db()
    assert report.fix_guide is None
