"""The editorial workflow: transitions, refusals with reasons, draft revisions, history and revert."""

import datetime
from decimal import Decimal
from http import HTTPStatus

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from guides.curation.attention import mark_reviewed
from guides.curation.publishable import WorkflowError
from guides.curation.revisions import create_revision, revision_changes
from guides.models import Barrier, Country, Guide, RecognitionPath, Status, Step
from tests.factories import make_barrier, make_country, make_guide, make_path, make_source, make_step

pytestmark = pytest.mark.django_db


def admin_url(obj_or_model, action, *args):
    opts = obj_or_model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{action}", args=args)


def publishable_path(**overrides):
    """A path with a step and a source, so nothing but the workflow stands in its way."""
    overrides.setdefault("country", Country.objects.filter(iso2="de").first() or make_country())
    path = make_path(**overrides)
    path.sources.add(make_source(key=f"src-{path.slug}"))
    make_step(path=path, slug="apply", title="Apply", position=1, months_min=2, months_max=4)
    return path


# --- Transitions and refusals ---------------------------------------------------------------------


def test_editor_submits_a_draft_for_review(editor):
    path = publishable_path(status=Status.DRAFT)
    path.submit_for_review(editor)
    path.refresh_from_db()
    assert path.status == Status.IN_REVIEW


def test_submitting_twice_is_refused_with_the_status(reviewer):
    path = publishable_path(status=Status.IN_REVIEW)
    with pytest.raises(WorkflowError, match="is in review: it cannot be submitted for review"):
        path.submit_for_review(reviewer)


def test_editor_cannot_publish(editor):
    path = publishable_path(status=Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        path.publish(editor)
    path.refresh_from_db()
    assert path.status == Status.IN_REVIEW


def test_editor_cannot_submit_a_published_item(editor):
    path = publishable_path(status=Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        path.submit_for_review(editor)


def test_reviewer_publishes_an_item_in_review(reviewer):
    path = publishable_path(status=Status.IN_REVIEW)
    path.publish(reviewer)
    path.refresh_from_db()
    assert path.status == Status.PUBLISHED
    assert RecognitionPath.objects.published().filter(pk=path.pk).exists()


def test_publishing_a_guide_stamps_published_at(reviewer):
    guide = make_guide(status=Status.IN_REVIEW)
    with time_machine.travel(datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC), tick=False):
        guide.publish(reviewer)
    guide.refresh_from_db()
    assert guide.published_at == datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC)


def test_publishing_a_path_without_steps_is_refused_with_the_reason(reviewer):
    path = make_path(status=Status.IN_REVIEW, name="Knowledge test route")
    path.sources.add(make_source())
    with pytest.raises(WorkflowError) as excinfo:
        path.publish(reviewer)
    assert str(excinfo.value) == (
        "The path “Germany: Knowledge test route” has no steps: add at least one step before publishing."
    )
    path.refresh_from_db()
    assert path.status == Status.IN_REVIEW


def test_publishing_a_path_without_sources_is_refused_with_the_reason(reviewer):
    path = make_path(status=Status.DRAFT)
    make_step(path=path)
    with pytest.raises(WorkflowError, match="has no sources: cite at least one source"):
        path.publish(reviewer)


def test_reviewer_sends_an_item_back_to_draft(reviewer, editor):
    path = publishable_path(status=Status.IN_REVIEW)
    with pytest.raises(PermissionDenied):
        path.send_back_to_draft(editor)
    path.send_back_to_draft(reviewer)
    path.refresh_from_db()
    assert path.status == Status.DRAFT


def test_reviewer_unpublishes(reviewer):
    path = publishable_path(status=Status.PUBLISHED)
    path.unpublish(reviewer)
    path.refresh_from_db()
    assert path.status == Status.DRAFT
    with pytest.raises(WorkflowError, match="is draft: it cannot be unpublished"):
        path.unpublish(reviewer)


@time_machine.travel(datetime.date(2026, 11, 22), tick=False)
def test_mark_reviewed_sets_only_the_date_and_records_who(reviewer):
    path = publishable_path(status=Status.PUBLISHED, last_reviewed=datetime.date(2025, 1, 1))
    mark_reviewed(path, reviewer)
    path.refresh_from_db()
    assert path.last_reviewed == datetime.date(2026, 11, 22)
    record, previous = path.history.all()[:2]
    assert record.history_user == reviewer
    assert record.history_change_reason == "Marked reviewed"
    delta = record.diff_against(previous)
    assert delta.changed_fields == ["last_reviewed"]


def test_editor_cannot_mark_a_published_item_reviewed(editor):
    path = publishable_path(status=Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        mark_reviewed(path, editor)


# --- The same transitions through the admin -------------------------------------------------------


def test_publish_action_refuses_a_path_without_steps_and_says_why(reviewer_client):
    path = make_path(status=Status.IN_REVIEW)
    path.sources.add(make_source())
    response = reviewer_client.post(
        admin_url(RecognitionPath, "changelist"),
        {"action": "publish", "_selected_action": [path.pk]},
        follow=True,
    )
    assert "has no steps: add at least one step before publishing" in response.content.decode()
    path.refresh_from_db()
    assert path.status == Status.IN_REVIEW


def test_publish_action_publishes_many(reviewer_client):
    first = publishable_path(status=Status.IN_REVIEW, slug="first")
    second = make_guide(status=Status.DRAFT)
    reviewer_client.post(
        admin_url(RecognitionPath, "changelist"), {"action": "publish", "_selected_action": [first.pk]}
    )
    reviewer_client.post(
        admin_url(Guide, "changelist"), {"action": "publish", "_selected_action": [second.pk]}
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.PUBLISHED, Status.PUBLISHED)


def test_editor_has_no_publish_action(editor_client):
    response = editor_client.get(admin_url(RecognitionPath, "changelist"))
    actions = [choice[0] for choice in response.context["action_form"].fields["action"].choices]
    assert "submit_for_review" in actions
    assert "create_revision" in actions
    assert "publish" not in actions
    assert "unpublish" not in actions


def test_mark_reviewed_action_on_many_items(reviewer_client):
    paths = [publishable_path(slug=f"p{i}", last_reviewed=datetime.date(2024, 1, 1)) for i in range(3)]
    with time_machine.travel(datetime.date(2026, 11, 22), tick=False):
        reviewer_client.post(
            admin_url(RecognitionPath, "changelist"),
            {"action": "mark_reviewed_today", "_selected_action": [p.pk for p in paths]},
        )
    assert {p.last_reviewed for p in RecognitionPath.objects.all()} == {datetime.date(2026, 11, 22)}


def test_submit_button_on_the_change_page(editor_client):
    path = publishable_path(status=Status.DRAFT)
    change_page = editor_client.get(admin_url(path, "change", path.pk)).content.decode()
    submit_url = admin_url(path, "workflow", path.pk, "submit")
    assert f'action="{submit_url}"' in change_page
    assert editor_client.get(submit_url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    response = editor_client.post(submit_url)
    assert response.status_code == HTTPStatus.FOUND
    path.refresh_from_db()
    assert path.status == Status.IN_REVIEW


def test_publish_button_refusal_is_shown(reviewer_client):
    path = make_path(status=Status.IN_REVIEW)
    response = reviewer_client.post(admin_url(path, "workflow", path.pk, "publish"), follow=True)
    assert "has no steps" in response.content.decode()


def test_editor_cannot_use_the_publish_button(editor_client):
    path = publishable_path(status=Status.IN_REVIEW)
    response = editor_client.post(admin_url(path, "workflow", path.pk, "publish"))
    assert response.status_code == HTTPStatus.FORBIDDEN


def path_form_data(path, **overrides):
    data = {
        "country": path.country_id,
        "slug": path.slug,
        "name_en": path.name_en,
        "name_ru": "",
        "kind": path.kind,
        "outcome": path.outcome,
        "exam_required": "true",
        "confidence": "medium",
        "status": path.status,
        "steps-TOTAL_FORMS": "0",
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def test_path_form_refuses_publishing_without_a_source_naming_the_field(reviewer_client):
    path = make_path(status=Status.DRAFT)
    response = reviewer_client.post(
        admin_url(path, "change", path.pk), path_form_data(path, _publish="Save and publish")
    )
    assert response.status_code == HTTPStatus.OK
    assert response.context["adminform"].form.errors["sources"] == [
        f"The path “{path}” has no sources: cite at least one source before publishing."
    ]


def test_path_form_refuses_publishing_without_a_step(reviewer_client):
    path = make_path(status=Status.DRAFT)
    source = make_source()
    response = reviewer_client.post(
        admin_url(path, "change", path.pk),
        path_form_data(path, _publish="Save and publish", sources=[source.pk]),
    )
    assert response.status_code == HTTPStatus.OK
    assert "has no steps: add at least one step before publishing" in response.content.decode()
    path.refresh_from_db()
    assert path.status == Status.DRAFT


def test_reordering_steps_renumbers_positions(reviewer_client):
    path = make_path(status=Status.DRAFT)
    first = make_step(path=path, slug="first", title="First", position=10)
    second = make_step(path=path, slug="second", title="Second", position=20)
    data = path_form_data(path)
    data.update({"steps-TOTAL_FORMS": "2", "steps-INITIAL_FORMS": "2"})
    for i, (step, position) in enumerate([(first, 30), (second, 5)]):
        data.update(
            {
                f"steps-{i}-id": step.pk,
                f"steps-{i}-path": path.pk,
                f"steps-{i}-slug": step.slug,
                f"steps-{i}-title_en": step.title_en,
                f"steps-{i}-position": position,
                f"steps-{i}-confidence": "medium",
            }
        )
    response = reviewer_client.post(admin_url(path, "change", path.pk), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    assert list(path.steps.order_by("position").values_list("slug", "position")) == [
        ("second", 1),
        ("first", 2),
    ]


def test_path_admin_shows_derived_months_and_cost(reviewer_client):
    path = publishable_path(status=Status.DRAFT)
    make_step(path=path, slug="exam", title="Exam", position=2, months_min=3, months_max=5)
    page = reviewer_client.get(admin_url(path, "change", path.pk)).content.decode()
    assert "5–9 months (complete: every step has a time range)" in page


# --- Draft revisions ------------------------------------------------------------------------------


def test_editor_creates_a_draft_revision_with_steps_sources_and_translations(editor):
    live = publishable_path(status=Status.PUBLISHED, name_ru="Экзамен")
    revision = create_revision(live, editor)
    assert revision.pk != live.pk
    assert revision.revision_of == live
    assert revision.status == Status.DRAFT
    assert revision.slug == "exam-route-revision-1"
    assert revision.country == live.country
    assert (revision.name_en, revision.name_ru) == (live.name_en, "Экзамен")
    assert list(revision.sources.all()) == list(live.sources.all())
    assert [(s.slug, s.months_min) for s in revision.steps.all()] == [("apply", Decimal("2.0"))]
    assert live.steps.count() == 1
    assert list(RecognitionPath.objects.published()) == [live]


def test_revision_is_refused_for_drafts_and_when_one_is_open(editor):
    draft = publishable_path(status=Status.DRAFT, slug="draft")
    with pytest.raises(WorkflowError, match="is draft"):
        create_revision(draft, editor)
    live = publishable_path(status=Status.PUBLISHED)
    create_revision(live, editor)
    with pytest.raises(WorkflowError, match="already has a draft revision"):
        create_revision(live, editor)


def test_revision_is_not_public(client, editor):
    live = publishable_path(status=Status.PUBLISHED)
    revision = create_revision(live, editor)
    revision.name_en = "Secret new route name"
    revision.save()
    revision.submit_for_review(editor)
    response = client.get(live.country.get_absolute_url())
    assert "Secret new route name" not in response.content.decode()


def test_publishing_a_revision_keeps_the_natural_key_and_url_and_replaces_the_steps(editor, reviewer):
    live = publishable_path(status=Status.PUBLISHED, last_reviewed=datetime.date(2026, 1, 1))
    make_step(path=live, slug="gone", title="Gone", position=2)
    url, natural_key, pk = live.get_absolute_url(), live.natural_key(), live.pk

    revision = create_revision(live, editor)
    step = revision.steps.get(slug="apply")
    step.months_min = Decimal("8")
    step.months_max = Decimal("12")
    step.save()
    revision.steps.get(slug="gone").delete()
    make_step(path=revision, slug="new", title="New", position=3)
    revision.summary_en = "Updated after the 2026 rules."
    revision.save()
    revision.submit_for_review(editor)

    changes, step_changes = revision_changes(revision)
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Summary [en]", "—", "Updated after the 2026 rules.")
    ]
    assert [(s.title, s.kind) for s in step_changes] == [
        ("Apply", "changed"),
        ("New", "added"),
        ("Gone", "removed"),
    ]

    published = revision.publish(reviewer)

    assert published.pk == pk
    live.refresh_from_db()
    assert live.natural_key() == natural_key
    assert live.get_absolute_url() == url
    assert live.status == Status.PUBLISHED
    assert live.summary_en == "Updated after the 2026 rules."
    assert [(s.slug, s.months_min, s.months_max) for s in live.steps.order_by("position")] == [
        ("apply", Decimal("8.0"), Decimal("12.0")),
        ("new", None, None),
    ]
    assert not RecognitionPath.objects.filter(pk=revision.pk).exists()
    assert RecognitionPath.objects.count() == 1
    assert Step.objects.count() == 2
    record, previous = live.history.all()[:2]
    assert record.history_user == reviewer
    assert record.history_change_reason == "Published revision exam-route-revision-1"
    assert "summary_en" in record.diff_against(previous).changed_fields


def test_publishing_a_guide_revision_keeps_slug_url_and_publication_date(editor, reviewer):
    first_published = datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC)
    live = make_guide(status=Status.PUBLISHED, published_at=first_published, title_ru="Гид")
    revision = create_revision(live, editor)
    revision.title_en = "A better guide"
    revision.save()
    revision.publish(reviewer)
    live.refresh_from_db()
    assert (live.slug, live.get_absolute_url()) == ("a-guide", "/guides/a-guide/")
    assert (live.title_en, live.title_ru) == ("A better guide", "Гид")
    assert live.published_at == first_published
    assert Guide.objects.count() == 1


def live_barrier(**overrides):
    overrides.setdefault("country", Country.objects.filter(iso2="rs").first() or make_country(iso2="rs"))
    fields = {"slug": "permits", "category": "legal_status", "severity": 3, "title": "Work permit"}
    barrier = make_barrier(**{**fields, **overrides})
    barrier.sources.add(make_source(key=f"src-{barrier.slug}"))
    return barrier


def test_a_barrier_revision_is_made_edited_and_published_into_the_live_row(editor_client, editor, reviewer):
    live = live_barrier(title_ru="Разрешение на работу", last_reviewed=datetime.date(2026, 1, 1))
    natural_key, pk, url = live.natural_key(), live.pk, live.country.get_absolute_url()
    page = editor_client.get(admin_url(live, "change", live.pk)).content.decode()
    revise_url = admin_url(live, "workflow", live.pk, "revise")
    assert f'action="{revise_url}"' in page
    response = editor_client.post(revise_url)
    revision = Barrier.objects.get(revision_of=live)
    assert response["Location"] == admin_url(revision, "change", revision.pk)
    assert (revision.slug, revision.status, revision.country) == ("permits-revision-1", "draft", live.country)
    assert (revision.title_en, revision.title_ru) == ("Work permit", "Разрешение на работу")
    assert list(revision.sources.all()) == list(live.sources.all())
    assert list(Barrier.objects.published()) == [live]
    with pytest.raises(WorkflowError, match="already has a draft revision"):
        create_revision(live, editor)

    revision.severity = 4
    revision.detail_en = "Permits take 8 months."
    revision.save()
    revision.submit_for_review(editor)
    changes, child_changes = revision_changes(revision)
    assert [(c.label, c.old, c.new) for c in changes] == [
        ("Severity", "3", "4"),
        ("Detail [en]", "—", "Permits take 8 months."),
    ]
    assert child_changes == []

    published = revision.publish(reviewer)
    assert published.pk == pk
    live.refresh_from_db()
    assert (live.natural_key(), live.country.get_absolute_url()) == (natural_key, url)
    assert (live.status, live.severity, live.detail_en) == ("published", 4, "Permits take 8 months.")
    assert live.last_reviewed == datetime.date.today()
    assert not Barrier.objects.filter(pk=revision.pk).exists()
    assert Barrier.objects.count() == 1
    record, previous = live.history.all()[:2]
    assert record.history_user == reviewer
    assert record.history_change_reason == "Published revision permits-revision-1"
    assert {"severity", "detail_en"} <= set(record.diff_against(previous).changed_fields)


def test_the_barrier_admin_offers_the_revision_workflow(editor, reviewer_client):
    live = live_barrier(detail="Permits take 6 months after arrival.")
    changelist = reviewer_client.get(admin_url(Barrier, "changelist")).content.decode()
    assert '<option value="create_revision">Create a draft revision</option>' in changelist
    revision = create_revision(live, editor)
    revision.detail_en = "Permits take 8 months after arrival."
    revision.save()
    revision.submit_for_review(editor)
    page = reviewer_client.get(admin_url(revision, "change", revision.pk)).content.decode()
    assert "what publishing it would change" in page
    assert "Permits take <del>6</del> months after arrival." in page
    assert "Permits take <ins>8</ins> months after arrival." in page
    assert admin_url(revision, "publish_with_note", revision.pk) in page
    live_page = reviewer_client.get(admin_url(live, "change", live.pk)).content.decode()
    assert f'href="{admin_url(revision, "change", revision.pk)}">permits-revision-1</a>' in live_page
    revisions = reviewer_client.get(admin_url(Barrier, "changelist") + "?revision=yes").content.decode()
    assert f"/barrier/{revision.pk}/change/" in revisions and f"/barrier/{live.pk}/change/" not in revisions
    inbox = reviewer_client.get(reverse("admin:index")).content.decode()
    waiting = inbox[inbox.index("Waiting for review") :]
    assert f"/barrier/{revision.pk}/change/" in waiting


def test_the_country_page_lists_its_live_barriers_and_not_their_revisions(editor, superuser, client):
    live = live_barrier()
    create_revision(live, editor)
    client.force_login(superuser)
    response = client.get(admin_url(live.country, "change", live.country.pk))
    formset = next(f for f in response.context["inline_admin_formsets"] if f.formset.model is Barrier)
    assert [form.instance for form in formset.formset.forms] == [live]


def test_a_barrier_revision_is_on_no_public_page_and_in_no_open_data(client, editor):
    from tests.guides.destinations import make_destinations

    make_destinations()
    live = Barrier.objects.get(country__iso2="ge", slug="jobs")
    live.sources.add(make_source(key="ge-jobs"))
    revision = create_revision(live, editor)
    revision.title_en = "Secret revised barrier"
    revision.severity = 5
    revision.save()
    revision.submit_for_review(editor)
    pages = {
        "country": reverse("guides:destination-detail", args=["ge"]),
        "cards": reverse("guides:destination-list"),
        "compare": reverse("guides:compare") + "?c=ge&c=rs",
        "plan": reverse("guides:plan") + "?specialty=surgery&lang=ru:native&years=3&residency=1",
        "sources": reverse("guides:source-list"),
        "open data": "/data/starter.json",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, name
        text = response.content.decode()
        assert "Secret revised barrier" not in text, name
        assert "jobs-revision-1" not in text, name
    assert "Few posts" in client.get(pages["country"]).content.decode()
    assert "Few posts" in client.get(pages["plan"]).content.decode()


def test_a_barrier_revision_is_not_counted_in_the_data_gaps(editor):
    from guides.curation.gaps import data_gaps

    live = live_barrier(confidence="low")
    before = next(row for row in data_gaps().countries if row.iso2 == "rs")
    create_revision(live, editor)
    after = next(row for row in data_gaps().countries if row.iso2 == "rs")
    assert (after.stale_items, after.low_confidence_without_reason) == (
        before.stale_items,
        before.low_confidence_without_reason,
    )
    assert before.low_confidence_without_reason == 1


def test_reviewer_sees_the_difference_on_the_revision_page(editor, reviewer_client):
    live = publishable_path(status=Status.PUBLISHED)
    revision = create_revision(live, editor)
    step = revision.steps.get()
    step.months_min = Decimal("8")
    step.months_max = Decimal("12")
    step.save()
    page = reviewer_client.get(admin_url(revision, "change", revision.pk)).content.decode()
    assert "what publishing it would change" in page
    assert "Step “Apply”: Minimum months" in page
    assert "<del>2.0</del>" in page
    assert "<ins>8.0</ins>" in page
    # Publishing goes through the form that asks for the change note.
    assert admin_url(revision, "publish_with_note", revision.pk) in page


def test_editor_creates_a_revision_from_the_read_only_live_page(editor_client):
    live = publishable_path(status=Status.PUBLISHED)
    page = editor_client.get(admin_url(live, "change", live.pk)).content.decode()
    revise_url = admin_url(live, "workflow", live.pk, "revise")
    assert f'action="{revise_url}"' in page
    assert 'name="_save"' not in page  # the live item itself is read-only for an Editor
    response = editor_client.post(revise_url)
    revision = RecognitionPath.objects.get(revision_of=live)
    assert response["Location"] == admin_url(revision, "change", revision.pk)


# --- Previews for staff ---------------------------------------------------------------------------


def test_view_on_site_is_a_staff_preview_for_drafts_and_the_public_page_once_published(
    editor_client, reviewer
):
    live = publishable_path(status=Status.PUBLISHED)
    page = editor_client.get(admin_url(live, "change", live.pk)).content.decode()
    assert f'href="{live.get_absolute_url()}"' in page
    revision = create_revision(live, reviewer)
    preview_url = admin_url(revision, "preview", revision.pk)
    page = editor_client.get(admin_url(revision, "change", revision.pk)).content.decode()
    assert f'href="{preview_url}"' in page
    preview = editor_client.get(preview_url)
    assert preview.status_code == HTTPStatus.OK
    assert "Readers do not see this item until it is published." in preview.content.decode()
    assert "Apply" in preview.content.decode()


def test_preview_needs_a_staff_login(client):
    path = publishable_path(status=Status.DRAFT)
    response = client.get(admin_url(path, "preview", path.pk))
    assert response.status_code == HTTPStatus.FOUND
    assert reverse("admin:login") in response["Location"]


def test_guide_preview_renders_the_markdown(reviewer_client):
    guide = make_guide(status=Status.DRAFT, body="Some *text*.")
    page = reviewer_client.get(admin_url(guide, "change", guide.pk)).content.decode()
    assert "<em>text</em>" in page
    preview = reviewer_client.get(admin_url(guide, "preview", guide.pk)).content.decode()
    assert "<em>text</em>" in preview


# --- History and revert ---------------------------------------------------------------------------


def test_history_page_shows_who_which_fields_and_old_and_new_values(reviewer_client, reviewer):
    path = publishable_path(status=Status.DRAFT, name_ru="Старое имя")
    path.name_ru = "Новое имя"
    path._history_user = reviewer
    path.save()
    page = reviewer_client.get(admin_url(path, "history", path.pk)).content.decode()
    assert "reviewer" in page
    assert "Name [ru]" in page
    # The changed word is marked (guides/curation/worddiff.py).
    assert "<del>Старое</del> имя" in page
    assert "<ins>Новое</ins> имя" in page


def test_reviewer_reverts_to_an_earlier_version(reviewer_client):
    path = publishable_path(status=Status.DRAFT, name_en="Original name")
    original = path.history.first()
    path.name_en = "Mistaken name"
    path.save()
    form_url = admin_url(path, "simple_history", path.pk, original.history_id)
    form = reviewer_client.get(form_url)
    assert form.status_code == HTTPStatus.OK
    data = path_form_data(path, name_en="Original name")
    data["sources"] = [s.pk for s in path.sources.all()]
    response = reviewer_client.post(form_url, data)
    assert response.status_code == HTTPStatus.FOUND
    path.refresh_from_db()
    assert path.name_en == "Original name"


def test_editor_may_not_revert(editor_client):
    path = publishable_path(status=Status.PUBLISHED, name_en="Original name")
    original = path.history.first()
    path.name_en = "Changed by a reviewer"
    path.save()
    form_url = admin_url(path, "simple_history", path.pk, original.history_id)
    response = editor_client.post(form_url, path_form_data(path, name_en="Original name"))
    assert response.status_code == HTTPStatus.FORBIDDEN
    path.refresh_from_db()
    assert path.name_en == "Changed by a reviewer"


def test_editor_may_not_revert_even_a_draft(editor_client):
    path = publishable_path(status=Status.DRAFT, name_en="Original name")
    original = path.history.first()
    path.name_en = "Edited"
    path.save()
    form_url = admin_url(path, "simple_history", path.pk, original.history_id)
    response = editor_client.post(form_url, path_form_data(path, name_en="Original name"))
    assert response.status_code == HTTPStatus.FORBIDDEN


# --- The whole cycle, as the "done when" describes it -------------------------------------


def inline_step_data(path, steps, **changes):
    data = path_form_data(path)
    data["sources"] = [s.pk for s in path.sources.all()]
    data.update({"steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": str(len(steps))})
    for i, step in enumerate(steps):
        data.update(
            {
                f"steps-{i}-id": step.pk,
                f"steps-{i}-path": path.pk,
                f"steps-{i}-slug": step.slug,
                f"steps-{i}-title_en": step.title_en,
                f"steps-{i}-position": step.position,
                f"steps-{i}-months_min": step.months_min or "",
                f"steps-{i}-months_max": step.months_max or "",
                f"steps-{i}-confidence": step.confidence,
            }
        )
        data.update({f"steps-{i}-{name}": value for name, value in changes.get(step.slug, {}).items()})
    return data


def test_full_cycle_editor_revises_reviewer_publishes_public_page_shows_it(client, editor, reviewer):
    serbia = make_country(iso2="rs", name="Serbia", region="europe_other")
    live = publishable_path(country=serbia, slug="licence", name="Licence", status=Status.PUBLISHED)

    client.force_login(editor)
    client.post(admin_url(live, "workflow", live.pk, "revise"))
    revision = RecognitionPath.objects.get(revision_of=live)
    response = client.post(
        admin_url(revision, "change", revision.pk),
        inline_step_data(revision, list(revision.steps.all()), apply={"months_min": "9", "months_max": "14"}),
    )
    assert response.status_code == HTTPStatus.FOUND, response.context["errors"]
    client.post(admin_url(revision, "workflow", revision.pk, "submit"))
    revision.refresh_from_db()
    assert revision.status == Status.IN_REVIEW

    client.force_login(reviewer)
    page = client.get(admin_url(revision, "change", revision.pk)).content.decode()
    assert "<del>2.0</del>" in page and "<ins>9.0</ins>" in page
    client.post(admin_url(revision, "workflow", revision.pk, "publish"))

    client.logout()
    public = client.get("/destinations/rs/")
    assert public.status_code == HTTPStatus.OK
    assert "9–14 months" in public.content.decode()
    assert live.steps.get().months_min == Decimal("9.0")
    assert RecognitionPath.objects.published().get() == live
    report = client.post(
        "/report/",
        {"country": "rs", "path": "licence", "message": "Now 9 to 14 months."},
        HTTP_ORIGIN="http://testserver",
    )
    assert report.status_code == HTTPStatus.OK
    client.force_login(reviewer)
    queue = client.get(reverse("admin:guides_correctionreport_changelist")).content.decode()
    assert "Now 9 to 14 months." in queue


@pytest.mark.parametrize("model", [RecognitionPath, Barrier, Guide])
def test_a_revision_keeps_the_live_items_country_and_slug(editor_client, editor, model):
    makers = {RecognitionPath: lambda: publishable_path(status=Status.PUBLISHED), Barrier: live_barrier}
    live = makers.get(model, make_guide)()
    revision = create_revision(live, editor)
    response = editor_client.get(admin_url(revision, "change", revision.pk))
    assert response.status_code == HTTPStatus.OK
    form = response.context["adminform"].form
    assert "slug" not in form.fields
    assert "country" not in form.fields
    assert "status" not in form.fields


def test_actions_say_which_items_were_refused_and_why(editor_client):
    draft = publishable_path(status=Status.DRAFT, slug="draft", name="Draft route")
    live = publishable_path(status=Status.PUBLISHED, slug="live", name="Live route")
    response = editor_client.post(
        admin_url(RecognitionPath, "changelist"),
        {"action": "submit_for_review", "_selected_action": [draft.pk, live.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "You may not change “Germany: Live route”: it is published." in page
    assert "1 item submitted for review." in page
    draft.refresh_from_db()
    live.refresh_from_db()
    assert (draft.status, live.status) == (Status.IN_REVIEW, Status.PUBLISHED)


def test_history_records_which_sources_an_item_cited(reviewer_client, reviewer):
    path = publishable_path(status=Status.DRAFT)
    old_source = path.sources.get()
    new_source = make_source(key="ministry-2026", title="Ministry notice 2026")
    data = path_form_data(path, sources=[new_source.pk])
    response = reviewer_client.post(admin_url(path, "change", path.pk), data)
    assert response.status_code == HTTPStatus.FOUND
    latest = path.history.first()
    assert list(latest.sources.values_list("source__key", flat=True)) == ["ministry-2026"]
    assert latest.history_user == reviewer
    page = reviewer_client.get(admin_url(path, "history", path.pk)).content.decode()
    assert "Sources:" in page
    assert old_source.title in page
    assert "Ministry notice 2026" in page
    assert "Caveat [ru]" not in page  # an empty translation saved as "" instead of NULL is no change


# --- Every way of publishing goes through the one transition --------------------------------------


def guide_form_data(guide) -> dict:
    return {
        "slug": guide.slug,
        "title_en": guide.title_en,
        "title_ru": "",
        "summary_en": "",
        "summary_ru": "",
        "body_en": guide.body_en,
        "body_ru": "",
        "author_name": "",
        "confidence": "medium",
        "caveat_en": "",
        "caveat_ru": "",
        "_publish": "Save and publish",
    }


def publish_by_action(client, guide):
    data = {"action": "publish", "_selected_action": [guide.pk]}
    return client.post(admin_url(Guide, "changelist"), data)


def publish_by_button(client, guide):
    return client.post(admin_url(guide, "workflow", guide.pk, "publish"))


def publish_by_form(client, guide):
    return client.post(admin_url(guide, "change", guide.pk), guide_form_data(guide))


@pytest.mark.parametrize("way", [publish_by_action, publish_by_button, publish_by_form])
def test_every_way_of_publishing_stamps_published_at_and_records_it_once(reviewer_client, way):
    guide = make_guide(status=Status.IN_REVIEW)
    assert guide.published_at is None
    response = way(reviewer_client, guide)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:2000]
    guide.refresh_from_db()
    assert guide.status == Status.PUBLISHED
    assert guide.published_at is not None
    publications = guide.history.filter(history_change_reason="Published")
    assert publications.count() == 1
    assert publications.get().status == Status.PUBLISHED


def test_the_form_cannot_publish_through_the_status_field(reviewer_client):
    guide = make_guide(status=Status.DRAFT)
    data = {**guide_form_data(guide), "status": "published"}
    del data["_publish"]
    reviewer_client.post(admin_url(guide, "change", guide.pk), data)
    guide.refresh_from_db()
    assert guide.status == Status.DRAFT and guide.published_at is None
