"""Markup many pages share is drawn once per data version: a destination's card (under every filter, sort
and page that lists it), a total's words and a bar's SVG. What is kept is what would be drawn afresh, and
each committed write is seen by the next page."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from guides.charts import RangeBar, TimelineRow
from guides.models import Barrier, Country
from guides.models import totals as totals_module
from guides.models.totals import Knowledge, Span, markup_per_data_version
from guides.templatetags import kept as kept_tags
from guides.templatetags.ranges import range_bar, total
from tests.factories import make_barrier, make_country, make_guide, make_path, make_source, make_step

pytestmark = pytest.mark.django_db(transaction=True)

CARD = re.compile(r'<li class="card">.*?</li>\s*(?=<li class="card">|</ol>)', re.S)


def world():
    source = make_source()
    for iso2, name, region, months in (
        ("aa", "Aland", "eu", 9),
        ("bb", "Bland", "eu", 2),
        ("cc", "Cland", "cis", 5),
    ):
        country = make_country(iso2=iso2, name=name, region=region)
        path = make_path(country=country, slug="main", status="published")
        path.sources.add(source)
        make_step(path=path, months_min=months, months_max=months + 1)
    make_barrier(
        country=Country.objects.get(iso2="bb"), slug="queue", title="A long queue", status="published"
    )


def cards(client, url: str) -> tuple[dict[str, str], int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    found = {re.search(r'id="card-(\w+)"', card).group(1): card for card in CARD.findall(html)}
    return found, len(queries)


def test_a_card_is_drawn_once_and_shown_alike_under_other_filters(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    world()
    first, first_queries = cards(client, "/destinations/?region=eu")
    assert sorted(first) == ["aa", "bb"]
    assert "A long queue" in first["bb"]
    # The same cards under another filter and sort (same scale: both pages end at 10 months): not
    # loaded again, and the very markup drawn the first time.
    again, again_queries = cards(client, "/destinations/?q=land&region=eu")
    assert again == first
    assert again_queries < first_queries
    everything, _queries = cards(client, "/destinations/")
    assert sorted(everything) == ["aa", "bb", "cc"]


def test_the_next_page_sees_each_committed_write(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    world()
    before, _queries = cards(client, "/destinations/")
    assert "A long queue" in before["bb"]
    Barrier.objects.filter(slug="queue").update(title="A short queue")  # no signal: the version stays
    Country.objects.get(iso2="bb").save()  # a committed write bumps the data version
    after, _queries = cards(client, "/destinations/")
    assert "A short queue" in after["bb"] and "A long queue" not in after["bb"]
    # In Russian, the same rows make other cards.
    with translation.override("ru"):
        russian, _queries = cards(client, "/ru/destinations/")
    assert "Регион" in russian["bb"] and russian["bb"] != after["bb"]


def test_markup_per_data_version_draws_only_what_is_not_kept(settings, monkeypatch):
    make_country()  # a committed write: a data version to keep markup under
    drawn = []

    def draw(indexes):
        drawn.append(list(indexes))
        return [f"<p>{index}</p>" for index in indexes]

    assert markup_per_data_version(["a", "b"], draw) == ["<p>0</p>", "<p>1</p>"]
    assert markup_per_data_version(["b", "c", "a"], lambda indexes: draw(indexes)) == [
        "<p>1</p>",
        "<p>1</p>",
        "<p>0</p>",
    ]
    assert drawn == [[0, 1], [1]]
    # Bounded: past the limit the oldest go first, and the version is kept.
    monkeypatch.setattr(totals_module, "MARKUP_KEPT", 2)
    markup_per_data_version(["d"], draw)
    assert markup_per_data_version(["a"], draw) == ["<p>0</p>"]
    assert drawn[-1] == [0]  # "a", the oldest, had gone
    make_country(iso2="fr", name="France")  # a new data version: nothing is kept from the last one
    markup_per_data_version(["d"], draw)
    assert drawn[-1] == [0]


def test_a_total_and_a_bar_are_written_per_language():
    span = Span(low=Decimal("2.5"), high=Decimal("4"), knowledge=Knowledge.COMPLETE, parts=2)
    english = total(span, "months")
    with translation.override("ru"):
        russian = total(span, "months")
    assert "2.5–4 months" in english
    assert "2,5–4 месяца" in russian
    assert total(span, "months") == english
    bar = RangeBar(min_x="0", min_width="10", span_x="10", span_width="20", open_ended=False)
    assert range_bar(bar) == range_bar(bar, ())
    assert 'class="bar-span"' in range_bar(bar) and range_bar(None) == ""


def test_the_filter_form_is_kept_per_state_of_its_fields(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    world()

    def form(url):
        html = client.get(url).content.decode()
        return html[html.index('<div class="filter-fields">') : html.index('<p class="form-actions">')]

    plain = form("/destinations/")
    assert 'value="eu" selected' not in plain
    europe = form("/destinations/?region=eu")
    assert 'value="eu" selected' in europe
    # Another page or another sort of the same filters draws its own state, never a kept other one.
    assert form("/destinations/?region=eu&page=1") == europe
    by_cost = form("/destinations/?region=eu&sort=cheapest")
    assert 'value="cheapest" selected' in by_cost and by_cost != europe
    assert form("/destinations/") == plain
    with translation.override("ru"):
        assert "Регион" in form("/ru/destinations/?region=eu")


def test_a_guide_card_is_drawn_once_and_follows_writes(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    world()
    guide = make_guide(slug="exams", title="Exams abroad", status="published")

    def listing(url):
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        return html, len(queries)

    first, first_queries = listing("/guides/")
    again, again_queries = listing("/guides/?q=exam")
    assert "Exams abroad" in first and "Exams abroad" in again
    assert again_queries < first_queries  # the card is not loaded again, only the matching ids are read
    guide.title = "Exams at home"
    guide.save()
    after, _queries = listing("/guides/?q=exam")
    assert "Exams at home" in after and "Exams abroad" not in after


def render(markup: str, **context) -> str:
    return Template("{% load kept plan_form ranges %}" + markup).render(Context(context))


def test_a_citation_is_the_same_wherever_it_is_cited_and_follows_writes(monkeypatch):
    source = make_source(key="law", title="Law on <health>", publisher="Gazette", language="sr")
    first = render("{% citation source %}", source=source)
    assert "Law on &lt;health&gt;" in first and "Gazette" in first and 'lang="sr"' in first
    with monkeypatch.context() as patch:
        patch.setattr(kept_tags, "render_to_string", None)  # drawn already: not drawn again
        assert render("{% citation source %}", source=source) == first
    source.title = "Law on care"
    source.save()
    assert "Law on care" in render("{% citation source %}", source=source)
    with translation.override("ru"):
        assert "без даты" in render("{% citation source %}", source=source)


def test_level_options_mark_the_doctors_level_only():
    options = render(
        "{% level_options code chosen levels %}",
        code="de",
        chosen="b1",
        levels=[("a1", "A1 <beginner>"), ("b1", "B1")],
    )
    assert (
        options
        == '<option value="de:a1">A1 &lt;beginner&gt;</option>\n<option value="de:b1" selected>B1</option>'
    )


def test_a_plan_timeline_writes_each_row_with_its_range_and_bar():
    bar = RangeBar(min_x="0", min_width="10", span_x="10", span_width="20", open_ended=False)
    rows = [
        TimelineRow("Exam & licence", "step", Decimal(2), Decimal(4), bar),
        TimelineRow("German", "study", None, None, None),
    ]
    markup = render("{% plan_timeline rows ticks %}", rows=rows, ticks=[])
    assert markup.startswith(
        '<ol class="plan-timeline"><li class="timeline-step"><span>Exam &amp; licence: 2–4 months'
    )
    assert '<li class="timeline-study"><span>German: unknown</span></li></ol>' in markup
    assert markup.count("<svg") == 1
    assert render("{% plan_timeline rows %}", rows=[]) == ""


def test_a_page_url_is_reversed_per_language_and_script_prefix():
    from django.urls import reverse, set_script_prefix

    from guides.models.base import page_url

    assert page_url("guides:destination-detail", "rs") == reverse("guides:destination-detail", args=["rs"])
    with translation.override("ru"):
        assert page_url("guides:destination-detail", "rs") == "/ru/destinations/rs/"
    assert page_url("guides:destination-detail", "rs") == "/destinations/rs/"
    set_script_prefix("/guide/")
    try:
        assert page_url("guides:destination-detail", "rs") == "/guide/destinations/rs/"
    finally:
        set_script_prefix("/")


def test_markup_drawn_while_the_data_changed_is_not_kept():
    make_country()

    def draw_during_a_write(indexes):
        make_country(iso2="fr", name="France")  # committed meanwhile: a newer data version...
        # ...which another request of this process has already drawn for.
        markup_per_data_version(["other"], lambda other: ["<p>other</p>" for _index in other])
        return ["<p>old</p>" for _index in indexes]

    assert markup_per_data_version(["card"], draw_during_a_write) == ["<p>old</p>"]
    # What was drawn from the older data is not kept under the newer version.
    assert markup_per_data_version(["card"], lambda indexes: ["<p>new</p>" for _index in indexes]) == [
        "<p>new</p>"
    ]


def test_a_filters_ranking_is_kept_for_its_pages_and_no_page_draws_on_it(client, settings, monkeypatch):
    settings.PAGE_CACHE_SECONDS = 0
    world()
    first, first_queries = cards(client, "/destinations/?region=eu")
    again, again_queries = cards(client, "/destinations/?region=eu&page=1")
    assert again == first and again_queries == 0  # the ranking, the cards and the form all kept
    rankings = [value for key, value in totals_module._values.items() if key is not totals_module.VERSION]
    assert rankings and all(
        row.card == "" and row.months_bar is None for r in rankings for row in r.countries
    )
    # Bounded: past the limit the oldest ranking goes first.
    monkeypatch.setattr(totals_module, "VALUES_KEPT", 1)
    cards(client, "/destinations/?region=cis")
    assert len(totals_module._values) == 2  # the version and the newest ranking
    make_country(iso2="dk", name="Dland", region="eu")  # a committed write
    make_path(country=Country.objects.get(iso2="dk"), slug="main", status="published")
    after, _queries = cards(client, "/destinations/?region=eu")
    assert sorted(after) == ["aa", "bb", "dk"]


def test_a_source_title_is_drawn_once_and_the_report_form_offers_the_pages_paths(
    client, settings, monkeypatch
):
    settings.PAGE_CACHE_SECONDS = 0
    world()
    html = client.get("/destinations/aa/").content.decode()
    assert '<option value="main">' in html  # the report form offers the country's published path
    source = make_source(key="other", title="Another <article>")
    first = render("{% source_title source %}", source=source)
    assert "Another &lt;article&gt;" in first
    with monkeypatch.context() as patch:
        patch.setattr(kept_tags, "render_to_string", None)  # drawn already: not drawn again
        assert render("{% source_title source %}", source=source) == first
