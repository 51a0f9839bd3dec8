import pytest

from guides.filters import DestinationFilter
from guides.models import Country
from tests.guides.destinations import make_destinations

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_destinations()


def codes(data: dict) -> list[str]:
    return [country.iso2 for country in DestinationFilter(data, queryset=Country.objects.all()).qs]


@pytest.mark.parametrize(
    "data, expected",
    [
        ({}, ["ge", "kz", "rs", "il", "de"]),
        ({"region": "cis"}, ["ge", "kz"]),
        ({"region": "eu"}, ["de"]),
        ({"visa_free": "1"}, ["ge", "kz", "rs", "il"]),
        ({"visa_free": "0"}, ["ge", "kz", "rs", "il", "de"]),
        ({"visa_free": "junk"}, ["ge", "kz", "rs", "il", "de"]),
        ({"exam": "required"}, ["kz", "il", "de"]),
        ({"exam": "none"}, ["ge", "rs", "il"]),
        # A path requiring the language, or a country practising in it.
        ({"language": "ru"}, ["kz"]),
        ({"language": "ka"}, ["ge"]),
        ({"language": "de"}, ["de"]),
        # The known minimum is at most N; at least 8 months counts as 8.
        ({"max_months": "6"}, ["ge", "kz"]),
        ({"max_months": "8"}, ["ge", "kz", "rs"]),
        ({"max_months": "600"}, ["ge", "kz", "rs", "il", "de"]),
        # Israel's exam-free path has no known duration: unknown is excluded under max_months.
        ({"exam": "none", "max_months": "600"}, ["ge", "rs"]),
        # Specialty: paths listing it or listing none (all specialties).
        ({"specialty": "surgery"}, ["ge", "kz", "il", "de"]),
        ({"specialty": "paediatrics"}, ["ge", "rs", "il", "de"]),
        ({"specialty": "surgery", "exam": "none"}, ["ge", "il"]),
        ({"q": "ser"}, ["rs"]),
        ({"q": "  "}, ["ge", "kz", "rs", "il", "de"]),
        ({"region": "cis", "max_months": "2"}, ["ge"]),
        ({"region": "americas"}, []),
        ({"sort": "fastest"}, ["ge", "kz", "rs", "il", "de"]),
        ({"sort": "name"}, ["ge", "de", "il", "kz", "rs"]),
        # Cheapest by the fastest matching path's minimum cost in EUR; unknown costs last.
        ({"sort": "cheapest"}, ["kz", "ge", "rs", "il", "de"]),
    ],
)
def test_destination_filter(world, data, expected):
    assert codes(data) == expected


@pytest.mark.parametrize(
    "data, field, expected",
    [
        ({"max_months": "abc"}, "max_months", ["ge", "kz", "rs", "il", "de"]),
        ({"max_months": "-1", "region": "cis"}, "max_months", ["ge", "kz"]),
        ({"max_months": "NaN"}, "max_months", ["ge", "kz", "rs", "il", "de"]),
        ({"region": "<script>", "exam": "none"}, "region", ["ge", "rs", "il"]),
        ({"specialty": "nope"}, "specialty", ["ge", "kz", "rs", "il", "de"]),
        ({"language": "zz", "max_months": "6"}, "language", ["ge", "kz"]),
        ({"exam": "maybe"}, "exam", ["ge", "kz", "rs", "il", "de"]),
        ({"sort": "random"}, "sort", ["ge", "kz", "rs", "il", "de"]),
        ({"q": "x" * 5000}, "q", ["ge", "kz", "rs", "il", "de"]),
    ],
)
def test_invalid_value_is_reported_and_ignored(world, data, field, expected):
    destinations = DestinationFilter(data, queryset=Country.objects.all())
    assert [country.iso2 for country in destinations.qs] == expected
    assert list(destinations.errors) == [field]


def test_card_shows_the_fastest_matching_path(world):
    def fastest(data):
        country = DestinationFilter(data, queryset=Country.objects.all()).qs.get(iso2="il")
        return country.fastest_paths[0].slug

    assert fastest({}) == "exam"
    assert fastest({"exam": "none"}) == "exemption"


def test_fastest_path_carries_its_totals(world):
    georgia = DestinationFilter({}, queryset=Country.objects.all()).qs.get(iso2="ge")
    path = georgia.fastest_paths[0]
    assert (path.months_min, path.months_max, path.cost_min_eur, path.cost_max_eur) == (2, 4, 100, 300)


def test_top_barriers_are_the_two_most_severe(world):
    serbia = DestinationFilter({}, queryset=Country.objects.all()).qs.get(iso2="rs")
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
