"""Validation messages name the field and the values, so a curator knows what to fix."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from guides.models import Barrier, Country, RecognitionPath, Step
from tests.factories import make_authority, make_country, make_language, make_path

pytestmark = pytest.mark.django_db


def errors_of(obj) -> dict:
    with pytest.raises(ValidationError) as excinfo:
        obj.full_clean()
    return excinfo.value.message_dict


def test_visa_free_days_name_the_days_and_the_regime():
    country = Country(iso2="de", name="Germany", region="eu", visa_regime="visa_required", visa_free_days=30)
    assert errors_of(country)["visa_free_days"] == [
        "Visa-free days (30) only apply when the visa regime is visa-free, not “Visa required”."
    ]


def test_path_messages_name_the_values():
    serbia = make_country(iso2="rs", name="Serbia")
    german_chamber = make_authority(name="Ärztekammer")
    path = RecognitionPath(
        country=serbia,
        slug="exam",
        name="Exam",
        kind="exam",
        outcome="full_licence",
        exam_required=False,
        language_level="b2",
        authority=german_chamber,
        reported_months_max=Decimal("12"),
    )
    errors = errors_of(path)
    assert errors["exam_required"] == ["Kind is “Exam”: tick “exam required”."]
    assert errors["language"] == ["Choose the language the level B2 applies to."]
    assert errors["authority"] == ["The authority “Ärztekammer” belongs to Germany, not Serbia."]
    assert errors["reported_months_min"] == ["Give a reported minimum when a reported maximum (12) is given."]


def test_step_messages_name_the_values():
    serbia_path = make_path(country=make_country(iso2="rs", name="Serbia"))
    step = Step(
        path=serbia_path,
        slug="fee",
        title="Fee",
        cost_min=Decimal("100"),
        cost_max=Decimal("200"),
        authority=make_authority(name="Ärztekammer"),
    )
    errors = errors_of(step)
    assert errors["currency"] == ["Choose the currency of the cost (100–200)."]
    assert errors["authority"] == ["The authority “Ärztekammer” belongs to Germany, not Serbia."]


def test_barrier_path_of_another_country_is_named():
    german_path = make_path(name="Knowledge test route")
    barrier = Barrier(
        country=make_country(iso2="rs", name="Serbia"),
        slug="b",
        category="exam",
        severity=3,
        title="B",
        path=german_path,
    )
    assert errors_of(barrier)["path"] == ["The path “Knowledge test route” belongs to Germany, not Serbia."]


def test_admin_shows_the_range_message_with_both_values(admin_client):
    path = make_path(status="draft")
    language = make_language(code="sr", name="Serbian")
    response = admin_client.post(
        f"/admin/guides/recognitionpath/{path.pk}/change/",
        {
            "country": path.country_id,
            "slug": path.slug,
            "name_en": path.name_en,
            "kind": "exam",
            "outcome": "full_licence",
            "exam_required": "true",
            "language": language.pk,
            "confidence": "medium",
            "status": "draft",
            "reported_months_min": "14",
            "reported_months_max": "8",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
            "steps-MIN_NUM_FORMS": "0",
            "steps-MAX_NUM_FORMS": "1000",
        },
    )
    assert "Reported minimum months (14) is above reported maximum months (8)." in response.content.decode()
