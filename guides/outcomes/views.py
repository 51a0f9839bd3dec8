"""The outcome report page: a GET form per country (choose the path, then its steps) and its POST.

Like the correction report, the POST is CSRF-exempt (public pages set no cookie) and guarded by the
Origin check, the honeypot and the keyed-hash rate limit of ``guides/reports/guard.py``. Bad input
gives the form back with its messages (200); nothing is shown publicly until a Reviewer approves.
"""

from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from relocation.cache import page_parameters
from relocation.htmx import HtmxHttpRequest

from ..models import Country
from ..reports import guard
from .forms import OutcomeReportForm

TEMPLATE = "guides/outcome_report.html"


def _response(request, context: dict, status: int = 200, store: bool = True):
    response = render(request, TEMPLATE, context, status=status)
    if not store:
        response["Cache-Control"] = "no-store"
    return response


@csrf_exempt  # no CSRF cookie on public pages; guarded by the Origin check, a honeypot and a rate limit
@require_http_methods(["GET", "HEAD", "POST"])
@page_parameters("path")
def outcome_report(request: HtmxHttpRequest, iso2: str):
    """GET: the form (``?path=<slug>`` shows that path's steps); POST: keep the report as pending."""
    country = get_object_or_404(Country, iso2=iso2.lower())
    context = {"country": country}
    if request.method != "POST":
        form = OutcomeReportForm(country=country)
        slug = request.GET.get("path", "").strip()
        chosen = next((p for p in form.published_paths if p.slug == slug), None)
        if not slug and len(form.published_paths) == 1:
            chosen = form.published_paths[0]
        if chosen is not None:
            form = OutcomeReportForm(country=country, path=chosen, initial={"path": chosen.slug})
        context.update(form=form, unknown_path=slug[:80] if slug and chosen is None else "")
        return _response(request, context)
    refused = guard.refusal(request, "outcome")
    if refused is not None:
        message, status = refused
        return _response(request, {**context, "refused": message}, status=status, store=False)
    form = OutcomeReportForm(request.POST, country=country)
    valid = form.is_valid()
    if guard.is_bot(request):
        return _response(request, {**context, "done": True}, store=False)
    if not valid:
        return _response(request, {**context, "form": form}, store=False)
    form.save(language=get_language() or "")
    return _response(request, {**context, "done": True}, store=False)
