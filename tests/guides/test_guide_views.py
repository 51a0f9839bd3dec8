import datetime
import re
from http import HTTPStatus

import pytest
from django.template import loader
from django.urls import reverse

from guides import views
from tests.factories import (
    make_barrier,
    make_country,
    make_currency,
    make_figure,
    make_guide,
    make_path,
    make_source,
    make_specialty,
    make_step,
    make_topic,
)

pytestmark = pytest.mark.django_db

GUIDE_LIST = reverse("guides:guide-list")
SOURCE_LIST = reverse("guides:source-list")
HTMX = {"HX-Request": "true"}


def make_guides(count: int, prefix: str = "guide", **fields):
    """``count`` published guides, each with two countries, a specialty, a topic and two sources."""
    germany = make_country(iso2=f"{prefix[:1]}d", name=f"Germany {prefix}", region="eu")
    georgia = make_country(iso2=f"{prefix[:1]}g", name=f"Georgia {prefix}", region="cis")
    specialty = make_specialty(slug=f"{prefix}-surgery", name="Surgery")
    topic = make_topic(slug=f"{prefix}-documents", name="Documents")
    sources = [make_source(key=f"{prefix}-source-{n}", title=f"Source {n}") for n in range(2)]
    made = []
    for number in range(count):
        guide = make_guide(slug=f"{prefix}-{number:03}", title=f"Guide {number}", **fields)
        guide.countries.set([germany, georgia])
        guide.specialties.set([specialty])
        guide.topics.set([topic])
        guide.sources.set(sources)
        made.append(guide)
    return made


def test_guide_list_is_a_full_page(client):
    make_guides(2)
    response = client.get(GUIDE_LIST)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" in html and 'id="guide-results"' in html
    assert html.count("<h1") == 1
    assert 'aria-current="page"' in html
    assert 'hx-get="/guides/"' in html and 'hx-push-url="true"' in html and "delay:300ms" in html
    assert "Guide 0" in html and "Guide 1" in html


def test_htmx_request_gets_results_fragment(client):
    make_guides(2)
    response = client.get(GUIDE_LIST, {"q": "Guide 1"}, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in html
    assert html.lstrip().startswith('<section id="guide-results"')
    assert "Guide 1" in html and "Guide 0" not in html


@pytest.mark.parametrize(
    "headers",
    [
        {**HTMX, "HX-Boosted": "true"},
        {**HTMX, "HX-History-Restore-Request": "true"},
    ],
)
def test_boosted_and_history_restore_requests_get_the_whole_page(client, headers):
    response = client.get(GUIDE_LIST, headers=headers)
    assert "<html" in response.content.decode()


def test_guide_list_varies_on_hx_request(client):
    for headers in ({}, HTMX):
        response = client.get(GUIDE_LIST, headers=headers)
        assert "HX-Request" in response["Vary"]


def test_pagination_keeps_the_filters(client):
    make_guides(views.GUIDES_PER_PAGE + 5)
    response = client.get(GUIDE_LIST, {"topic": "guide-documents", "q": "guide"})
    html = response.content.decode()
    assert "?topic=guide-documents&amp;q=guide&amp;page=2" in html
    assert 'hx-get="/guides/?topic=guide-documents&amp;q=guide&amp;page=2"' in html
    second = client.get(GUIDE_LIST, {"topic": "guide-documents", "q": "guide", "page": "2"}, headers=HTMX)
    html = second.content.decode()
    assert html.count('class="card"') == 5
    assert "?topic=guide-documents&amp;q=guide&amp;page=1" in html


def test_removing_a_filter_keeps_the_others(client):
    make_guides(1)
    html = client.get(GUIDE_LIST, {"country": "gd", "topic": "guide-documents", "page": "1"}).content.decode()
    assert 'href="/guides/?topic=guide-documents"' in html
    assert 'href="/guides/?country=gd"' in html


@pytest.mark.parametrize(
    "params, message",
    [
        ({"page": "-1"}, "That page does not exist"),
        ({"page": "99999"}, "That page does not exist"),
        ({"page": "abc"}, "That page does not exist"),
        ({"country": "zz"}, "Unknown country: choose one from the list."),
        ({"region": "<script>alert(1)</script>"}, "Unknown region: choose one from the list."),
        ({"specialty": "<b>x</b>"}, "Unknown specialty: choose one from the list."),
        ({"q": "<script>" * 625}, "Ensure this value has at most 200 characters"),
    ],
)
def test_bad_parameters_show_the_error_and_the_other_results(client, params, message):
    make_guides(2)
    response = client.get(GUIDE_LIST, params)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert message in html
    assert "<script>" not in html.replace('<script src="', "")
    assert "<b>x</b>" not in html
    assert "Guide 0" in html and "Guide 1" in html


def test_empty_result_says_what_to_do(client):
    make_guides(1)
    html = client.get(GUIDE_LIST, {"q": "nothing-matches-this"}).content.decode()
    assert "No guide matches all of these filters." in html
    assert "Remove one of the filters above" in html


@pytest.mark.parametrize("count", [3, 30])
def test_guide_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    make_guides(count)
    with django_assert_max_num_queries(10):
        response = client.get(GUIDE_LIST, {"country": "gd", "topic": "guide-documents", "page": "2"})
    assert response.status_code == HTTPStatus.OK
    with django_assert_max_num_queries(10):
        client.get(GUIDE_LIST, {"q": "guide"}, headers=HTMX)


@pytest.mark.parametrize("url_name", ["guides:guide-list", "guides:source-list"])
def test_public_pages_set_no_cookies(client, url_name):
    make_guides(1)
    response = client.get(reverse(url_name))
    assert response.status_code == HTTPStatus.OK
    assert not response.cookies
    assert "csrf" not in response.content.decode().lower()


def test_guide_detail_shows_body_sources_and_review(client):
    source = make_source(
        key="eng-2023",
        title="How doctors emigrate",
        url="https://example.org/a",
        published_on=datetime.date(2023, 5, 2),
    )
    undated = make_source(key="survey", title="A survey", date_note="2024")
    georgia = make_country(iso2="ge", name="Georgia", region="cis")
    guide = make_guide(
        slug="documents",
        title="Documents to bring",
        body="# Before\n\nBring *everything*.<script>alert(1)</script>",
        confidence="low",
        last_reviewed=datetime.date(2026, 10, 1),
        caveat="The ministry changed the rule in 2025.",
    )
    guide.sources.set([source, undated])
    guide.countries.set([georgia])
    guide.topics.set([make_topic()])
    response = client.get(guide.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.count("<h1") == 1
    assert "<h2>Before</h2>" in html and "<em>everything</em>" in html
    assert "alert(1)" not in html
    assert 'href="https://example.org/a"' in html and "How doctors emigrate" in html
    assert '<time datetime="2023-05-02">' in html and "(2024)" in html
    assert "Sources disagree" in html and "The ministry changed the rule in 2025." in html
    assert "Low" in html and '<time datetime="2026-10-01">' in html
    assert f'href="{georgia.get_absolute_url()}"' in html
    assert 'href="/guides/?topic=documents"' in html
    assert not response.cookies


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_unpublished_guide_is_not_found(client, status):
    guide = make_guide(status=status)
    assert client.get(guide.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


def test_revision_of_a_guide_is_not_found(client):
    live = make_guide(slug="live")
    revision = make_guide(slug="live-revision", revision_of=live)
    assert client.get(revision.get_absolute_url()).status_code == HTTPStatus.NOT_FOUND


@pytest.mark.parametrize("count", [1, 10])
def test_guide_detail_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    guide = make_guides(count)[0]
    with django_assert_max_num_queries(6):  # 5, plus the guide's change notes
        assert client.get(guide.get_absolute_url()).status_code == HTTPStatus.OK


def make_cited_sources(count: int):
    """``count`` sources, each cited by one published item of every kind (and by drafts, not shown)."""
    made = []
    for number in range(count):
        source = make_source(key=f"source-{number:03}", title=f"Source {number}")
        country = make_country(
            iso2=f"{chr(97 + number // 26)}{chr(97 + number % 26)}", name=f"Country {number}"
        )
        path = make_path(country=country, slug="route", name=f"Route {number}")
        draft_path = make_path(
            country=country, slug="draft-route", name=f"Draft route {number}", status="draft"
        )
        step = make_step(path=path, slug="apply", title=f"Apply {number}")
        draft_step = make_step(path=draft_path, slug="apply", title=f"Draft step {number}")
        barrier = make_barrier(country=country, slug="exam", title=f"Barrier {number}")
        figure = make_figure(slug=f"figure-{number}", country=country, label=f"Figure {number}", year=2024)
        guide = make_guide(slug=f"guide-{number}", title=f"Guide {number}")
        draft_guide = make_guide(slug=f"draft-{number}", title=f"Draft guide {number}", status="draft")
        for item in (country, path, draft_path, step, draft_step, barrier, figure, guide, draft_guide):
            item.sources.add(source)
        made.append(source)
    return made


def test_source_list_shows_what_cites_each_source(client):
    make_cited_sources(1)
    make_source(key="uncited", title="Nobody cites me")
    make_currency(code="RSD", name="Serbian dinar", source=make_source(key="rates", title="Rates"))
    response = client.get(SOURCE_LIST)
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert html.count("<h1") == 1
    for text in ("Country 0", "Route 0", "Apply 0", "Barrier 0", "Figure 0</a> (2024)", "Guide 0"):
        assert text in html
    assert 'href="/destinations/aa/#path-route"' in html
    assert "RSD (as of Nov. 1, 2026)" in html
    assert "Draft" not in html
    assert "Nothing published cites this source yet." in html


@pytest.mark.parametrize("count", [3, 30])
def test_source_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    make_cited_sources(count)
    with django_assert_max_num_queries(9):
        response = client.get(SOURCE_LIST, {"page": "2"})
    assert response.status_code == HTTPStatus.OK


@pytest.mark.parametrize("page", ["-1", "99999", "abc", "<script>"])
def test_source_list_survives_bad_pages(client, page):
    make_cited_sources(2)
    response = client.get(SOURCE_LIST, {"page": page})
    assert response.status_code == HTTPStatus.OK
    assert "That page does not exist" in response.content.decode()


def test_source_list_links_the_open_data_files(client):
    html = client.get(SOURCE_LIST).content.decode()
    assert 'href="/data/starter.json"' in html
    assert 'href="/data/destinations.csv"' in html


def test_not_found_page_is_in_the_site_style(client):
    response = client.get("/no-such-page/")
    html = response.content.decode()
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert 'class="site-header"' in html and "Page not found" in html
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert html.count("<h1") == 1


def test_server_error_page_needs_no_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        html = loader.get_template("500.html").render()
    assert '<html lang="en">' in html and "<h1>" in html
    assert "site.css" in html


@pytest.mark.parametrize("page", ["", "1", "01"])
def test_a_valid_page_shows_no_notice(client, page):
    make_guides(2)
    html = client.get(GUIDE_LIST, {"page": page}).content.decode()
    assert "That page does not exist" not in html


def test_russian_guide_list_keeps_its_prefix(client):
    make_guides(1)
    html = client.get("/ru/guides/").content.decode()
    assert '<html lang="ru">' in html
    assert 'hx-get="/ru/guides/"' in html


@pytest.mark.parametrize(
    "url",
    [GUIDE_LIST, "/guides/?q=%3Cscript%3E&region=x", "/guides/a-guide/", SOURCE_LIST, "/no-such-page/"],
)
def test_pages_hold_no_inline_script_style_or_event_handler(client, url):
    """A strict Content-Security-Policy follows: nothing inline may be needed."""
    guide = make_guide(body='<p style="color:red" onclick="x()">Hi</p><script>alert(1)</script>')
    guide.sources.add(make_source())
    html = client.get(url).content.decode()
    assert "style=" not in html
    assert not re.search(r"\son[a-z]+\s*=", html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
