"""import_fixtures: validation before any write, create/update by natural key, exact steps, dry run.

Moving data between our own sites: the superuser's direct import (``--direct``); what an import through
review does instead is tested in tests/guides/test_import_review.py."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from guides.exchange.importer import import_fixture
from guides.models import Country, RecognitionPath, Step, content_models
from tests.factories import make_step
from tests.guides.test_models import build_one_of_each

pytestmark = pytest.mark.django_db


def export() -> str:
    out = io.StringIO()
    call_command("export_fixtures", output="-", stdout=out, stderr=io.StringIO())
    return out.getvalue()


def snapshot() -> str:
    """The whole content, to show a failed import left the database exactly as before."""
    return export()


def run_import(tmp_path, content, *args) -> tuple[str, str]:
    path = tmp_path / "in.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_fixtures", str(path), "--direct", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(tmp_path, content) -> str:
    before = snapshot()
    path = tmp_path / "bad.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_fixtures", str(path), stdout=io.StringIO(), stderr=err)
    assert snapshot() == before
    return err.getvalue()


@pytest.fixture
def data():
    build_one_of_each()
    return json.loads(export())


def record(data, model):
    return next(r for r in data if r["model"] == model)


def test_export_flush_import_export_is_identical(tmp_path, data):
    first = export()
    for model in reversed(content_models()):
        model.objects.all().delete()
    out, _ = run_import(tmp_path, first)
    assert "Imported directly." in out
    assert "created" in out
    assert export() == first


def test_reimport_reports_everything_unchanged_and_writes_no_history(tmp_path, data):
    path = RecognitionPath.objects.get()
    history = path.history.count()
    out, _ = run_import(tmp_path, export())
    assert "Total: 0 created, 0 updated, 0 removed" in out
    assert path.history.count() == history


def test_update_by_natural_key(tmp_path, data):
    record(data, "guides.step")["fields"]["months_min"] = "3.0"
    record(data, "guides.step")["fields"]["months_max"] = "5.0"
    out, _ = run_import(tmp_path, data)
    assert "Steps: 1 updated" in out
    assert Step.objects.get().months_max == 5


def test_dry_run_summarises_and_writes_nothing(tmp_path, data):
    record(data, "guides.country")["fields"]["name_en"] = "Deutschland"
    before = snapshot()
    out, _ = run_import(tmp_path, data, "--dry-run")
    assert "Countries: 1 updated" in out
    assert "Dry run: nothing was written." in out
    assert snapshot() == before


def test_reimporting_a_path_with_one_step_fewer_removes_it(tmp_path, data):
    path = RecognitionPath.objects.get()
    make_step(path=path, slug="extra", position=2)
    out, _ = run_import(tmp_path, data)
    assert "1 removed" in out
    assert list(path.steps.values_list("slug", flat=True)) == ["apply"]


def test_a_one_country_export_imports_into_an_empty_database(tmp_path):
    build_one_of_each()
    out = io.StringIO()
    call_command("export_fixtures", output="-", country=["de"], stdout=out, stderr=io.StringIO())
    exported = out.getvalue()
    for model in reversed(content_models()):
        model.objects.all().delete()
    run_import(tmp_path, exported)
    assert Country.objects.get().iso2 == "de"
    assert RecognitionPath.objects.get().steps.count() == 1


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "The file is empty"),
        (b'[{"model": "guides.country", "fields": {', "Invalid JSON at line 1"),
        (b'{"model": "guides.country"}', "Expected a list of records, found a JSON dict"),
        (b"\xff\xfe[]", "not UTF-8"),
        (b'[{"model": "guides.planet", "fields": {"slug": "x"}}]', "Not a content model"),
        (
            b'[{"model": "auth.user", "fields": {"username": "x", "is_superuser": true}}]',
            "Not a content model",
        ),
        (b'["a string"]', "Expected an object"),
    ],
)
def test_structural_problems_are_refused(tmp_path, data, content, message):
    assert message in refused(tmp_path, content)


def test_unknown_field_is_named(tmp_path, data):
    record(data, "guides.country")["fields"]["capital"] = "Berlin"
    err = refused(tmp_path, data)
    assert "guides.Country, key de, field capital: Unknown field." in err
    assert "record 6" in err or "record" in err


def test_wrong_type_is_named_with_its_value(tmp_path, data):
    record(data, "guides.step")["fields"]["months_min"] = "twelve"
    err = refused(tmp_path, data)
    assert "field months_min" in err and "'twelve'" in err


def test_min_above_max_is_refused(tmp_path, data):
    record(data, "guides.step")["fields"].update(months_min="14.0", months_max="8.0")
    assert "Minimum months (14.0) is above maximum months (8.0)." in refused(tmp_path, data)


@pytest.mark.parametrize("value", ["-3", "100000"])
def test_negative_or_absurd_numbers_are_refused(tmp_path, data, value):
    record(data, "guides.step")["fields"]["months_min"] = value
    assert "field months_min" in refused(tmp_path, data)


def test_bad_choice_is_refused(tmp_path, data):
    record(data, "guides.country")["fields"]["region"] = "atlantis"
    assert "field region" in refused(tmp_path, data)


def test_reference_to_a_country_that_exists_nowhere(tmp_path, data):
    record(data, "guides.recognitionpath")["fields"]["country"] = ["zz"]
    for r in data:
        if r["model"] == "guides.step":
            r["fields"]["path"] = ["zz", "exam-route"]
    err = refused(tmp_path, data)
    assert "field country: zz does not exist" in err


def test_same_natural_key_with_different_content(tmp_path, data):
    twin = json.loads(json.dumps(record(data, "guides.country")))
    twin["fields"]["name_en"] = "Other"
    data.append(twin)
    assert "Same natural key as record" in refused(tmp_path, data)


def test_numeric_ids_are_refused(tmp_path, data):
    record(data, "guides.recognitionpath")["fields"]["country"] = 1
    assert "numeric ids are not accepted" in refused(tmp_path, data)


def test_a_file_over_the_limit_is_refused_with_a_size_message():
    result = import_fixture(b"[" + b" " * 2000 + b"]", max_bytes=1000)
    assert not result.ok
    assert "the limit is 1,000 bytes" in result.problems[0].message


def test_every_problem_is_reported_not_just_the_first(tmp_path, data):
    record(data, "guides.country")["fields"]["capital"] = "Berlin"
    record(data, "guides.step")["fields"]["months_min"] = "twelve"
    err = refused(tmp_path, data)
    assert "capital" in err and "months_min" in err


def test_timestamps_keep_full_precision_so_a_round_trip_changes_nothing(tmp_path, data):
    from datetime import UTC, datetime

    from guides.models import Guide

    guide = Guide.objects.get()
    Guide.objects.filter(pk=guide.pk).update(published_at=datetime(2026, 5, 1, 9, 30, 15, 123456, tzinfo=UTC))
    exported = export()
    assert '"published_at": "2026-05-01T09:30:15.123456Z"' in exported
    out, _ = run_import(tmp_path, exported)
    assert "Total: 0 created, 0 updated, 0 removed" in out
    assert Guide.objects.get().published_at.microsecond == 123456


def test_whole_milliseconds_are_written_as_django_writes_them(data):
    from datetime import UTC, datetime

    from guides.models import Guide

    Guide.objects.update(published_at=datetime(2026, 5, 1, 9, 30, 15, 123000, tzinfo=UTC))
    assert '"published_at": "2026-05-01T09:30:15.123Z"' in export()
