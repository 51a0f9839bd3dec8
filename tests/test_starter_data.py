"""Integrity of the curated starter set: every published item cited, every listed country present."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from guides.models import Barrier, Country, Figure, Guide, RecognitionPath, Step

pytestmark = pytest.mark.django_db

STARTER = Path(settings.BASE_DIR) / "fixtures" / "starter.json"
DESTINATIONS = {
    # Every destination the seed articles name, plus those from the reference.
    "ge",
    "am",
    "kz",
    "uz",
    "az",
    "il",
    "rs",
    "fr",
    "de",
    "tr",
    "me",
    "ar",
    "es",
    "nl",
    "us",
    "kg",
    "cy",
    "pt",
    "gb",
}
REGIONS = {
    "cis": {"ge", "am", "kz", "uz", "az", "kg"},
    "middle_east": {"il"},
    "europe_other": {"rs", "me", "tr", "gb"},
    "americas": {"ar", "us"},
    "eu": {"fr", "de", "es", "nl", "cy", "pt"},
}


@pytest.fixture(scope="module")
def starter(django_db_setup, django_db_blocker):
    """The starter set, loaded once for this module and rolled back after it (loading takes seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", str(STARTER), verbosity=0)
        yield
        transaction.set_rollback(True)


def test_every_listed_country_is_present_in_its_region(starter):
    assert set(Country.objects.values_list("iso2", flat=True)) >= DESTINATIONS
    for region, codes in REGIONS.items():
        assert (
            set(Country.objects.filter(region=region, iso2__in=DESTINATIONS).values_list("iso2", flat=True))
            == codes
        )


def test_every_country_has_a_published_path_a_licensing_authority_and_two_barriers(starter):
    for country in Country.objects.filter(iso2__in=DESTINATIONS):
        assert country.paths.filter(status="published").exists(), country.iso2
        assert country.authorities.exists(), country.iso2
        assert country.barriers.filter(status="published").count() >= 2, country.iso2


def test_every_published_path_has_steps_and_a_source(starter):
    for path in RecognitionPath.objects.published():
        assert path.steps.exists(), path
        assert path.sources.exists(), path


@pytest.mark.parametrize("model", [Country, RecognitionPath, Step, Barrier, Figure, Guide])
def test_every_fact_bearing_item_has_a_source_and_a_confidence(starter, model):
    for obj in model.objects.all():
        assert obj.sources.exists(), obj
        assert obj.confidence in {"high", "medium", "low"}, obj
        assert obj.last_reviewed is not None, obj


def test_every_row_passes_model_validation(starter):
    from guides.models import content_models

    for model in content_models():
        for obj in model.objects.all():
            obj.full_clean()


def test_at_least_twelve_published_guides_in_both_languages(starter):
    guides = Guide.objects.published()
    assert guides.count() >= 12
    for guide in guides:
        assert guide.body_en and guide.body_ru, guide.slug


def test_seed_figures_are_rows_with_sources(starter):
    onward = Figure.objects.published().filter(kind="onward_migration")
    assert set(onward.values_list("country__iso2", flat=True)) >= {"ge", "tr", "am", "kz", "me", "il", "rs"}
    georgia = onward.get(country__iso2="ge")
    assert georgia.value_min == georgia.value_max == 58
    assert Figure.objects.filter(kind="return_rate").count() >= 3
    assert Figure.objects.filter(kind="emigration").exists()


def test_serbia_path_reports_at_least_eight_months_and_unlicensed_practice(starter):
    serbia = Country.objects.get(iso2="rs")
    paths = RecognitionPath.objects.published().filter(country=serbia, outcome="full_licence").with_steps()
    months = [path.totals.months.low for path in paths if path.totals.months.low is not None]
    assert months and min(months) >= 8
    assert serbia.barriers.filter(category="unlicensed_practice", status="published").exists()


def test_contradictions_carry_a_caveat_and_both_sources(starter):
    for iso2 in ("kz", "az"):
        country = Country.objects.get(iso2=iso2)
        cited = set(country.sources.values_list("key", flat=True))
        caveated = bool(country.caveat) or any(path.caveat for path in country.paths.all())
        assert caveated, iso2
        path_sources = set(
            RecognitionPath.objects.filter(country=country).values_list("sources__key", flat=True)
        )
        assert "seed-tol" in cited | path_sources, iso2
    israel_paths = RecognitionPath.objects.filter(country__iso2="il", min_years_practice__isnull=False)
    assert any(path.caveat for path in israel_paths)
