"""Imports go through review: an item waiting for review is never overwritten, and the dry run names
each record that would change and each changed field, old → new."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from guides.curation.revisions import create_revision
from guides.exchange.importer import import_fixture
from guides.exchange.models import FixtureImport
from guides.exchange.tasks import run_fixture_import
from guides.models import Barrier, RecognitionPath, Status
from tests.factories import make_barrier, make_country, make_path, make_source, make_step

pytestmark = pytest.mark.django_db


def export() -> str:
    out = io.StringIO()
    call_command("export_fixtures", output="-", stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def serbia():
    country = make_country(iso2="rs", name="Serbia", region="europe_other")
    barrier = make_barrier(country=country, slug="permits", title="Work permit", severity=3)
    path = make_path(country=country, slug="licence", name="Licence", kind="document_review")
    path.sources.add(make_source(key="ministry"))
    make_step(path=path, slug="recognition", title="Recognition", months_min=3, months_max=6)
    return country, barrier, path


def edited(data, model, slug, **fields):
    record = next(r for r in data if r["model"] == model and r["fields"]["slug"] == slug)
    record["fields"].update(fields)
    return json.dumps(data).encode()


def test_a_barrier_waiting_for_review_is_not_overwritten(serbia):
    _country, barrier, _path = serbia
    partner_file = edited(json.loads(export()), "guides.barrier", "permits", severity=5)
    Barrier.objects.filter(pk=barrier.pk).update(status=Status.IN_REVIEW, title_en="Work permit (8+ months)")
    result = import_fixture(partner_file)
    assert not result.written
    [problem] = result.problems
    assert (problem.model, problem.key) == ("guides.Barrier", "rs/permits")
    assert "Work permit (8+ months) is waiting for review" in problem.message
    barrier.refresh_from_db()
    assert (barrier.severity, barrier.title_en, barrier.status) == (3, "Work permit (8+ months)", "in_review")


def test_an_unchanged_item_in_review_does_not_stop_the_import(serbia):
    _country, barrier, path = serbia
    Barrier.objects.filter(pk=barrier.pk).update(status=Status.IN_REVIEW)
    data = json.loads(export())
    result = import_fixture(
        edited(
            data, "guides.recognitionpath", "licence", reported_months_min="4.0", reported_months_max="9.0"
        )
    )
    assert result.ok and result.written
    path.refresh_from_db()
    assert path.reported_months_max == 9


def test_a_live_path_with_a_revision_in_review_and_its_steps_are_protected(serbia, editor):
    _country, _barrier, path = serbia
    data = json.loads(export())
    revision = create_revision(path, editor)
    revision.submit_for_review(editor)
    step = next(r for r in data if r["model"] == "guides.step")
    step["fields"]["months_max"] = "12.0"
    result = import_fixture(json.dumps(data).encode())
    assert [p.message for p in result.problems] == [
        "Serbia: Licence has a draft revision waiting for review: importing would change the item under it. "
        "Publish the revision or send it back to draft, then import again."
    ]
    assert path.steps.get().months_max == 6


def test_the_dry_run_names_each_record_and_its_fields_old_to_new(serbia, tmp_path):
    data = json.loads(export())
    edited(data, "guides.barrier", "permits", severity=4, title_en="Work permit, 8+ months")
    content = edited(data, "guides.step", "recognition", months_max="9.0")
    data = json.loads(content)
    data.append(
        {
            "model": "guides.barrier",
            "fields": {
                **next(r for r in data if r["model"] == "guides.barrier")["fields"],
                "slug": "grey-market",
            },
        }
    )
    file = tmp_path / "partner.json"
    file.write_text(json.dumps(data), encoding="utf-8")
    out = io.StringIO()
    call_command("import_fixtures", str(file), "--dry-run", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert (
        "guides.Barrier rs/permits: updated — "
        "severity: 3 → 4; title_en: 'Work permit' → 'Work permit, 8+ months'"
    ) in lines
    assert "guides.Step rs/licence/recognition: updated — months_max: 6.0 → 9.0" in lines
    assert "guides.Barrier rs/grey-market: created" in lines
    assert "Dry run: nothing was written." in lines
    assert Barrier.objects.get(slug="permits").severity == 3


def test_removed_steps_are_named(serbia):
    _country, _barrier, path = serbia
    make_step(path=path, slug="exam", title="Exam", position=2)
    data = [
        r for r in json.loads(export()) if not (r["model"] == "guides.step" and r["fields"]["slug"] == "exam")
    ]
    result = import_fixture(json.dumps(data).encode(), dry_run=True)
    assert "guides.Step rs/licence/exam: removed" in result.summary_lines()
    assert RecognitionPath.objects.get(pk=path.pk).steps.count() == 2


def test_the_admin_dry_run_page_lists_the_changes(serbia, reviewer_client, reviewer):
    content = edited(json.loads(export()), "guides.barrier", "permits", severity=4)
    job = FixtureImport.objects.create(
        user=reviewer, filename="partner.json", data=content, size=len(content)
    )
    run_fixture_import.call(job.pk)
    page = reviewer_client.get(reverse("admin:guides_country_import_job", args=[job.pk])).content.decode()
    assert "guides.Barrier rs/permits: updated — severity: 3 → 4" in page


def test_a_refused_import_says_so_on_the_command_line(serbia, tmp_path):
    _country, barrier, _path = serbia
    content = edited(json.loads(export()), "guides.barrier", "permits", severity=5)
    Barrier.objects.filter(pk=barrier.pk).update(status=Status.IN_REVIEW)
    file = tmp_path / "partner.json"
    file.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_fixtures", str(file), stdout=io.StringIO(), stderr=err)
    assert "key rs/permits: Work permit is waiting for review" in err.getvalue()
