"""The review conversation: notes on submit and send-back, kept in history, shown on the item and in
the inbox; confirmations that name what happened; publishing sets "last reviewed"; a Reviewer's edit of
someone's draft is a recorded step."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guides.curation.models import ReviewEvent
from guides.curation.revisions import create_revision
from guides.models import RecognitionPath, Status
from tests.factories import make_country, make_path, make_source, make_step

pytestmark = pytest.mark.django_db

NOTE = "The Ministry lowered the threshold from 14 to 10 years (circular of 2026-11-20)."


def admin_url(obj, action, *args):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=[obj.pk, *args])


def israel_path(**overrides):
    israel = make_country(iso2="il", name="Israel", name_ru="Израиль", region="middle_east")
    fields = {
        "country": israel,
        "slug": "experienced-exemption",
        "name": "Experienced-doctor exemption",
        "name_ru": "Освобождение для опытных врачей",
        "kind": "document_review",
        "exam_required": False,
        "status": Status.DRAFT,
    }
    path = make_path(**{**fields, **overrides})
    path.sources.add(make_source(key="moh-2026"))
    make_step(path=path, slug="apply", title="Apply", months_min=2, months_max=4)
    return path


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_submit_with_a_note_keeps_it_in_history_and_says_what_happened(editor_client, editor):
    path = israel_path()
    answer = editor_client.post(admin_url(path, "workflow", "submit"), {"note": NOTE})
    assert answer.status_code == HTTPStatus.FOUND
    assert messages_of(answer) == ["Submitted for review: Israel — Experienced-doctor exemption"]
    path.refresh_from_db()
    assert path.status == Status.IN_REVIEW
    event = ReviewEvent.objects.for_item(path).get()
    assert (event.action, event.user, event.note) == (ReviewEvent.Action.SUBMITTED, editor, NOTE)
    reason = path.history.first().history_change_reason
    assert reason.startswith("Submitted for review: The Ministry lowered")
    assert len(reason) <= 100  # simple-history's column is a varchar(100) on PostgreSQL


def test_send_back_keeps_the_reviewers_reason_and_the_editor_sees_it(
    client, editor, reviewer, django_assert_max_num_queries
):
    path = israel_path()
    path.submit_for_review(editor, NOTE)
    client.force_login(reviewer)
    answer = client.post(admin_url(path, "workflow", "send-back"), {"note": "Cite the circular itself."})
    assert messages_of(answer) == ["Sent back to draft: Israel — Experienced-doctor exemption"]
    path.refresh_from_db()
    assert path.status == Status.DRAFT
    assert path.history.first().history_change_reason == "Sent back to draft: Cite the circular itself."

    client.force_login(editor)
    page = client.get(admin_url(path, "change")).content.decode()
    assert 'id="review-history-heading"' in page
    assert "Cite the circular itself." in page and NOTE in page
    # The editor's inbox lists it as sent back, with the reviewer and the reason.
    with django_assert_max_num_queries(60):
        index = client.get(reverse("admin:index")).content.decode()
    panel = index.split('id="needs-attention"')[1]
    sent_back = panel.split("Sent back to draft</h3>")[1]
    assert "Israel: Experienced-doctor exemption" in sent_back
    assert "reviewer" in sent_back and "Cite the circular itself." in sent_back


def test_the_inbox_shows_who_submitted_when_and_their_note(reviewer_client, editor):
    with time_machine.travel(datetime.datetime(2026, 11, 30, 9, 15, tzinfo=datetime.UTC)):
        path = israel_path()
        path.submit_for_review(editor, NOTE)
    panel = reviewer_client.get(reverse("admin:index")).content.decode().split('id="needs-attention"')[1]
    waiting = panel.split("Waiting for review</h3>")[1].split("</ul>")[0]
    assert "Israel: Experienced-doctor exemption" in waiting
    assert "Submitted for review: editor, 2026-11-30 09:15" in waiting
    assert NOTE in waiting


def test_inbox_queries_do_not_grow_with_the_items_waiting(reviewer_client, editor, django_assert_num_queries):
    israel_path().submit_for_review(editor, "one")
    reviewer_client.get(reverse("admin:index"))
    with CaptureQueriesContext(connection) as few:
        reviewer_client.get(reverse("admin:index"))
    for number in range(5):
        israel = RecognitionPath.objects.get(slug="experienced-exemption").country
        path = make_path(country=israel, slug=f"route-{number}", status=Status.DRAFT)
        path.sources.add(make_source(key=f"src-{number}"))
        make_step(path=path, slug="apply", title="Apply")
        path.submit_for_review(editor, f"note {number}")
    with django_assert_num_queries(len(few.captured_queries)):
        reviewer_client.get(reverse("admin:index"))


def test_the_russian_admin_confirms_in_russian(editor_client):
    path = israel_path()
    editor_client.post(reverse("admin-language"), {"language": "ru", "next": "/"})
    answer = editor_client.post(admin_url(path, "workflow", "submit"), {"note": "Порог снижен."})
    assert messages_of(answer) == ["Отправлено на проверку: Израиль — Освобождение для опытных врачей"]
    page = editor_client.get(admin_url(path, "change")).content.decode()
    assert "История проверки" in page and "Порог снижен." in page


def test_publishing_sets_last_reviewed_to_today(reviewer_client):
    path = israel_path(last_reviewed=datetime.date(2025, 1, 1), status=Status.IN_REVIEW)
    with time_machine.travel(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC)):
        answer = reviewer_client.post(admin_url(path, "publish_with_note"), {"change_note_en": ""})
    assert messages_of(answer) == ["Published: Israel — Experienced-doctor exemption"]
    path.refresh_from_db()
    assert (path.status, path.last_reviewed) == (Status.PUBLISHED, datetime.date(2026, 12, 1))
    assert ReviewEvent.objects.for_item(path).get().action == ReviewEvent.Action.PUBLISHED


def test_a_published_revision_hands_its_conversation_to_the_live_item(editor, reviewer):
    live = israel_path(status=Status.PUBLISHED, last_reviewed=datetime.date(2025, 1, 1))
    revision = create_revision(live, editor)
    revision.submit_for_review(editor, NOTE)
    revision.publish(reviewer)
    live.refresh_from_db()
    assert live.last_reviewed == datetime.date.today()
    actions = list(ReviewEvent.objects.for_item(live).values_list("action", "note"))
    assert actions == [(ReviewEvent.Action.PUBLISHED, ""), (ReviewEvent.Action.SUBMITTED, NOTE)]


def change_form_data(path, **changes):
    data = {
        "country": path.country_id,
        "slug": path.slug,
        "name_en": path.name_en,
        "name_ru": path.name_ru,
        "kind": path.kind,
        "outcome": path.outcome,
        "confidence": path.confidence,
        "sources": [s.pk for s in path.sources.all()],
        "steps-TOTAL_FORMS": 0,
        "steps-INITIAL_FORMS": 0,
        "_continue": "1",
    }
    return {**data, **changes}


def test_a_reviewers_edit_of_an_editors_draft_is_a_recorded_step(client, editor, reviewer):
    path = israel_path()
    path.name_en = "Exemption for experienced doctors"
    path._history_user = editor
    path.save()
    path.submit_for_review(editor, NOTE)
    client.force_login(reviewer)
    form = client.get(admin_url(path, "change")).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(change_form_data(path, summary_en="Ten years of practice suffice."))
    data["sources"] = [s.pk for s in path.sources.all()]
    data.pop("revision_of", None)
    answer = client.post(admin_url(path, "change"), data)
    assert answer.status_code == HTTPStatus.FOUND, answer.context["adminform"].form.errors
    event = ReviewEvent.objects.for_item(path).first()
    assert (event.action, event.user) == (ReviewEvent.Action.REVIEWER_EDIT, reviewer)
    assert "Summary" in event.note
    assert any("draft of editor" in message for message in messages_of(answer))
    assert "Changed by a Reviewer" in client.get(admin_url(path, "change")).content.decode()


def test_a_reviewers_save_of_their_own_draft_is_not_an_event(reviewer_client, reviewer):
    path = israel_path()
    path._history_user = reviewer
    path.save()
    path.history.exclude(history_user=reviewer).update(history_user=reviewer)
    form = reviewer_client.get(admin_url(path, "change")).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(change_form_data(path, summary_en="Ten years."))
    data.pop("revision_of", None)
    answer = reviewer_client.post(admin_url(path, "change"), data)
    assert answer.status_code == HTTPStatus.FOUND
    assert not ReviewEvent.objects.for_item(path).exists()


def test_a_reviewers_edit_of_a_step_of_an_editors_draft_is_recorded_on_the_path(client, editor, reviewer):
    path = israel_path()
    path._history_user = editor
    path.save()
    step = path.steps.get()
    client.force_login(reviewer)
    url = reverse("admin:guides_step_change", args=[step.pk])
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update({"path": path.pk, "months_max": "6", "sources": [], "documents": []})
    answer = client.post(url, data)
    assert answer.status_code == HTTPStatus.FOUND, answer.context["adminform"].form.errors
    event = ReviewEvent.objects.for_item(path).get()
    assert (event.action, event.user) == (ReviewEvent.Action.REVIEWER_EDIT, reviewer)
    assert event.note == "Changed: Apply: Maximum months"


def test_a_reviewer_saves_and_publishes_a_revision_with_its_note_in_one_step(reviewer_client, editor):
    """Editing a draft revision and publishing it is one form: the content moves into the live item,
    the public note is recorded on the live item, and the page that follows is the live item's."""
    from guides.changes.models import ChangeNote

    live = israel_path(status=Status.PUBLISHED, last_reviewed=datetime.date(2026, 1, 5))
    revision = create_revision(live, editor)
    revision.submit_for_review(editor, NOTE)
    page = reviewer_client.get(admin_url(revision, "change"))
    assert 'name="_publish"' in page.content.decode()
    form = page.context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    data.update(change_form_data(revision, summary_en="Eight years of practice suffice."))
    data.pop("revision_of", None)
    data.pop("_continue")
    steps = page.context["inline_admin_formsets"][0].formset
    data.update({f"steps-{key}": value for key, value in steps.management_form.initial.items()})
    for step_form in steps.forms:
        data[step_form.add_prefix("id")] = step_form.instance.pk
        data[step_form.add_prefix("path")] = revision.pk
        for name, value in step_form.initial.items():
            if value is not None and name in step_form.fields:
                data[step_form.add_prefix(name)] = (
                    value if not isinstance(value, list) else [v.pk for v in value]
                )
    data.update(
        _publish="1",
        change_material="on",
        change_note_en="Threshold lowered to eight years.",
        change_note_ru="Порог снижен до восьми лет.",
    )
    answer = reviewer_client.post(admin_url(revision, "change"), data)
    assert answer.status_code == HTTPStatus.FOUND, answer.context["errors"]
    assert answer.url == admin_url(live, "change")
    live.refresh_from_db()
    assert live.summary_en == "Eight years of practice suffice."
    assert live.last_reviewed == datetime.date.today()
    assert not RecognitionPath.objects.filter(revision_of=live).exists()
    note = ChangeNote.objects.get()
    assert (note.note_en, note.material, note.item_key) == (
        "Threshold lowered to eight years.",
        True,
        "il/experienced-exemption",
    )
    assert any("Published" in message for message in messages_of(answer))
    # The Reviewer changed the Editor's summary: that is recorded; the public note is not an edit.
    edit = ReviewEvent.objects.filter(action=ReviewEvent.Action.REVIEWER_EDIT).get()
    assert "Summary" in edit.note and "note" not in edit.note.lower()


def test_an_editor_saves_a_new_barrier_and_submits_it_with_a_note_in_one_step(editor_client, editor):
    """The add form's "Save and submit for review" saves the draft, submits it with the note, and
    opens the item's page, where its status and the note show."""
    from guides.models import Barrier

    country = make_country(iso2="rs", name="Serbia", name_ru="Сербия", region="europe_other")
    source = make_source(key="rs-azk")
    page = editor_client.get(reverse("admin:guides_barrier_add")).content.decode()
    assert 'name="_submit"' in page and 'name="submit_note"' in page
    answer = editor_client.post(
        reverse("admin:guides_barrier_add"),
        {
            "country": country.pk,
            "slug": "apostille",
            "category": "documents",
            "severity": 3,
            "title_en": "Apostille on the diploma required",
            "title_ru": "Требуется апостиль на диплом",
            "confidence": "medium",
            "sources": [source.pk],
            "submit_note": "From the ENIC page, see the source.",
            "_submit": "1",
        },
    )
    barrier = Barrier.objects.get(slug="apostille")
    assert answer.status_code == HTTPStatus.FOUND and answer.url == admin_url(barrier, "change")
    assert barrier.status == Status.IN_REVIEW
    event = ReviewEvent.objects.for_item(barrier).get()
    assert (event.action, event.user, event.note) == (
        "submitted",
        editor,
        "From the ENIC page, see the source.",
    )
    assert any("Submitted for review" in message for message in messages_of(answer))
    # In review, the Editor's form offers it no more.
    assert 'name="_submit"' not in editor_client.get(admin_url(barrier, "change")).content.decode()
