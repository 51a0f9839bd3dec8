import pytest

from guides.filters import DestinationFilter
from guides.models import Country
from guides.models.destinations import cards
from tests.guides.destinations import make_destinations

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_destinations()


def ranking(data: dict):
    return DestinationFilter(data, queryset=Country.objects.all()).ranking()


def codes(data: dict) -> list[str]:
    return [country.iso2 for country in ranking(data).countries]


ALL = [
    "ge",
    "kz",
    "il",
    "de",
    "rs",
]  # complete ranges by midpoint (3, 4.5, 18, 25.5), then Serbia's "at least 8"


@pytest.mark.parametrize(
    "data, expected, might_fit",
    [
        ({}, ALL, []),
        ({"region": "cis"}, ["ge", "kz"], []),
        ({"region": "eu"}, ["de"], []),
        ({"visa_free": "1"}, ["ge", "kz", "il", "rs"], []),
        ({"visa_free": "0"}, ALL, []),
        ({"visa_free": "junk"}, ALL, []),
        ({"exam": "required"}, ["kz", "il", "de"], []),
        # Known to need no exam; Israel's exemption has no known duration, so it comes last.
        ({"exam": "none"}, ["ge", "rs", "il"], []),
        # A path requiring the language, or a country practising in it.
        ({"language": "ru"}, ["kz"], []),
        ({"language": "ka"}, ["ge"], []),
        ({"language": "de"}, ["de"], []),
        # A complete range that ends by N fits; a partial one whose minimum is within N might fit.
        ({"max_months": "6"}, ["ge", "kz"], []),
        ({"max_months": "8"}, ["ge", "kz"], ["rs"]),
        ({"max_months": "24"}, ["ge", "kz", "il"], ["rs"]),
        ({"max_months": "600"}, ["ge", "kz", "il", "de"], ["rs"]),
        # Unknown is excluded under max_months, even as "might fit".
        ({"exam": "none", "max_months": "600"}, ["ge"], ["rs"]),
        # 2-4 months is not "within 2".
        ({"region": "cis", "max_months": "2"}, [], []),
        # Specialty: paths listing it or listing none (all specialties).
        ({"specialty": "surgery"}, ["ge", "kz", "il", "de"], []),
        ({"specialty": "paediatrics"}, ["ge", "il", "de", "rs"], []),
        ({"specialty": "surgery", "exam": "none"}, ["ge", "il"], []),
        ({"q": "ser"}, ["rs"], []),
        ({"q": "  "}, ALL, []),
        ({"region": "americas"}, [], []),
        ({"sort": "fastest"}, ALL, []),
        ({"sort": "name"}, ["ge", "de", "il", "kz", "rs"], []),
        # Complete costs by midpoint (65, 200, 600), then Serbia's "at least", then Germany's unknown.
        ({"sort": "cheapest"}, ["kz", "ge", "il", "rs", "de"], []),
    ],
)
def test_destination_filter(world, data, expected, might_fit):
    result = ranking(data)
    assert [c.iso2 for c in result.countries] == expected
    assert [c.iso2 for c in result.might_fit] == might_fit


def test_groups_follow_how_much_is_known(world):
    assert [(c.iso2, c.group) for c in ranking({}).countries] == [
        ("ge", "complete"),
        ("kz", "complete"),
        ("il", "complete"),
        ("de", "complete"),
        ("rs", "partial"),
    ]
    assert {c.group for c in ranking({"sort": "name"}).countries} == {""}


@pytest.mark.parametrize(
    "data, field, expected",
    [
        ({"max_months": "abc"}, "max_months", ALL),
        ({"max_months": "-1", "region": "cis"}, "max_months", ["ge", "kz"]),
        ({"max_months": "NaN"}, "max_months", ALL),
        ({"region": "<script>", "exam": "none"}, "region", ["ge", "rs", "il"]),
        ({"specialty": "nope"}, "specialty", ALL),
        ({"language": "zz", "max_months": "6"}, "language", ["ge", "kz"]),
        ({"exam": "maybe"}, "exam", ALL),
        ({"sort": "random"}, "sort", ALL),
        ({"q": "x" * 5000}, "q", ALL),
    ],
)
def test_invalid_value_is_reported_and_ignored(world, data, field, expected):
    destinations = DestinationFilter(data, queryset=Country.objects.all())
    assert [country.iso2 for country in destinations.ranking().countries] == expected
    assert list(destinations.errors) == [field]


def best(data, iso2):
    return next(c for c in ranking(data).countries if c.iso2 == iso2).best_path


def test_card_shows_the_best_matching_path(world):
    assert best({}, "il").slug == "exam"
    assert best({"exam": "none"}, "il").slug == "exemption"


def test_best_path_carries_its_totals(world):
    totals = best({}, "ge").totals
    assert (totals.months.low, totals.months.high, totals.cost.low, totals.cost.high) == (2, 4, 100, 300)


def test_top_barriers_are_the_two_most_severe(world):
    serbia = next(c for c in cards(ranking({}).countries) if c.iso2 == "rs")
    assert [barrier.slug for barrier in serbia.top_barriers] == ["grey-market", "language"]


def test_active_filters_name_each_valid_filter_and_how_to_drop_it(world):
    destinations = DestinationFilter(
        {"region": "cis", "visa_free": "1", "max_months": "abc", "sort": "name"},
        queryset=Country.objects.all(),
    )
    active = destinations.active_filters()
    assert [(item["name"], str(item["value"])) for item in active] == [
        ("region", "CIS and Georgia"),
        ("visa_free", "yes"),
    ]
    assert active[0]["remove"] == {"region": None, "page": None}
