"""Deleting an item others point to is refused with a message; repointing keeps every history complete."""

from http import HTTPStatus

import pytest
from django.db.models import RestrictedError
from django.urls import reverse

from guides.curation.revisions import create_revision
from guides.models import Barrier, Country, RecognitionPath, Source, Status
from tests.factories import make_authority, make_barrier, make_path, make_source, make_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_with_barrier():
    path = make_path(slug="draft-route", status=Status.DRAFT)
    barrier = make_barrier(country=path.country, path=path)
    return path, barrier


def test_deleting_a_path_a_barrier_points_to_is_refused(draft_with_barrier):
    path, barrier = draft_with_barrier
    with pytest.raises(RestrictedError):
        path.delete()
    barrier.refresh_from_db()
    assert barrier.path == path


def test_the_admin_says_which_rows_point_at_the_path(admin_client, draft_with_barrier):
    path, barrier = draft_with_barrier
    url = reverse("admin:guides_recognitionpath_delete", args=[path.pk])
    page = admin_client.get(url).content.decode()
    assert "protected" in page and barrier.title in page
    admin_client.post(url, {"post": "yes"})
    assert RecognitionPath.objects.filter(pk=path.pk).exists()
    assert Barrier.objects.get().path == path
    assert Barrier.objects.get().history.count() == 1


def test_the_bulk_delete_action_is_refused_too(admin_client, draft_with_barrier):
    path, _ = draft_with_barrier
    response = admin_client.post(
        reverse("admin:guides_recognitionpath_changelist"),
        {"action": "delete_selected", "_selected_action": [path.pk], "post": "yes"},
    )
    assert response.status_code == HTTPStatus.OK
    assert RecognitionPath.objects.filter(pk=path.pk).exists()


def test_deleting_an_authority_that_paths_and_steps_name_is_refused():
    authority = make_authority()
    path = make_path(country=authority.country, authority=authority)
    make_step(path=path, authority=authority)
    with pytest.raises(RestrictedError):
        authority.delete()


def test_a_country_still_deletes_with_everything_it_holds(draft_with_barrier):
    path, _ = draft_with_barrier
    path.country.delete()
    assert not Country.objects.exists() and not Barrier.objects.exists()


def test_publishing_a_revision_repoints_barriers_with_a_history_entry(reviewer):
    live = make_path(status=Status.PUBLISHED)
    live.sources.add(Source.objects.first() or make_source())
    make_step(path=live)
    revision = create_revision(live, reviewer)
    barrier = make_barrier(country=live.country, path=revision)
    entries = barrier.history.count()
    revision.publish(reviewer)
    barrier.refresh_from_db()
    assert barrier.path == live
    assert barrier.history.count() == entries + 1
    latest = barrier.history.first()
    assert latest.path_id == live.pk and latest.history_user == reviewer
    assert "Published revision" in latest.history_change_reason


@pytest.mark.parametrize("shape", ["self", "cycle"])
def test_publishing_never_merges_a_path_into_itself_or_a_cycle(reviewer, shape):
    """A revision of itself (or two paths pointing at each other) written past validation: publishing
    is refused and deletes nothing, where it used to merge the path into itself and delete it."""
    from guides.curation.publishable import WorkflowError

    path = make_path(status=Status.DRAFT)
    path.sources.add(make_source())
    make_step(path=path)
    other = make_path(country=path.country, slug="other-route", status=Status.DRAFT, is_standard=False)
    if shape == "self":
        RecognitionPath.objects.filter(pk=path.pk).update(revision_of=path)
    else:
        RecognitionPath.objects.filter(pk=path.pk).update(revision_of=other)
        RecognitionPath.objects.filter(pk=other.pk).update(revision_of=path)
    path.refresh_from_db()
    with pytest.raises(WorkflowError, match="not a revision of a live item"):
        path.publish(reviewer)
    assert RecognitionPath.objects.filter(pk=path.pk).exists()
    assert path.steps.count() == 1
