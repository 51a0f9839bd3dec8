import re
from decimal import Decimal
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from guides.services import opendata
from relocation.htmx import HtmxHttpRequest, is_partial

from .charts import figure_scale, nice_scale, range_bar, ticks, timeline, value_bar
from .filters import DestinationFilter, GuideFilter
from .forms import CorrectionReportForm, PlanForm
from .models import Country, Guide, Language, Source
from .services.plan import NATIVE, PLAN_LEVELS, contacts, document_checklist, level_label, plan_estimate


@require_GET
@never_cache
def healthz(request):
    """Liveness: answers without touching the database."""
    return HttpResponse("ok\n", content_type="text/plain")


# --- Home, destinations, comparison --------------------------------------------------------------

DESTINATIONS_PER_PAGE = 20
COMPARE_MIN = 2
COMPARE_MAX = 4
# Codes looked up per request at most, so a long query string cannot make a long query.
COMPARE_LOOKUP_LIMIT = 12
# The comparison the articles draw: CIS (Georgia), the EU (Germany), Israel and Serbia.
READY_COMPARISON = ["ge", "de", "il", "rs"]
ISO2 = re.compile(r"^[a-z]{2}$")


def _with_month_bars(countries: list[Country]) -> int:
    """Give each country ``fastest_path`` and ``months_bar`` (on one shared scale); return the scale."""
    for country in countries:
        country.fastest_path = country.fastest_paths[0] if country.fastest_paths else None
    paths = [c.fastest_path for c in countries if c.fastest_path]
    scale = nice_scale(p.months_max if p.months_max is not None else p.months_min for p in paths)
    for country in countries:
        path = country.fastest_path
        country.months_bar = range_bar(path.months_min, path.months_max, scale) if path else None
    return scale


HOME_COUNTRIES_PER_REGION = 12


@require_GET
def home(request: HtmxHttpRequest):
    countries = list(Country.objects.with_fastest_path().fastest_first())
    scale = _with_month_bars(countries)
    regions = []
    for value, label in Country.Region.choices:
        members = [c for c in countries if c.region == value]
        if members:
            paths = [c.fastest_path for c in members]
            lows = [p.months_min for p in paths if p.months_min is not None]
            highs = [p.months_max for p in paths]
            regions.append(
                {
                    "value": value,
                    "label": label,
                    # The fastest few per region keep the page small; the rest are one link away.
                    "countries": members[:HOME_COUNTRIES_PER_REGION],
                    "more": max(0, len(members) - HOME_COUNTRIES_PER_REGION),
                    # The region's span: the quickest minimum to the slowest maximum, when all are known.
                    "months_min": min(lows) if lows else None,
                    "months_max": max(highs) if lows and None not in highs else None,
                }
            )
    context = {
        "regions": regions,
        "scale": scale,
        "ticks": ticks(scale),
        "country_count": len(countries),
        "ready_comparison": urlencode([("c", code) for code in READY_COMPARISON]),
        "plan_exists": _resolves_name("guides:plan"),
    }
    return render(request, "guides/home.html", context)


def _resolves_name(name: str) -> bool:
    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


@require_GET
@vary_on_headers("HX-Request")
def destination_list(request: HtmxHttpRequest):
    destinations = DestinationFilter(request.GET, queryset=Country.objects.all(), request=request)
    page, page_changed = _get_page(request, destinations.qs, DESTINATIONS_PER_PAGE)
    countries = list(page.object_list)
    scale = _with_month_bars(countries)
    active_filters = destinations.active_filters()
    relax = []
    if not countries and active_filters:
        # Which single filter, dropped, would give results: one count per active filter (at most 7).
        for item in active_filters:
            data = request.GET.copy()
            data.pop(item["name"], None)
            count = DestinationFilter(data, queryset=Country.objects.all(), request=request).qs.count()
            relax.append({**item, "count": count})
    context = {
        "filter": destinations,
        "page_obj": page,
        "countries": countries,
        "page_changed": page_changed,
        "active_filters": active_filters,
        "relax": relax,
        "compare_query": urlencode([("c", c.iso2) for c in countries[:COMPARE_MAX]]),
        "scale": scale,
        "ticks": ticks(scale),
    }
    template = (
        "guides/destination_list.html#destination-results"
        if is_partial(request)
        else "guides/destination_list.html"
    )
    return render(request, template, context)


@require_GET
def destination_detail(request: HtmxHttpRequest, iso2: str):
    country = get_object_or_404(Country.objects.for_detail(), iso2=iso2.lower())
    paths = country.published_paths
    # One months scale for every timeline on the page, so bars compare across paths.
    ends = []
    for path in paths:
        offset = Decimal(0)
        for step in path.steps.all():
            step.offset = offset
            if step.months_min is not None:
                ends.append(offset + (step.months_max if step.months_max is not None else step.months_min))
                if not step.optional:
                    offset += step.months_min
        ends.append(path.months_max if path.months_max is not None else path.months_min)
    scale = nice_scale(ends)
    sources = {}
    for path in paths:
        path.months_bar = range_bar(path.months_min, path.months_max, scale)
        for step in path.steps.all():
            step.months_bar = range_bar(step.months_min, step.months_max, scale, step.offset)
            sources.update((s.pk, s) for s in step.sources.all())
        sources.update((s.pk, s) for s in path.sources.all())
    sources.update((s.pk, s) for s in country.sources.all())
    for barrier in country.published_barriers:
        sources.update((s.pk, s) for s in barrier.sources.all())
    for figure in country.published_figures:
        same_unit = [f for f in country.published_figures if f.unit == figure.unit]
        figure_values = [v for f in same_unit for v in (f.value_min, f.value_max)]
        figure.bar = value_bar(figure.value_min, figure.value_max, figure_scale(figure.unit, figure_values))
        sources.update((s.pk, s) for s in figure.sources.all())
    context = {
        "country": country,
        "paths": paths,
        "scale": scale,
        "ticks": ticks(scale),
        "sources": sorted(sources.values(), key=lambda source: source.key),
    }
    return render(request, "guides/destination_detail.html", context)


@require_GET
@vary_on_headers("HX-Request")
def compare(request: HtmxHttpRequest):
    asked, malformed = [], []
    for raw in request.GET.getlist("c")[: COMPARE_LOOKUP_LIMIT * 2]:
        code = raw.strip().lower()
        if not code:
            continue  # an empty choice, as an unselected form field sends
        if not ISO2.match(code):
            malformed.append(raw[:20])
        elif code not in asked:
            asked.append(code)
    asked = asked[:COMPARE_LOOKUP_LIMIT]
    found = {c.iso2: c for c in Country.objects.filter(iso2__in=asked).with_fastest_path()}
    unknown = malformed + [code for code in asked if code not in found]
    chosen = [found[code] for code in asked if code in found]
    too_many = len(chosen) > COMPARE_MAX
    countries = chosen[:COMPARE_MAX]
    scale = _with_month_bars(countries)
    codes = [c.iso2 for c in countries]
    for country in countries:
        country.remove_query = urlencode([("c", code) for code in codes if code != country.iso2])
    choices = Country.objects.with_published_paths().exclude(iso2__in=codes).order_by("name", "iso2")
    context = {
        "countries": countries,
        "codes": codes,
        "unknown": unknown,
        "too_many": too_many,
        "too_few": len(countries) < COMPARE_MIN,
        "can_add": len(countries) < COMPARE_MAX,
        "choices": choices if len(countries) < COMPARE_MAX else [],
        "compare_max": COMPARE_MAX,
        "scale": scale,
        "ticks": ticks(scale),
        "ready_comparison": urlencode([("c", code) for code in READY_COMPARISON]),
    }
    template = "guides/compare.html#compare-results" if is_partial(request) else "guides/compare.html"
    return render(request, template, context)


# --- Guides and sources ---------------------------------------------------------------------------

GUIDES_PER_PAGE = 20
PLAN_PER_PAGE = 10
SOURCES_PER_PAGE = 20
# Open data files, linked from /sources/ once their URLs exist.
OPEN_DATA = [
    ("/data/starter.json", gettext_lazy("all curated data (JSON, a Django fixture)")),
    ("/data/destinations.csv", gettext_lazy("destinations (CSV)")),
]


def _get_page(request: HtmxHttpRequest, queryset, per_page: int):
    """The requested page, clamped into range (``?page=abc``, ``-1`` or ``99999`` never give a 404 or
    a 500), and whether the page shown differs from the one asked for, so the page can say so.
    """
    requested = request.GET.get("page", "")
    page = Paginator(queryset, per_page).get_page(requested)
    try:
        page_changed = int(requested) != page.number
    except ValueError:
        page_changed = requested != ""
    return page, page_changed


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@require_GET
@vary_on_headers("HX-Request")
def guide_list(request: HtmxHttpRequest):
    guide_filter = GuideFilter(request.GET, queryset=Guide.objects.published().with_tags(), request=request)
    page, page_changed = _get_page(request, guide_filter.qs, GUIDES_PER_PAGE)
    context = {
        "filter": guide_filter,
        "page_obj": page,
        "page_changed": page_changed,
        "active_filters": guide_filter.active_filters(),
    }
    template = "guides/guide_list.html#guide-results" if is_partial(request) else "guides/guide_list.html"
    return render(request, template, context)


@require_GET
def guide_detail(request: HtmxHttpRequest, slug: str):
    guide = get_object_or_404(Guide.objects.published().with_related(), slug=slug)
    return render(request, "guides/guide_detail.html", {"guide": guide})


@require_GET
def source_list(request: HtmxHttpRequest):
    page, page_changed = _get_page(request, Source.objects.with_citations(), SOURCES_PER_PAGE)
    context = {
        "page_obj": page,
        "page_changed": page_changed,
        "open_data": [(path, label) for path, label in OPEN_DATA if _resolves(path)],
    }
    return render(request, "guides/source_list.html", context)


# --- Open data ------------------------------------------------------------------------------------


@require_GET
def data_starter_json(request):
    """The published content as a fixture, in the same format as ``export_fixtures --published-only``."""
    response = HttpResponse(opendata.published_fixture(), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="starter.json"'
    return response


@require_GET
def data_destinations_csv(request):
    """One row per published path; the columns are described on the Sources page."""
    response = HttpResponse(opendata.destinations_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="destinations.csv"'
    return response


# --- Readers' correction reports -----------------------------------------------------------------


def _same_origin(request) -> bool:
    """The report form posts from our own pages: Origin (else Referer) must be this site."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        referer = request.headers.get("Referer", "")
        match = re.match(r"^(https?://[^/?#]+)", referer)
        origin = match.group(1) if match else ""
    return bool(origin) and (
        origin == f"{request.scheme}://{request.get_host()}"
        or origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    )


def _over_rate_limit(request) -> bool:
    """Count this client's reports in the cache, keyed on a keyed hash of its address (never stored)."""
    address = request.META.get("REMOTE_ADDR", "")
    digest = salted_hmac("guides.report", address, algorithm="sha256").hexdigest()
    key = f"guides:report:{digest}"
    window = settings.GUIDES_REPORT_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.GUIDES_REPORT_RATE_LIMIT


def _report_response(request, context: dict, status: int = 200):
    template = "guides/report.html#report" if is_partial(request) else "guides/report.html"
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # no CSRF cookie on public pages; guarded by the Origin check, a honeypot and a rate limit
@require_POST
@vary_on_headers("HX-Request")
def report(request: HtmxHttpRequest):
    """A reader's correction report; the thank-you page is rendered directly (no redirect, no cookie)."""
    if not _same_origin(request):
        context = {"report_refused": _("This form can only be sent from this site's own pages.")}
        return _report_response(request, context, status=403)
    if _over_rate_limit(request):
        context = {"report_refused": _("Too many reports from your connection: please try again later.")}
        return _report_response(request, context, status=429)
    form = CorrectionReportForm(request.POST)
    valid = form.is_valid()
    if request.POST.get("website"):
        # A bot filled in the honeypot: answer as if all went well and keep nothing.
        return _report_response(request, {"report_done": True, "report_back_url": form.item_url})
    if not valid:
        context = {
            "report_form": form,
            "report_country": form.country_obj,
            "report_guide": form.guide_obj,
        }
        return _report_response(request, context, status=400)
    form.save(language=get_language() or "")
    return _report_response(request, {"report_done": True, "report_back_url": form.item_url})


# --- Plan my move ---------------------------------------------------------------------------------

PLAN_PARAMETERS = ("specialty", "lang", "years", "residency", "budget", "region")


def _plan_form(request: HtmxHttpRequest) -> tuple[PlanForm, dict, bool]:
    """The doctor's situation: the form (with its errors) and the valid values only."""
    form = PlanForm(request.GET, languages=Language.objects.all())
    form.is_valid()
    submitted = any(name in request.GET for name in PLAN_PARAMETERS)
    return form, form.cleaned_data, submitted


def _estimate(data: dict, **extra):
    return plan_estimate(
        specialty=data.get("specialty"),
        languages=data.get("lang") or {},
        years=data.get("years") or 0,
        residency=bool(data.get("residency")),
        budget_eur=data.get("budget"),
        regions=data.get("region") or [],
        **extra,
    )


def _segments(estimate, steps: list) -> list:
    """The timeline of one estimate: the total, the language study, then the counted steps."""
    segments = [(_("Total estimate"), "total", estimate.months_min, estimate.months_max)]
    study = estimate.study
    if study.needs_study:
        label = _("Learn %(language)s to %(level)s") % {
            "language": study.language.name,
            "level": level_label(study.required) if study.required else _("the required level"),
        }
        segments.append((label, "study", study.months_min, study.months_max))
    segments += [
        (step.title, "step", step.months_min, step.months_max) for step in steps if not step.optional
    ]
    return segments


def _used_study_figures(plan) -> list[dict]:
    """The study figures of the languages the results need, one entry per language with its sources."""
    needed = {
        e.study.language.code for d in plan.destinations for e in d.paths if e.study.language is not None
    }
    languages: dict[str, dict] = {}
    for (code, _level), figure in sorted(plan.data.times.items()):
        if code not in needed:
            continue
        entry = languages.setdefault(code, {"language": figure.language, "figures": [], "sources": {}})
        entry["figures"].append(figure)
        entry["sources"].update((s.key, s) for s in figure.sources.all())
    for entry in languages.values():
        entry["sources"] = [entry["sources"][key] for key in sorted(entry["sources"])]
        first = entry["figures"][0]
        entry["unit"] = first.unit_note
        entry["caveat"] = first.caveat
        entry["confidence"] = first.get_confidence_display()
    return list(languages.values())


def _needed_course_costs(plan) -> list:
    needed = {e.study.language.code for d in plan.destinations for e in d.paths if e.study.needs_study}
    return [c for c in plan.data.course_costs if c.language.code in needed]


def _languages_without_figures(plan) -> list:
    """Languages the results need for which no source gives hours per level."""
    needed = {
        e.study.language.code: e.study.language
        for d in plan.destinations
        for e in d.paths
        if e.study.status in {"no_figure", "level_unknown"}
    }
    known = {code for code, _level in plan.data.times}
    return sorted((lang for code, lang in needed.items() if code not in known), key=lambda lang: lang.code)


@require_GET
@vary_on_headers("HX-Request")
def plan(request: HtmxHttpRequest):
    """ "Plan my move": every destination ranked for one doctor, with the study figures and assumptions."""
    form, data, submitted = _plan_form(request)
    result = _estimate(data) if submitted else None
    scale = 12
    page_obj = page_changed = None
    if result is not None:
        scale = nice_scale(
            e.months_max if e.months_max is not None else e.months_min
            for d in result.destinations
            for e in d.paths[:1]
        )
        # One page of destinations at a time keeps the page small however many there are.
        page_obj, page_changed = _get_page(request, result.destinations, PLAN_PER_PAGE)
        for destination in page_obj:
            best = destination.best
            best.timeline = timeline(_segments(best, list(best.path.steps.all())), scale)
    query = request.GET.urlencode()
    context = {
        "form": form,
        "submitted": submitted,
        "result": result,
        "page_obj": page_obj,
        "page_changed": page_changed,
        "scale": scale,
        "ticks": ticks(scale),
        "query": query,
        "native": NATIVE,
        "level_choices": [(level, level_label(level)) for level in PLAN_LEVELS],
        "study_figures": _used_study_figures(result) if result else [],
        "missing_figures": _languages_without_figures(result) if result else [],
        "course_costs": _needed_course_costs(result) if result else [],
    }
    template = "guides/plan.html#plan-results" if is_partial(request) else "guides/plan.html"
    return render(request, template, context)


@require_GET
def plan_destination(request: HtmxHttpRequest, iso2: str):
    """A printable plan for one destination: its steps, the documents to gather, whom to contact, sources."""
    country = get_object_or_404(Country, iso2=iso2.lower())
    form, data, _submitted = _plan_form(request)
    result = _estimate(data, country=country, detail=True)
    destination = result.destinations[0] if result.destinations else None
    chosen = None
    if destination is not None:
        wanted = request.GET.get("path", "")
        chosen = next((e for e in destination.paths if e.path.slug == wanted), destination.best)
    base_query = request.GET.copy()
    base_query.pop("path", None)
    context = {
        "form": form,
        "country": country,
        "destination": destination,
        "estimate": chosen,
        "result": result,
        "base_query": base_query.urlencode(),
    }
    if chosen is not None:
        steps = list(chosen.path.steps.all())
        scale = nice_scale([chosen.months_max if chosen.months_max is not None else chosen.months_min])
        sources = {s.pk: s for s in chosen.path.sources.all()}
        for step in steps:
            sources.update((s.pk, s) for s in step.sources.all())
        for figure in chosen.study.figures:
            sources.update((s.pk, s) for s in figure.sources.all())
        if chosen.study.intensity is not None:
            sources.update((s.pk, s) for s in chosen.study.intensity.sources.all())
        context.update(
            {
                "steps": steps,
                "timeline": timeline(_segments(chosen, steps), scale),
                "ticks": ticks(scale),
                "scale": scale,
                "documents": document_checklist(steps),
                "authorities": contacts(chosen.path, steps),
                "sources": sorted(sources.values(), key=lambda source: source.key),
            }
        )
    return render(request, "guides/plan_destination.html", context)
