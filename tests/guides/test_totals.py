"""A path's totals and how much of them is known; the one order of spans and of destinations."""

from decimal import Decimal as D

import pytest

from guides.models import Country, RecognitionPath
from guides.models.destinations import rank
from guides.models.totals import Knowledge, Span
from tests.factories import make_country, make_currency, make_path, make_source, make_step

pytestmark = pytest.mark.django_db

COMPLETE, PARTIAL, UNKNOWN = Knowledge.COMPLETE, Knowledge.PARTIAL, Knowledge.UNKNOWN


def totals(path):
    return RecognitionPath.objects.with_steps().get(pk=path.pk).totals


def shown(span: Span) -> tuple:
    return (span.low, span.high, span.knowledge, span.missing, span.parts)


@pytest.fixture
def currencies():
    source = make_source(key="rates")
    return {
        "EUR": make_currency(code="EUR", eur_per_unit=D("1"), source=source),
        "RSD": make_currency(code="RSD", name="Serbian dinar", eur_per_unit=D("0.0085"), source=source),
    }


def test_a_sourced_end_to_end_range_leads_over_the_steps():
    path = make_path(reported_months_min=D("15"), reported_months_max=D("36"))
    make_step(path=path, slug="a", months_min=4, months_max=4)
    months = totals(path).months
    assert (months.low, months.high, months.knowledge, months.reported) == (15, 36, COMPLETE, True)


def test_a_sourced_minimum_alone_is_partial_and_never_below_the_known_steps():
    path = make_path(reported_months_min=D("8"))
    make_step(path=path, slug="a", months_min=1, months_max=2)
    make_step(path=path, slug="b", months_min=9)
    assert shown(totals(path).months) == (D("10"), None, PARTIAL, 1, 2)


def test_complete_steps_sum_to_a_complete_range_in_eur(currencies):
    path = make_path()
    make_step(
        path=path,
        slug="a",
        months_min=1,
        months_max=3,
        cost_min=100,
        cost_max=200,
        currency=currencies["EUR"],
    )
    make_step(
        path=path,
        slug="b",
        months_min=D("2.5"),
        months_max=6,
        cost_min=10000,
        cost_max=20000,
        currency=currencies["RSD"],
    )
    result = totals(path)
    assert shown(result.months) == (D("3.5"), D("9"), COMPLETE, 0, 2)
    assert shown(result.cost) == (D("185"), D("370"), COMPLETE, 0, 2)


def test_an_unknown_step_makes_the_range_partial_and_says_how_many(currencies):
    path = make_path()
    make_step(
        path=path, slug="a", months_min=4, months_max=6, cost_min=50, cost_max=80, currency=currencies["EUR"]
    )
    make_step(path=path, slug="b")
    make_step(path=path, slug="c", months_min=2)  # a minimum without a maximum is not a range
    result = totals(path)
    assert shown(result.months) == (D("6"), None, PARTIAL, 2, 3)
    assert shown(result.cost) == (D("50"), None, PARTIAL, 2, 3)


@pytest.mark.parametrize(
    "steps",
    [
        [],  # no steps at all
        [{}, {}],  # no step with a duration
        [{"months_min": 0, "months_max": 1}, {}],  # "at least 0 months" says nothing
    ],
)
def test_nothing_known_is_unknown_not_short(steps):
    path = make_path()
    for number, fields in enumerate(steps):
        make_step(path=path, slug=f"s{number}", **fields)
    assert totals(path).months.knowledge == UNKNOWN
    assert totals(path).months.low is None


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
    make_step(path=path, slug="training", optional=True, months_min=48, months_max=60)
    make_step(path=path, slug="unknown-optional", optional=True)
    result = totals(path)
    assert shown(result.months) == (D("2"), D("3"), COMPLETE, 0, 1)
    assert shown(result.cost) == (D("100"), D("100"), COMPLETE, 0, 1)


def test_a_fee_without_a_currency_is_unknown():
    path = make_path()
    make_step(path=path, slug="a", months_min=1, months_max=1)
    assert totals(path).cost.knowledge == UNKNOWN


# --- The one order -----------------------------------------------------------------------------------

ORDER_TABLE = [
    # (name, span) in the expected order: complete by midpoint then maximum, partial by minimum, unknown last
    ("complete 3-5", Span(D(3), D(5), COMPLETE)),
    ("complete 2-6 (same midpoint, larger maximum)", Span(D(2), D(6), COMPLETE)),
    ("complete 4-12", Span(D(4), D(12), COMPLETE)),
    ("complete 12-36", Span(D(12), D(36), COMPLETE)),
    ("partial at least 0.1", Span(D("0.1"), None, PARTIAL, 2, 3)),
    ("partial at least 8", Span(D(8), None, PARTIAL, 1, 3)),
    ("unknown", Span(missing=3, parts=3)),
]


def test_complete_before_partial_before_unknown():
    shuffled = [ORDER_TABLE[i] for i in (6, 4, 3, 1, 5, 0, 2)]
    ordered = sorted(shuffled, key=lambda row: row[1].order_key())
    assert [name for name, _span in ordered] == [name for name, _span in ORDER_TABLE]


@pytest.mark.parametrize(
    "span, limit, fits, might",
    [
        (Span(D(12), D(36), COMPLETE), 12, False, False),  # 12-36 is not "within 12"
        (Span(D(6), D(12), COMPLETE), 12, True, False),  # ends exactly at the limit
        (Span(D(8), None, PARTIAL, 1, 2), 12, False, True),  # at least 8: might fit
        (Span(D(13), None, PARTIAL, 1, 2), 12, False, False),  # at least 13: cannot fit
        (Span(missing=2, parts=2), 12, False, False),  # unknown: neither
    ],
)
def test_within_a_limit(span, limit, fits, might):
    assert (span.ends_by(D(limit)), span.might_end_by(D(limit))) == (fits, might)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (Span(D(1), D(2), COMPLETE, 0, 1), Span(D(3), D(4), COMPLETE, 0, 1), (D(4), D(6), COMPLETE, 0, 2)),
        (Span(D(1), D(2), COMPLETE, 0, 1), Span(missing=1, parts=1), (D(1), None, PARTIAL, 1, 2)),
        (Span(D(0), D(0), COMPLETE, 0, 0), Span(missing=1, parts=1), (None, None, UNKNOWN, 1, 1)),
        (Span(D(5), None, PARTIAL, 1, 2), Span(D(2), D(3), COMPLETE, 0, 1), (D(7), None, PARTIAL, 1, 3)),
    ],
)
def test_adding_spans_keeps_what_is_known(a, b, expected):
    assert shown(a.plus(b)) == expected


def test_destinations_are_grouped_complete_partial_unknown_whatever_their_minimum():
    """A wholly known 12-36 months comes before an "at least 0.1 months" with steps missing."""
    cases = {
        "ge": ("Georgia", [{"months_min": D("0.1"), "months_max": D("0.1")}, {}]),
        "de": ("Germany", [{"months_min": 12, "months_max": 36}]),
        "nl": ("Netherlands", [{"months_min": 12, "months_max": 24}]),
        "rs": ("Serbia", [{"months_min": 8, "months_max": 8}, {}]),
        "kz": ("Kazakhstan", [{}]),
    }
    for iso2, (name, steps) in cases.items():
        path = make_path(country=make_country(iso2=iso2, name=name))
        for number, fields in enumerate(steps):
            make_step(path=path, slug=f"s{number}", **fields)
    ranking = Country.objects.ranked()
    assert [(c.iso2, c.group) for c in ranking.countries] == [
        ("nl", COMPLETE),
        ("de", COMPLETE),
        ("ge", PARTIAL),
        ("rs", PARTIAL),
        ("kz", UNKNOWN),
    ]
    within = Country.objects.ranked(within=D(12))
    assert [c.iso2 for c in within.countries] == []  # neither 12-24 nor 12-36 ends by 12
    assert [c.iso2 for c in within.might_fit] == ["ge", "rs"]


def test_a_country_shows_its_best_path_by_the_rule():
    country = make_country()
    partial = make_path(country=country, slug="quick-but-unknown")
    make_step(path=partial, slug="a", months_min=1, months_max=1)
    make_step(path=partial, slug="b")
    complete = make_path(
        country=country, slug="slow-but-known", reported_months_min=20, reported_months_max=30
    )
    [ranked] = rank(list(Country.objects.with_cards())).countries
    assert ranked.best_path == complete
    assert [p.slug for p in ranked.matching_paths] == ["slow-but-known", "quick-but-unknown"]


def test_cost_order_puts_a_single_known_fee_behind_complete_costs(currencies):
    us = make_path(country=make_country(iso2="us", name="United States"))
    make_step(path=us, slug="fee", cost_min=266, cost_max=266, currency=currencies["EUR"])
    make_step(path=us, slug="residency")
    de = make_path(country=make_country(iso2="de", name="Germany"))
    make_step(path=de, slug="fees", cost_min=900, cost_max=1500, currency=currencies["EUR"])
    ranking = Country.objects.ranked(by="cost")
    assert [c.iso2 for c in ranking.countries] == ["de", "us"]
