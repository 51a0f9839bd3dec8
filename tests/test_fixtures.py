"""The starter fixture and the deterministic export."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from guides.exchange.export import export_fixture
from guides.models import Country, Guide, RecognitionPath, content_models
from tests.guides.test_models import build_one_of_each

pytestmark = pytest.mark.django_db

STARTER = Path(settings.BASE_DIR) / "fixtures" / "starter.json"
CONTENT_LABELS = {
    "guides.source",
    "guides.language",
    "guides.currency",
    "guides.specialty",
    "guides.topic",
    "guides.document",
    "guides.country",
    "guides.authority",
    "guides.condition",
    "guides.recognitionpath",
    "guides.step",
    "guides.barrier",
    "guides.figure",
    "guides.guide",
    "guides.studytime",
    "guides.studyintensity",
    "guides.coursecost",
}


def export(**options) -> str:
    out = io.StringIO()
    call_command("export_fixtures", output="-", stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def test_stock_loaddata_loads_the_starter_set_into_an_empty_database():
    call_command("loaddata", str(STARTER), verbosity=0)
    assert Country.objects.count() >= 19
    assert RecognitionPath.objects.published().count() >= 19


def test_load_then_export_is_byte_identical_to_the_committed_file():
    call_command("loaddata", str(STARTER), verbosity=0)
    assert export() == STARTER.read_text(encoding="utf-8")


def test_export_under_russian_equals_export_under_english():
    call_command("loaddata", str(STARTER), verbosity=0)
    with translation.override("ru"):
        russian = export()
    with translation.override("en"):
        english = export()
    assert russian == english


def test_starter_file_holds_content_models_only_with_natural_keys():
    records = json.loads(STARTER.read_text(encoding="utf-8"))
    assert {record["model"] for record in records} <= CONTENT_LABELS
    assert all("pk" not in record for record in records)


def test_export_is_readable_cyrillic_and_ends_with_a_newline():
    country = build_one_of_each()[3]
    country.name_ru = "Германия"
    country.save()
    text = export()
    assert "Германия" in text
    assert text.endswith("]\n")
    assert not text.endswith("\n\n")


def test_export_does_not_depend_on_numeric_ids():
    build_one_of_each()
    first = export()
    # Re-create the same rows under new ids: the export must not change.
    for model in reversed(content_models()):
        model.objects.all().delete()
    build_one_of_each()
    assert export() == first


def test_export_import_round_trip(tmp_path):
    build_one_of_each()
    first = export()
    path = tmp_path / "data.json"
    path.write_text(first, encoding="utf-8")
    for model in reversed(content_models()):
        model.objects.all().delete()
    call_command("loaddata", str(path), verbosity=0)
    assert export() == first


def test_country_export_takes_its_rows_and_what_they_refer_to():
    build_one_of_each()
    france = Country.objects.create(iso2="fr", name="France", region="eu", visa_regime="visa_required")
    RecognitionPath.objects.create(
        country=france, slug="evc", name="EVC", kind="exam", outcome="full_licence", exam_required=True
    )
    german_guide = Guide.objects.get()
    german_guide.countries.add(Country.objects.get(iso2="de"))
    Guide.objects.create(slug="france-guide", title="France").countries.add(france)
    records = json.loads(export(country=["DE"]))
    exported = {
        (
            r["model"],
            r["fields"].get("iso2")
            or r["fields"].get("slug")
            or r["fields"].get("code")
            or r["fields"].get("key"),
        )
        for r in records
    }
    assert ("guides.country", "de") in exported
    assert ("guides.country", "fr") not in exported
    assert ("guides.recognitionpath", "exam-route") in exported
    assert ("guides.recognitionpath", "evc") not in exported
    assert ("guides.guide", "a-guide") in exported
    assert ("guides.guide", "france-guide") not in exported
    # What the country's rows refer to travels with them.
    assert {("guides.currency", "EUR"), ("guides.language", "de"), ("guides.source", "seed-test")} <= exported


def test_country_export_refuses_unknown_codes():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown country code"):
        export(country=["zz"])


def test_published_only_leaves_out_drafts():
    build_one_of_each()
    country = Country.objects.get()
    RecognitionPath.objects.create(
        country=country, slug="draft", name="Draft", kind="automatic", outcome="full_licence", status="draft"
    )
    slugs = [
        r["fields"]["slug"]
        for r in json.loads(export(published_only=True))
        if r["model"] == "guides.recognitionpath"
    ]
    assert slugs == ["exam-route"]


def test_export_writes_a_file_atomically_with_progress(tmp_path):
    build_one_of_each()
    target = tmp_path / "out.json"
    err = io.StringIO()
    call_command("export_fixtures", output=str(target), stderr=err)
    assert target.read_text(encoding="utf-8") == export()
    assert "Exporting guides.RecognitionPath" in err.getvalue()
    assert not (tmp_path / "out.json.tmp").exists()


def test_export_fixture_service_returns_counts():
    build_one_of_each()
    counts = export_fixture(io.StringIO())
    assert counts["guides.RecognitionPath"] == 1
    assert counts["guides.Step"] == 1


def test_load_starter_loads_only_into_an_empty_database():
    out = io.StringIO()
    call_command("load_starter", stdout=out, verbosity=0)
    loaded = Country.objects.count()
    assert loaded >= 19
    Country.objects.filter(iso2="ge").update(name_en="Curated name")
    out = io.StringIO()
    call_command("load_starter", stdout=out, verbosity=0)
    assert "starter data not loaded" in out.getvalue()
    assert Country.objects.get(iso2="ge").name_en == "Curated name"
