"""A country's export imports again after a change was published (its change note holds a list), a
barrier's draft revision keeps its natural key both ways, and an import refused for an item's review
status says what the file would have changed in it."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from guides.changes.models import ChangeNote
from guides.curation.revisions import create_revision
from guides.exchange.importer import import_fixture
from guides.models import Barrier, Status
from tests.factories import make_barrier, make_country

pytestmark = pytest.mark.django_db


@pytest.fixture
def serbia():
    country = make_country(iso2="rs", name="Serbia", region="europe_other")
    barrier = make_barrier(country=country, slug="permits", title="Work permit", severity=3)
    note = ChangeNote.objects.create(
        key="2026-12-01-barrier-rs-permits",
        published_on=datetime.date(2026, 12, 1),
        item_model="guides.barrier",
        item_key="rs/permits",
        item_name="Work permit",
        note_en="Permits take longer.",
        material=True,
        changed_fields=["severity", "title"],
    )
    note.countries.add(country)
    return country, barrier


def export_serbia() -> list:
    out = io.StringIO()
    call_command("export_fixtures", output="-", country=["rs"], stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


@pytest.mark.parametrize("direct", [False, True], ids=["through review", "direct"])
def test_an_export_with_a_change_note_imports_again_unchanged(serbia, direct):
    data = export_serbia()
    [note] = [r["fields"] for r in data if r["model"] == "guides.changenote"]
    assert note["changed_fields"] == ["severity", "title"]
    result = import_fixture(json.dumps(data).encode(), dry_run=True, direct=direct)
    assert result.problems == []
    assert sum(result.unchanged.values()) == len(data)


def test_a_change_note_field_holding_a_list_is_imported(serbia):
    data = export_serbia()
    ChangeNote.objects.all().delete()
    result = import_fixture(json.dumps(data).encode(), direct=True)
    assert result.ok and result.written
    assert ChangeNote.objects.get().changed_fields == ["severity", "title"]


def test_a_refused_change_names_the_fields_the_file_would_change(serbia, editor):
    """Refused because the barrier's draft revision is in review (this test once relied on a published
    barrier being refused outright; a changed published barrier now becomes a draft revision)."""
    _country, barrier = serbia
    data = export_serbia()
    create_revision(barrier, editor).submit_for_review(editor)
    record = next(r for r in data if r["model"] == "guides.barrier")
    record["fields"].update(title="Work permit (8+ months)", title_en="Work permit (8+ months)", severity=4)
    result = import_fixture(json.dumps(data).encode(), dry_run=True)
    [problem] = result.problems
    assert problem.key == "rs/permits"
    assert problem.message.startswith("Work permit has a draft revision waiting for review")
    assert problem.changes == "severity: 3 → 4; title_en: 'Work permit' → 'Work permit (8+ months)'"
    described = problem.describe("partner.json")
    assert described.startswith("partner.json, record ")
    assert ", key rs/permits: Work permit has a draft revision waiting for review" in described
    assert described.endswith(
        "The file changes severity: 3 → 4; title_en: 'Work permit' → 'Work permit (8+ months)'."
    )


def test_an_item_in_review_that_the_file_would_change_is_named_with_the_change(serbia):
    _country, barrier = serbia
    data = export_serbia()
    Barrier.objects.filter(pk=barrier.pk).update(status=Status.IN_REVIEW, title_en="Work permit (slow)")
    result = import_fixture(json.dumps(data).encode(), dry_run=True, direct=True)
    [problem] = result.problems
    assert problem.message.startswith("Work permit (slow) is waiting for review")
    assert (
        problem.changes == "status: 'in_review' → 'published'; title_en: 'Work permit (slow)' → 'Work permit'"
    )
    barrier.refresh_from_db()
    assert (barrier.status, barrier.title_en) == ("in_review", "Work permit (slow)")


@pytest.mark.parametrize("direct", [False, True], ids=["through review", "direct"])
def test_a_barrier_revision_keeps_its_natural_key_through_export_and_import(serbia, editor, direct):
    _country, barrier = serbia
    revision = create_revision(barrier, editor)
    revision.severity = 5
    revision.save()
    data = export_serbia()
    [record] = [r["fields"] for r in data if r["model"] == "guides.barrier" and r["fields"]["revision_of"]]
    assert (record["country"], record["slug"], record["revision_of"]) == (
        ["rs"],
        "permits-revision-1",
        ["rs", "permits"],
    )
    result = import_fixture(json.dumps(data).encode(), dry_run=True, direct=direct)
    assert result.problems == []
    assert sum(result.unchanged.values()) == len(data)
    Barrier.objects.filter(pk=revision.pk).delete()
    result = import_fixture(json.dumps(data).encode(), direct=True)
    assert result.ok and result.written
    again = Barrier.objects.get(slug="permits-revision-1")
    assert (again.revision_of, again.severity, again.status) == (barrier, 5, "draft")
    assert list(Barrier.objects.published()) == [barrier]
