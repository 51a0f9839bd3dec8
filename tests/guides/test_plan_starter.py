""" "Plan my move" on the curated starter set: the study data is cited and the ranking reads right."""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from guides.models import CourseCost, Specialty, StudyIntensity, StudyTime
from guides.plan.estimate import plan_estimate

pytestmark = pytest.mark.django_db

STARTER = Path(settings.BASE_DIR) / "fixtures" / "starter.json"
CIS = {"ge", "am", "kz", "uz", "az", "kg"}


@pytest.fixture(scope="module")
def starter(django_db_setup, django_db_blocker):
    """The starter set, loaded once for this module and rolled back after it (loading takes seconds)."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", str(STARTER), verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.mark.parametrize("model", [StudyTime, StudyIntensity, CourseCost])
def test_every_study_figure_has_a_source(starter, model):
    assert model.objects.exists()
    for obj in model.objects.all():
        assert obj.sources.exists(), obj


def test_one_general_intensity_is_assumed(starter):
    assert StudyIntensity.objects.filter(assumed=True, language=None).count() == 1


def test_a_russian_only_surgeon_sees_cis_destinations_first(starter):
    plan = plan_estimate(
        specialty=Specialty.objects.get(slug="surgery"), languages={"ru": "native"}, years=3, residency=True
    )
    assert {d.country.iso2 for d in plan.destinations[:3]} <= CIS


def test_israels_exemption_follows_the_years_recorded_on_the_path(starter):
    def israel_paths(years):
        plan = plan_estimate(specialty=None, languages={"ru": "native"}, years=years, residency=True)
        return {e.path.slug for d in plan.destinations if d.country.iso2 == "il" for e in d.paths}

    assert "experienced-exemption" not in israel_paths(8)
    assert "experienced-exemption" in israel_paths(12)


def test_german_c1_shortens_germany_by_its_study_time(starter):
    def germany(languages):
        plan = plan_estimate(specialty=None, languages=languages, years=8, residency=True)
        return next(d.best for d in plan.destinations if d.country.iso2 == "de")

    without, with_c1 = germany({"ru": "native"}), germany({"ru": "native", "de": "c1"})
    assert without.study.months_min > 0
    assert without.months_min - with_c1.months_min == without.study.months_min


def test_the_paediatrician_page_answers_in_both_languages(starter, client):
    query = {"specialty": "paediatrics", "lang": ["ru:native", "en:b1"], "years": "8", "residency": "1"}
    for url in (reverse("guides:plan"), "/ru" + reverse("guides:plan")):
        response = client.get(url, query)
        assert response.status_code == HTTPStatus.OK
        assert "Georgia" in response.content.decode() or "Грузия" in response.content.decode()
