"""Views of the doctor's side: home, destinations, a destination, the comparison."""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from tests.factories import make_country, make_path, make_step
from tests.generate import generate, starter_counts
from tests.guides.destinations import make_destinations, make_more_destinations

pytestmark = pytest.mark.django_db

HOME = reverse("guides:home")
DESTINATIONS = reverse("guides:destination-list")
COMPARE = reverse("guides:compare")
HTMX = {"HX-Request": "true"}
BOOSTED = {"HX-Request": "true", "HX-Boosted": "true"}
HISTORY_RESTORE = {"HX-Request": "true", "HX-History-Restore-Request": "true"}


@pytest.fixture
def world():
    return make_destinations()


def detail(iso2: str) -> str:
    return reverse("guides:destination-detail", args=[iso2])


def assert_full_page(response):
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" in html and 'lang="en"' in html
    assert html.count("<h1") == 1
    assert "<main" in html and "<header" in html and "<footer" in html
    assert "style=" not in html and "<script>" not in html and " onclick" not in html
    assert "Set-Cookie" not in str(response.headers) and not response.cookies
    return html


# --- Every page ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        HOME,
        DESTINATIONS,
        DESTINATIONS + "?region=cis&sort=cheapest",
        detail("rs"),
        detail("IL"),
        COMPARE + "?c=ge&c=de&c=il&c=rs",
        COMPARE,
    ],
)
def test_page_is_a_full_page_without_cookies(client, world, url):
    assert_full_page(client.get(url))


def test_pages_render_with_no_data(client):
    for url in [HOME, DESTINATIONS, COMPARE + "?c=ge&c=de"]:
        assert_full_page(client.get(url))


def test_header_links_every_section_and_marks_the_current_one(client, world):
    html = client.get(DESTINATIONS).content.decode()
    for name in ["destination-list", "compare", "guide-list", "source-list"]:
        assert f'href="{reverse("guides:" + name)}"' in html
    assert f'href="{DESTINATIONS}" aria-current="page"' in html


def test_plan_is_linked_only_when_it_exists(client, world):
    try:
        plan = reverse("guides:plan")
    except NoReverseMatch:
        plan = None
    for url in [HOME, DESTINATIONS]:
        html = client.get(url).content.decode()
        if plan:
            assert f'href="{plan}"' in html
        else:
            assert "/plan/" not in html


# --- Home ----------------------------------------------------------------------------------------


def test_home_charts_every_country_by_region_with_text_ranges(client, world):
    html = assert_full_page(client.get(HOME))
    assert html.count('<svg class="bar"') == 5
    for text in ["2–4 months", "3–6 months", "at least 8 months", "12–24 months", "15–36 months"]:
        assert text in html
    assert html.index("CIS and Georgia") < html.index("Georgia</a></th>") < html.index("Kazakhstan")
    assert "France" not in html
    assert f"{COMPARE}?c=ge&amp;c=de&amp;c=il&amp;c=rs" in html
    assert f"{DESTINATIONS}?language=ru" in html


# --- Destinations --------------------------------------------------------------------------------


def test_destination_list_shows_cards_in_the_one_order(client, world):
    html = assert_full_page(client.get(DESTINATIONS))
    assert 'id="destination-results"' in html
    assert 'hx-get="/destinations/"' in html and 'hx-push-url="true"' in html
    assert 'hx-target="#destination-results"' in html
    # Wholly known ranges first (by midpoint), then Serbia's "at least 8 months", under their headings.
    order = [html.index(f'id="card-{code}"') for code in ["ge", "kz", "il", "de", "rs"]]
    assert order == sorted(order)
    assert (
        html.index("Time fully known") < order[0]
        and order[3] < html.index("Time only partly known") < order[4]
    )
    assert "partial: a sourced minimum; 2 of 2 steps have no known time range" in html
    assert "France" not in html
    assert "5 destinations" in html
    # Georgia's card: months, cost in EUR, exam, barrier.
    assert "2–4 months" in html and "€100–€300" in html and "Few posts" in html
    assert f'href="{COMPARE}?c=ge&amp;c=kz&amp;c=il&amp;c=de"' in html
    assert 'type="submit"' in html and "csrfmiddlewaretoken" not in html
    for name in ["region", "visa_free", "exam", "language", "max_months", "specialty", "q", "sort"]:
        assert f'<label for="id_{name}"' in html


def test_destination_filters_keep_their_url_names(client, world):
    html = client.get(DESTINATIONS, {"visa_free": "1"}).content.decode()
    assert 'name="visa_free" value="1"' in html and "checked" in html
    assert 'id="card-de"' not in html


def test_htmx_request_gets_the_results_fragment(client, world):
    response = client.get(DESTINATIONS, {"region": "cis"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in html and html.lstrip().startswith('<section id="destination-results"')
    assert 'id="card-ge"' in html and 'id="card-rs"' not in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("headers", [BOOSTED, HISTORY_RESTORE])
def test_boosted_and_history_restore_requests_get_the_full_page(client, world, headers):
    response = client.get(DESTINATIONS, headers=headers)
    assert_full_page(response)
    assert "HX-Request" in response["Vary"]


def test_full_page_varies_on_hx_request(client, world):
    assert "HX-Request" in client.get(DESTINATIONS)["Vary"]


@pytest.mark.parametrize(
    "params, error",
    [
        ({"max_months": "abc"}, "Enter a number."),
        ({"region": "<script>alert(1)</script>"}, "Select a valid choice."),
        ({"specialty": "nope"}, "Select a valid choice."),
        ({"language": "zz"}, "Select a valid choice."),
        ({"q": "<b>x</b>" * 700}, "Ensure this value has at most"),
        ({"page": "-1"}, "That page does not exist"),
        ({"page": "99999"}, "That page does not exist"),
        ({"page": "abc"}, "That page does not exist"),
    ],
)
def test_bad_parameters_show_the_error_and_keep_the_other_filters(client, world, params, error):
    response = client.get(DESTINATIONS, {**params, "exam": "none"})
    html = assert_full_page(response)
    assert error in html
    assert "<script>alert" not in html and "<b>x</b>" not in html
    assert 'id="card-ge"' in html and 'id="card-kz"' not in html


def test_empty_result_says_which_filter_to_relax(client, world):
    html = client.get(DESTINATIONS, {"region": "eu", "exam": "none"}).content.decode()
    assert "0 destinations" in html
    assert "Remove “Region: European Union”" in html and "(3 destinations)" in html
    assert "Remove “Exam: Known to need no exam”" in html and "(1 destination)" in html
    assert 'href="?exam=none"' in html and 'href="?region=eu"' in html


def test_pagination_keeps_the_filters(client, world):
    make_more_destinations(25)
    html = client.get(DESTINATIONS, {"visa_free": "1", "sort": "name"}).content.decode()
    assert "Page 1 of 2" in html
    assert 'href="?visa_free=1&amp;sort=name&amp;page=2"' in html
    second = client.get(DESTINATIONS, {"visa_free": "1", "sort": "name", "page": "2"}).content.decode()
    assert "Page 2 of 2" in second and 'id="card-rs"' in second


# --- A destination -------------------------------------------------------------------------------


def test_destination_detail_shows_the_timeline_costs_and_barriers(client, world):
    html = assert_full_page(client.get(detail("rs")))
    assert "<h1>Serbia</h1>" in html
    assert (
        "at least 8 months" in html
        and "partial: a sourced minimum; 2 of 2 steps have no known time range" in html
    )
    assert "20,000–40,000 RSD (€170–€340)" in html
    barriers = ["<h3>Unlicensed practice</h3>", "<h3>Serbian</h3>", "<h3>Banking</h3>"]
    assert [html.index(title) for title in barriers] == sorted(html.index(title) for title in barriers)
    assert "Work only once licensed." in html
    assert "Paediatrics" in html
    assert '<a href="https://azk.example.org/" rel="noopener">Qualifications agency</a>' in html
    assert 'href="#authorities"' in html


def test_destination_detail_marks_optional_steps_and_related_guides(client, world):
    html = assert_full_page(client.get(detail("de")))
    assert "optional, not in the total" in html and "step-optional" in html
    assert "15–36 months" in html and "German (C1)" in html
    assert reverse("guides:guide-detail", args=["germany-guide"]) in html
    assert "approbation-revision" not in html


def test_destination_detail_shows_figures_sources_and_caveats(client, world):
    world["israel"].caveat = "The exemption threshold is moving from 14 to 10 years."
    world["israel"].save()
    html = assert_full_page(client.get(detail("il")))
    assert "30–40 %" in html and "Moved on from Israel" in html
    assert "Sources disagree" in html and "moving from 14 to 10 years" in html
    # The exam path's bar, the exemption's (unknown: drawn hatched across the scale, never short), a figure.
    assert html.count('<svg class="bar"') == 4
    assert "unknown: no step has a known duration" in html
    georgia = assert_full_page(client.get(detail("ge")))
    assert "Doctors abroad" in georgia and "Diploma with apostille" in georgia


@pytest.mark.parametrize("iso2", ["zz", "fr-x", "toolongcode"])
def test_unknown_destination_is_404(client, world, iso2):
    assert client.get(detail(iso2)).status_code == HTTPStatus.NOT_FOUND


# --- Compare -------------------------------------------------------------------------------------


def test_compare_puts_countries_side_by_side_in_the_asked_order(client, world):
    response = client.get(COMPARE, {"c": ["ge", "de", "il", "rs"]})
    html = assert_full_page(response)
    heads = [html.index(f'<a href="{detail(code)}">') for code in ["ge", "de", "il", "rs"]]
    assert heads == sorted(heads)
    assert html.count('<th scope="row">') == 11
    assert "30–40 %" in html  # Israel's onward-migration share
    assert html.count('<svg class="bar"') == 4
    assert "Add a country" not in html  # four already
    assert 'href="/compare/?c=de&amp;c=il&amp;c=rs"' in html  # remove Georgia
    assert "HX-Request" in response["Vary"]


def test_compare_add_form_keeps_the_chosen_countries(client, world):
    html = client.get(COMPARE, {"c": ["ge", "de"]}).content.decode()
    assert '<input type="hidden" name="c" value="ge">' in html
    assert '<label for="compare-add">' in html
    assert '<option value="kz">Kazakhstan</option>' in html and '<option value="ge">' not in html


def test_compare_htmx_request_gets_the_fragment(client, world):
    response = client.get(COMPARE, {"c": ["ge", "de"]}, headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html and html.lstrip().startswith('<div id="compare-results"')


@pytest.mark.parametrize("headers", [BOOSTED, HISTORY_RESTORE])
def test_compare_boosted_and_history_restore_get_the_full_page(client, world, headers):
    response = client.get(COMPARE, {"c": ["ge", "de"]}, headers=headers)
    assert_full_page(response)
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize(
    "codes, message",
    [
        (["zz", "ge", "de"], "<code>zz</code>"),
        (["<script>", "ge", "de"], "<code>&lt;script&gt;</code>"),
        (["fr", "ge", "de"], "<code>fr</code>"),
        (["ge", "de", "il", "rs", "kz"], "at most 4 countries"),
        (["ge"], "Choose at least two countries"),
        ([], "Choose at least two countries"),
        (["", "GE", "ge", "de"], 'href="/compare/?c=de"'),  # empty skipped, case and repeats folded
    ],
)
def test_compare_explains_bad_choices(client, world, codes, message):
    html = assert_full_page(client.get(COMPARE, {"c": codes}))
    assert message in html
    assert "<script>" not in html and "<code></code>" not in html


# --- Query counts: constant whatever the data size -----------------------------------------------

# A test's data is written in the test's own transaction, which reads totals from the steps (one query)
# rather than from the totals index that committed data use, and builds the kept order of paths
# (``Standing``, one query) that committed data build once per data version.
PAGES = [
    (HOME, 7),
    (DESTINATIONS, 13),
    (DESTINATIONS + "?region=eu&exam=required&specialty=surgery&language=de&max_months=40&q=a", 15),
    (DESTINATIONS + "?region=americas&exam=none&max_months=1", 16),
    (COMPARE + "?c=ge&c=de&c=il&c=rs", 8),
    (detail("ge"), 22),  # 18, plus the change notes and dates, and the outcome aggregates and advice
]


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == HTTPStatus.OK
    return len(context.captured_queries)


@pytest.mark.parametrize("url, most", PAGES)
def test_query_count_does_not_grow_with_the_data(client, world, django_assert_max_num_queries, url, most):
    with django_assert_max_num_queries(most):
        client.get(url)
    small = count_queries(client, url)
    make_more_destinations(50)  # ten times the countries, paths, steps and barriers
    with django_assert_max_num_queries(most):
        client.get(url)
    assert count_queries(client, url) == small


STARTER_PAGES = [
    (HOME, 7),
    (DESTINATIONS, 11),
    (DESTINATIONS + "?language=ru&specialty=surgery&sort=cheapest", 15),
    (DESTINATIONS + "?q=nowhere-at-all&exam=none", 16),
    # 18, plus the change notes and the coming dates, and the doctors' reported outcomes (the
    # aggregates and the approved advice).
    (detail("rs"), 22),
    (detail("de"), 22),
    (COMPARE + "?c=ge&c=de&c=il&c=rs", 8),
]


def test_query_counts_at_starter_size_and_ten_times_it(client, django_assert_max_num_queries):
    call_command("loaddata", "starter.json", verbosity=0)
    at_starter = {}
    for url, most in STARTER_PAGES:
        with django_assert_max_num_queries(most):
            client.get(url)
        at_starter[url] = count_queries(client, url)
    generate(9, counts=starter_counts())  # the starter rows plus nine times as many: ten times in all
    for url, most in STARTER_PAGES:
        with django_assert_max_num_queries(most):
            client.get(url)
        assert count_queries(client, url) == at_starter[url], url


def test_home_chart_shows_the_fastest_few_per_region_and_links_the_rest(client):
    for index in range(15):
        country = make_country(iso2=f"e{index:x}", name=f"Euro {index}", region="eu")
        make_step(path=make_path(country=country), months_min=index + 1, months_max=index + 2)
    text = client.get(HOME).content.decode()
    assert text.count("Euro ") == 12
    assert "and 3 more destinations in this region" in text
    assert f"{DESTINATIONS}?region=eu" in text
