from collections import Counter

import pytest

from guides.models import Country, Guide, RecognitionPath, Step, content_models
from tests.generate import generate

pytestmark = pytest.mark.django_db

SMALL = Counter(
    {
        "guides.source": 3,
        "guides.country": 4,
        "guides.recognitionpath": 5,
        "guides.step": 12,
        "guides.barrier": 8,
        "guides.figure": 4,
        "guides.guide": 3,
    }
)


def test_generates_scale_times_the_rows():
    created = generate(2, counts=SMALL)
    assert created["country"] == 8
    assert created["recognitionpath"] == 10
    assert created["step"] == 24
    assert Country.objects.count() == 8
    assert Guide.objects.count() == 6


def test_generated_rows_are_valid_and_translated():
    generate(1, counts=SMALL)
    for model in (Country, RecognitionPath, Step, Guide):
        for obj in model.objects.all():
            obj.full_clean()
    country = Country.objects.first()
    assert country.name_en == country.name
    assert any(path.totals.months.low is not None for path in RecognitionPath.objects.with_steps())


def test_is_deterministic():
    generate(1, counts=SMALL)
    first = list(
        Step.objects.order_by("path__country__iso2", "path__slug", "slug").values_list(
            "months_min", "cost_min"
        )
    )
    for model in reversed(content_models()):
        model.objects.all().delete()
    generate(1, counts=SMALL)
    second = list(
        Step.objects.order_by("path__country__iso2", "path__slug", "slug").values_list(
            "months_min", "cost_min"
        )
    )
    assert first == second


def test_refuses_scale_below_one():
    with pytest.raises(ValueError):
        generate(0, counts=SMALL)
