"""The order kept once per data version (``Standing``) gives the same ranking as ``rank()`` over fully
loaded countries, for every sort and limit, on the starter set and on ten times it; and it follows writes."""

from decimal import Decimal
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from guides.models import Country, RecognitionPath
from guides.models.destinations import rank
from guides.models.totals import attach_totals
from tests.factories import make_country, make_path, make_source, make_step
from tests.generate import generate, starter_counts

CASES = [
    # (path filter, country filter, by, within)
    ({}, {}, "months", None),
    ({}, {}, "cost", None),
    ({}, {}, "name", None),
    ({}, {"region": "eu"}, "months", None),
    ({}, {}, "months", Decimal(12)),
    ({}, {}, "cost", Decimal(24)),
    ({}, {}, "name", Decimal(6)),
    ({"exam": False}, {}, "months", None),
    ({"exam": True}, {"region": "cis"}, "cost", Decimal(36)),
]


def paths_for(path_filter):
    paths = RecognitionPath.objects.published()
    if "exam" in path_filter:
        paths = paths.requiring_exam(path_filter["exam"])
    return paths


def shown(ranking) -> tuple:
    def rows(countries):
        return [(c.iso2, c.best_path.pk, c.group, [p.pk for p in c.matching_paths]) for c in countries]

    return rows(ranking.countries), rows(ranking.might_fit)


def reference(paths, countries, by, within):
    """``rank()`` over Country rows with their matching paths loaded: the order without ``Standing``."""
    loaded = list(countries.with_cards(paths))
    attach_totals([path for country in loaded for path in country.matching_paths])
    return rank(loaded, by=by, within=within)


def assert_standing_agrees():
    might_fit = 0
    for path_filter, country_filter, by, within in CASES:
        paths, countries = paths_for(path_filter), Country.objects.filter(**country_filter)
        expected = shown(reference(paths, countries, by, within))
        assert shown(countries.ranked(paths, by=by, within=within)) == expected, (path_filter, by, within)
        assert expected[0] or expected[1], (path_filter, country_filter, by, within)
        might_fit += len(expected[1])
    assert might_fit  # the "might fit" rows are compared too


@pytest.mark.django_db
def test_the_kept_order_agrees_with_rank_on_the_starter_set_and_ten_times_it():
    call_command("loaddata", "starter.json", verbosity=0)
    assert_standing_agrees()
    generate(9, counts=starter_counts())
    assert_standing_agrees()


@pytest.mark.django_db(transaction=True)
def test_the_kept_order_and_the_home_chart_follow_each_committed_write(client):
    source = make_source()
    slow, fast = make_country(iso2="aa", name="Slowland"), make_country(iso2="bb", name="Fastland")
    for country, months in ((slow, 9), (fast, 2)):
        path = make_path(country=country, slug="main", status="published")
        path.sources.add(source)
        make_step(path=path, months_min=months, months_max=months)
    assert [c.iso2 for c in Country.objects.ranked().countries] == ["bb", "aa"]
    home = client.get(reverse("guides:home")).content.decode()
    assert home.index("Fastland") < home.index("Slowland")

    make_step(path=fast.paths.get(), slug="long-wait", months_min=20, months_max=20)

    assert [c.iso2 for c in Country.objects.ranked().countries] == ["aa", "bb"]
    response = client.get(reverse("guides:home"))
    assert response.status_code == HTTPStatus.OK
    home = response.content.decode()
    assert home.index("Slowland") < home.index("Fastland")
