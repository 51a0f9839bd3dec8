from decimal import Decimal

import pytest

from guides.models import Barrier, Country, Figure, Guide, RecognitionPath
from tests.factories import (
    make_barrier,
    make_country,
    make_currency,
    make_figure,
    make_guide,
    make_path,
    make_source,
    make_step,
)

pytestmark = pytest.mark.django_db


def totals(path):
    row = RecognitionPath.objects.with_totals().get(pk=path.pk)
    return {
        "months_min": row.months_min,
        "months_max": row.months_max,
        "months_complete": row.months_complete,
        "cost_min_eur": row.cost_min_eur,
        "cost_max_eur": row.cost_max_eur,
        "cost_complete": row.cost_complete,
    }


@pytest.fixture
def currencies():
    source = make_source(key="rates")
    return {
        "EUR": make_currency(code="EUR", eur_per_unit=Decimal("1"), source=source),
        "RSD": make_currency(code="RSD", name="Serbian dinar", eur_per_unit=Decimal("0.0085"), source=source),
    }


def test_published_excludes_drafts_in_review_and_revisions():
    country = make_country()
    live = make_path(country=country, slug="live")
    make_path(country=country, slug="draft", status="draft")
    make_path(country=country, slug="review", status="in_review")
    make_path(country=country, slug="revision", status="published", revision_of=live)
    assert list(RecognitionPath.objects.published()) == [live]


@pytest.mark.parametrize("model_factory, model", [(make_barrier, Barrier), (make_figure, Figure)])
def test_published_barriers_and_figures(model_factory, model):
    published = model_factory(slug="published")
    if model is Barrier:
        model_factory(slug="draft", status="draft", country=published.country)
        model_factory(slug="review", status="in_review", country=published.country)
    else:
        model_factory(slug="draft", status="draft")
        model_factory(slug="review", status="in_review")
    assert list(model.objects.published()) == [published]


def test_published_guides_exclude_drafts_and_revisions():
    live = make_guide(slug="live")
    make_guide(slug="draft", status="draft")
    make_guide(slug="revision", revision_of=live)
    assert list(Guide.objects.published()) == [live]


def test_countries_with_published_paths():
    germany = make_path().country
    france = make_country(iso2="fr", name="France")
    make_path(country=france, status="draft")
    assert list(Country.objects.with_published_paths()) == [germany]


def test_reported_months_lead_over_steps():
    path = make_path(reported_months_min=Decimal("15"), reported_months_max=Decimal("36"))
    make_step(path=path, slug="a", months_min=4, months_max=4)
    result = totals(path)
    assert (result["months_min"], result["months_max"], result["months_complete"]) == (15, 36, True)


def test_reported_minimum_only_is_an_open_range():
    path = make_path(reported_months_min=Decimal("8"))
    make_step(path=path, slug="a", months_min=1, months_max=2)
    result = totals(path)
    assert (result["months_min"], result["months_max"], result["months_complete"]) == (8, None, False)


def test_complete_steps_sum_to_a_range(currencies):
    path = make_path()
    make_step(
        path=path,
        slug="a",
        position=1,
        months_min=1,
        months_max=3,
        cost_min=100,
        cost_max=200,
        currency=currencies["EUR"],
    )
    make_step(
        path=path,
        slug="b",
        position=2,
        months_min=Decimal("2.5"),
        months_max=6,
        cost_min=10000,
        cost_max=20000,
        currency=currencies["RSD"],
    )
    assert totals(path) == {
        "months_min": Decimal("3.5"),
        "months_max": Decimal("9"),
        "months_complete": True,
        "cost_min_eur": Decimal("185.00"),
        "cost_max_eur": Decimal("370.00"),
        "cost_complete": True,
    }


def test_partly_unknown_steps_give_a_lower_bound(currencies):
    path = make_path()
    make_step(
        path=path, slug="a", months_min=4, months_max=6, cost_min=50, cost_max=80, currency=currencies["EUR"]
    )
    make_step(path=path, slug="b", months_min=None, months_max=None)
    assert totals(path) == {
        "months_min": Decimal("4"),
        "months_max": None,
        "months_complete": False,
        "cost_min_eur": Decimal("50.00"),
        "cost_max_eur": None,
        "cost_complete": False,
    }


def test_missing_maximum_on_one_step_gives_no_maximum():
    path = make_path()
    make_step(path=path, slug="a", months_min=4, months_max=6)
    make_step(path=path, slug="b", months_min=2, months_max=None)
    result = totals(path)
    assert (result["months_min"], result["months_max"], result["months_complete"]) == (6, None, False)


def test_wholly_unknown_path_is_unknown():
    path = make_path()
    make_step(path=path, slug="a")
    make_step(path=path, slug="b")
    assert totals(path) == {
        "months_min": None,
        "months_max": None,
        "months_complete": False,
        "cost_min_eur": None,
        "cost_max_eur": None,
        "cost_complete": False,
    }


def test_path_without_steps_is_unknown():
    result = totals(make_path())
    assert (result["months_min"], result["months_max"], result["months_complete"]) == (None, None, False)


def test_optional_steps_are_left_out(currencies):
    path = make_path()
    make_step(
        path=path,
        slug="a",
        months_min=2,
        months_max=3,
        cost_min=100,
        cost_max=100,
        currency=currencies["EUR"],
    )
    make_step(
        path=path,
        slug="training",
        optional=True,
        months_min=48,
        months_max=60,
        cost_min=1,
        cost_max=9,
        currency=currencies["EUR"],
    )
    make_step(path=path, slug="unknown-optional", optional=True)
    assert totals(path) == {
        "months_min": Decimal("2"),
        "months_max": Decimal("3"),
        "months_complete": True,
        "cost_min_eur": Decimal("100.00"),
        "cost_max_eur": Decimal("100.00"),
        "cost_complete": True,
    }


def test_fastest_first_orders_unknown_last_and_complete_first():
    country = make_country()
    slow = make_path(country=country, slug="slow", reported_months_min=20, reported_months_max=30)
    open_ended = make_path(country=country, slug="open", reported_months_min=6)
    complete = make_path(country=country, slug="complete", reported_months_min=6, reported_months_max=9)
    unknown = make_path(country=country, slug="unknown")
    order = list(RecognitionPath.objects.with_totals().fastest_first())
    assert order == [complete, open_ended, slow, unknown]


def test_totals_are_not_multiplied_by_other_joins():
    """Filtering through a many-to-many relation must not inflate the sums."""
    path = make_path()
    make_step(path=path, slug="a", months_min=2, months_max=3)
    path.sources.add(make_source(key="one"), make_source(key="two"))
    row = RecognitionPath.objects.filter(sources__key__in=["one", "two"]).with_totals().distinct().get()
    assert (row.months_min, row.months_max) == (2, 3)
