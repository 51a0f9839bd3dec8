"""The public pages: home, destinations, a country, compare, guides, sources.

Each view parses its parameters (a FilterSet or a form), asks one QuerySet for its rows and renders; the
geometry of the charts is in ``charts.py``. The plan, the correction report and the open data have their
views in their own packages.
"""

import re
from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from relocation.cache import page_parameters
from relocation.htmx import HtmxHttpRequest, is_partial
from relocation.paging import get_page

from .changes.pages import country_events, country_notes, guide_notes
from .charts import figure_bars, month_bars, path_timelines, regions_at_a_glance, ticks
from .filters import DestinationFilter, GuideFilter
from .models import Country, Guide, Source
from .models.destinations import cards, rank
from .models.totals import attach_totals, markup_per_data_version, per_data_version
from .outcomes import aggregate as outcomes
from .templatetags.kept import kept_includes

DESTINATIONS_PER_PAGE = 20
GUIDES_PER_PAGE = 20
SOURCES_PER_PAGE = 20
HOME_COUNTRIES_PER_REGION = 12
COMPARE_MIN = 2
COMPARE_MAX = 4
# Codes looked up per request at most, so a long query string cannot make a long query.
COMPARE_LOOKUP_LIMIT = 12
# The comparison the articles draw: CIS (Georgia), the EU (Germany), Israel and Serbia.
READY_COMPARISON = ["ge", "de", "il", "rs"]
ISO2 = re.compile(r"^[a-z]{2}$")


def _partial_or_page(request: HtmxHttpRequest, template: str, partial: str) -> str:
    return f"{template}#{partial}" if is_partial(request) else template


@require_GET
@page_parameters()
def home(request: HtmxHttpRequest):
    language = translation.get_language()
    context = {
        **per_data_version(("home", language), _home_chart),
        "ready_comparison": urlencode([("c", code) for code in READY_COMPARISON]),
    }
    return render(request, "guides/home.html", context)


def _home_chart() -> dict:
    """Every destination in the one order, cut to the first few per region: the same for every reader
    until the data changes, so it is built once per data version (``per_data_version``)."""
    countries = Country.objects.ranked().countries
    scale = month_bars(countries)
    return {
        "regions": regions_at_a_glance(countries, Country.Region.choices, HOME_COUNTRIES_PER_REGION),
        "scale": scale,
        "ticks": ticks(scale),
        "country_count": len(countries),
    }


@require_GET
@vary_on_headers("HX-Request")
@page_parameters(*DestinationFilter.FIELD_ORDER, "page")
def destination_list(request: HtmxHttpRequest):
    destinations = DestinationFilter(request.GET, queryset=Country.objects.all(), request=request)
    ranking = destinations.ranking()
    page, page_changed = get_page(request, ranking.countries, DESTINATIONS_PER_PAGE)
    countries = [row.copy() for row in page.object_list]
    might_fit = [row.copy() for row in ranking.might_fit]
    scale = month_bars([*countries, *might_fit])
    _draw_cards([(country, 4 if country.group else 3) for country in countries] + [(c, 4) for c in might_fit])
    context = {
        "filter": destinations,
        # What the filter form shows (its fields' values): the same on every page of these filters.
        "form_state": destinations.state(),
        "page_obj": page,
        "countries": countries,
        "might_fit": might_fit,
        "sort": destinations.form.cleaned_data.get("sort") or DestinationFilter.SORT_FASTEST,
        "max_months": destinations.form.cleaned_data.get("max_months"),
        "page_changed": page_changed,
        "active_filters": destinations.active_filters(),
        # Which single filter, dropped, would give results (only when nothing matched).
        "relax": destinations.relaxations() if not (countries or ranking.might_fit) else [],
        "compare_query": urlencode([("c", c.iso2) for c in countries[:COMPARE_MAX]]),
        "scale": scale,
        "ticks": ticks(scale),
    }
    template = _partial_or_page(request, "guides/destination_list.html", "destination-results")
    return render(request, template, context)


@require_GET
@page_parameters()
def destination_detail(request: HtmxHttpRequest, iso2: str):
    country = get_object_or_404(Country.objects.for_detail(), iso2=iso2.lower())
    paths = country.ordered_paths
    scale = path_timelines(paths)
    figure_bars(country.published_figures)
    outcomes.for_paths(paths)
    context = {
        "country": country,
        "paths": paths,
        "advice": outcomes.advice_for(country),
        "scale": scale,
        "ticks": ticks(scale),
        "sources": country.cited_sources(),
        "change_notes": country_notes(country),
        "events": country_events(country),
    }
    return render(request, "guides/destination_detail.html", context)


def _draw_cards(rows: list) -> None:
    """Give each ``(RankedCountry, heading level)`` of ``rows`` its card's markup (``card``).

    A card is the same under every filter, sort and page that shows that country with that path on that
    scale, so its markup is kept per data version (``markup_per_data_version``); only the countries whose
    card is not kept are loaded in full (``cards()``, a fixed number of queries) and drawn."""
    language = translation.get_language()
    keys = [
        ("card", language, row.pk, row.best_path.pk if row.best_path else None, row.months_bar, level)
        for row, level in rows
    ]

    def draw(indexes: list[int]) -> list[str]:
        full = cards([rows[index][0] for index in indexes])
        drawn = []
        for country, index in zip(full, indexes, strict=True):
            row, level = rows[index]
            country.months_bar = row.months_bar
            drawn.append(
                render_to_string("includes/destination_card.html", {"country": country, "level": level})
            )
        return drawn

    for (row, _level), markup in zip(rows, markup_per_data_version(keys, draw), strict=True):
        row.card = markup


def _compare_codes(raw_values) -> tuple[list[str], list[str]]:
    """The distinct well-formed codes asked for (in order), and the malformed ones."""
    asked, malformed = [], []
    for raw in raw_values[: COMPARE_LOOKUP_LIMIT * 2]:
        code = raw.strip().lower()
        if not code:
            continue  # an empty choice, as an unselected form field sends
        if not ISO2.match(code):
            malformed.append(raw[:20])
        elif code not in asked:
            asked.append(code)
    return asked[:COMPARE_LOOKUP_LIMIT], malformed


def _chosen_paths(values) -> dict[str, str]:
    """``path=<iso2>:<slug>`` parameters (at most one per country, a bounded number) as {iso2: slug}."""
    chosen = {}
    for value in values[: COMPARE_LOOKUP_LIMIT * 2]:
        iso2, _sep, slug = value.strip().lower().partition(":")
        if ISO2.match(iso2) and slug and iso2 not in chosen:
            chosen[iso2] = slug[:80]
    return chosen


def _show_path(country, wanted: str | None) -> None:
    """The path a comparison shows for ``country``: the one asked for, else the standard one, else the
    first in the one order; the others become links (``country.other_paths``)."""
    paths = country.matching_paths
    shown = next((p for p in paths if p.slug == wanted), None) or next(
        (p for p in paths if p.is_standard), None
    )
    country.best_path = shown or paths[0]
    country.other_paths = [p for p in paths if p is not country.best_path]


@require_GET
@vary_on_headers("HX-Request")
@page_parameters("c", "path")
def compare(request: HtmxHttpRequest):
    asked, malformed = _compare_codes(request.GET.getlist("c"))
    wanted = _chosen_paths(request.GET.getlist("path"))
    candidates = list(Country.objects.filter(iso2__in=asked).with_cards())
    attach_totals([path for country in candidates for path in country.matching_paths])
    found = {c.iso2: c for c in rank(candidates).countries}
    chosen = [found[code] for code in asked if code in found]
    countries = chosen[:COMPARE_MAX]
    codes = [c.iso2 for c in countries]
    for country in countries:
        _show_path(country, wanted.get(country.iso2))
        country.remove_query = urlencode(
            [("c", code) for code in codes if code != country.iso2]
            + [("path", f"{code}:{slug}") for code, slug in wanted.items() if code != country.iso2]
        )
        keep = [("c", code) for code in codes] + [
            ("path", f"{code}:{slug}") for code, slug in wanted.items() if code != country.iso2
        ]
        country.path_links = [
            (path, urlencode([*keep, ("path", f"{country.iso2}:{path.slug}")]))
            for path in country.other_paths
        ]
    scale = month_bars(countries)
    can_add = len(countries) < COMPARE_MAX
    context = {
        "countries": countries,
        "codes": codes,
        "unknown": malformed + [code for code in asked if code not in found],
        "too_many": len(chosen) > COMPARE_MAX,
        "too_few": len(countries) < COMPARE_MIN,
        "can_add": can_add,
        "choices": Country.objects.with_published_paths().exclude(iso2__in=codes).for_choice().by_name()
        if can_add
        else [],
        "compare_max": COMPARE_MAX,
        "scale": scale,
        "ticks": ticks(scale),
        "ready_comparison": urlencode([("c", code) for code in READY_COMPARISON]),
    }
    return render(request, _partial_or_page(request, "guides/compare.html", "compare-results"), context)


@require_GET
@vary_on_headers("HX-Request")
@page_parameters(*GuideFilter.Meta.fields, "page")
def guide_list(request: HtmxHttpRequest):
    guides = Guide.objects.published().with_tags().newest_first()
    guide_filter = GuideFilter(request.GET, queryset=guides, request=request)
    # One pass over the matching rows (a text search reads six text columns of each) gives their ids in
    # order: the count and the page come from that list, and only the page's guides are loaded.
    matching = list(guide_filter.qs.values_list("pk", flat=True))
    page, page_changed = get_page(request, matching, GUIDES_PER_PAGE)
    # A guide's card is the same under every search and filter that finds it.
    page.object_list = kept_includes(
        "guide",
        "includes/guide_card.html",
        "guide",
        page.object_list,
        lambda pks: guides.filter(pk__in=pks).in_bulk(),
    )
    context = {
        "filter": guide_filter,
        "page_obj": page,
        "page_changed": page_changed,
        "active_filters": guide_filter.active_filters(),
    }
    return render(request, _partial_or_page(request, "guides/guide_list.html", "guide-results"), context)


@require_GET
@page_parameters()
def guide_detail(request: HtmxHttpRequest, slug: str):
    guide = get_object_or_404(Guide.objects.published().with_related(), slug=slug)
    context = {"guide": guide, "change_notes": guide_notes(guide)}
    return render(request, "guides/guide_detail.html", context)


def open_data_links() -> list[tuple[str, str]]:
    return [
        (reverse("data-starter-json"), gettext_lazy("all curated data (JSON, a Django fixture)")),
        (reverse("data-destinations-csv"), gettext_lazy("destinations (CSV)")),
        (reverse("data-changes-json"), gettext_lazy("what changed, since a date (JSON, ?since=YYYY-MM-DD)")),
        (
            reverse("data-outcomes-csv"),
            gettext_lazy("doctors' reported outcomes (CSV)"),
        ),
    ]


@require_GET
@page_parameters("page")
def source_list(request: HtmxHttpRequest):
    page, page_changed = get_page(request, Source.objects.with_citations(), SOURCES_PER_PAGE)
    context = {"page_obj": page, "page_changed": page_changed, "open_data": open_data_links()}
    return render(request, "guides/source_list.html", context)
