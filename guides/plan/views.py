"""The "Plan my move" pages: every destination ranked for one doctor, and one destination to print."""

from urllib.parse import urlencode

from django.db import models
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from relocation.cache import page_parameters
from relocation.htmx import HtmxHttpRequest, is_partial
from relocation.paging import get_page

from ..changes.pages import country_events, plan_links
from ..charts import span_scale, ticks, timeline
from ..models import Condition, Country, Language, RecognitionPath
from ..models.destinations import name_languages
from ..models.totals import per_data_version
from .estimate import (
    NATIVE,
    PLAN_LEVELS,
    attach_barriers,
    attach_steps,
    contacts,
    document_checklist,
    level_label,
    plan_estimate,
)
from .forms import PlanForm

PLAN_PER_PAGE = 10

PLAN_PARAMETERS = ("specialty", "lang", "years", "residency", "budget", "region", "cond")


def _languages():
    """The languages a doctor can pick, each with the destinations that practise it (``destinations``,
    by name, already joined: the same for every doctor)."""
    languages = list(Language.objects.all())
    names: dict[int, list[str]] = {language.pk: [] for language in languages}
    # The names through the link table in one query (a prefetch builds every country object).
    practised = Country.practice_languages.through.objects.order_by()
    columns = [f"country__name_{code}" for code in name_languages()]
    for language_id, *texts in models.QuerySet.values_list(practised, "language_id", *columns):
        names[language_id].append(next((text for text in texts if text), ""))
    for language in languages:
        language.destinations = ", ".join(sorted(names[language.pk]))
    return languages


def _plan_form(request: HtmxHttpRequest) -> tuple[PlanForm, dict, bool]:
    """The doctor's situation: the form (with its errors) and the valid values only."""
    conditions = Condition.objects.filter(paths__in=RecognitionPath.objects.published()).distinct()
    # The languages and the destinations practising each are the same for every doctor: built once
    # per data version and language of the page.
    languages = per_data_version(("plan-languages", *name_languages()), _languages)
    form = PlanForm(request.GET or None, languages=languages, conditions=conditions.order_by("slug"))
    if form.is_bound:
        form.is_valid()
    submitted = any(name in request.GET for name in PLAN_PARAMETERS)
    return form, (form.cleaned_data if form.is_bound else {}), submitted


def canonical_pairs(request: HtmxHttpRequest) -> list[tuple[str, str]]:
    """The parameters that were set, in a fixed order: what the shareable URL carries."""
    return [(name, v) for name in PLAN_PARAMETERS for v in request.GET.getlist(name) if v.strip()]


def canonical_query(request: HtmxHttpRequest) -> str:
    return urlencode(canonical_pairs(request))


def _estimate(data: dict, **extra):
    return plan_estimate(
        specialty=data.get("specialty"),
        languages=data.get("lang") or {},
        years=data.get("years") or 0,
        residency=bool(data.get("residency")),
        budget_eur=data.get("budget"),
        regions=data.get("region") or [],
        conditions=data.get("cond") or [],
        **extra,
    )


@require_GET
@vary_on_headers("HX-Request")
@page_parameters(*PLAN_PARAMETERS, "page")
def plan(request: HtmxHttpRequest):
    """ "Plan my move": every destination ranked for one doctor, with the study figures and assumptions."""
    form, data, submitted = _plan_form(request)
    query = canonical_query(request)
    url = reverse("guides:plan") + (f"?{query}" if query else "")
    sent = [(name, value) for name, values in request.GET.lists() if name != "page" for value in values]
    if submitted and not is_partial(request) and sent != canonical_pairs(request):
        # The form sends every field, empty or not: the address to keep and share holds only the set ones.
        page = request.GET.get("page")
        return redirect(url + (f"&page={page}" if page and query else "") + "#plan-results")
    result = _estimate(data) if submitted else None
    scale = 12
    page_obj = page_changed = None
    if result is not None:
        scale = span_scale(d.best.months for d in result.destinations)
        # One page of destinations at a time keeps the page small however many there are.
        page_obj, page_changed = get_page(request, result.destinations, PLAN_PER_PAGE)
        # What only the shown destinations need: their barriers and their best paths' steps.
        attach_barriers(page_obj.object_list)
        attach_steps([destination.best for destination in page_obj])
        for destination in page_obj:
            best = destination.best
            best.timeline = timeline(best.segments(), scale)
    context = {
        "form": form,
        "submitted": submitted,
        "result": result,
        "page_obj": page_obj,
        "page_changed": page_changed,
        "scale": scale,
        "ticks": ticks(scale),
        "query": query,
        "share_url": request.build_absolute_uri(url),
        "native": NATIVE,
        "level_choices": [(level, level_label(level)) for level in PLAN_LEVELS],
        "study_figures": result.used_study_figures() if result else [],
        "missing_figures": result.languages_without_figures() if result else [],
        "course_costs": result.needed_course_costs() if result else [],
        **(plan_links(result.destinations) if result else {}),
    }
    template = "guides/plan.html#plan-results" if is_partial(request) else "guides/plan.html"
    response = render(request, template, context)
    if is_partial(request):
        response["HX-Push-Url"] = url
    return response


@require_GET
@page_parameters(*PLAN_PARAMETERS, "path")
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
    context = {
        "form": form,
        "country": country,
        "destination": destination,
        "estimate": chosen,
        "result": result,
        "base_query": canonical_query(request),
        **(plan_links([destination]) if destination is not None else {}),
    }
    if chosen is not None:
        steps = list(chosen.path.steps.all())
        scale = span_scale([chosen.months])
        context.update(
            {
                "steps": steps,
                "timeline": timeline(chosen.segments(), scale),
                "ticks": ticks(scale),
                "scale": scale,
                "documents": document_checklist(steps),
                "authorities": contacts(chosen.path, steps),
                "sources": chosen.cited_sources(),
                "events": country_events(country, chosen.path),
            }
        )
    return render(request, "guides/plan_destination.html", context)
