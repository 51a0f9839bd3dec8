"""The "Plan my move" pages: every destination ranked for one doctor, and one destination to print."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from relocation.htmx import HtmxHttpRequest, is_partial
from relocation.paging import get_page

from ..charts import nice_scale, ticks, timeline
from ..models import Country, Language
from .estimate import NATIVE, PLAN_LEVELS, contacts, document_checklist, level_label, plan_estimate
from .forms import PlanForm

PLAN_PER_PAGE = 10

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
        page_obj, page_changed = get_page(request, result.destinations, PLAN_PER_PAGE)
        for destination in page_obj:
            best = destination.best
            best.timeline = timeline(best.segments(), scale)
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
        "study_figures": result.used_study_figures() if result else [],
        "missing_figures": result.languages_without_figures() if result else [],
        "course_costs": result.needed_course_costs() if result else [],
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
        context.update(
            {
                "steps": steps,
                "timeline": timeline(chosen.segments(), scale),
                "ticks": ticks(scale),
                "scale": scale,
                "documents": document_checklist(steps),
                "authorities": contacts(chosen.path, steps),
                "sources": chosen.cited_sources(),
            }
        )
    return render(request, "guides/plan_destination.html", context)
