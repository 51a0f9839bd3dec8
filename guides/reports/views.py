"""The correction report: a CSRF-exempt POST guarded by an Origin check, a honeypot and a rate limit
(``guard.py``, shared with the outcome reports)."""

from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from relocation.htmx import HtmxHttpRequest, is_partial

from . import guard
from .forms import CorrectionReportForm


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
    refused = guard.refusal(request, "report")
    if refused is not None:
        message, status = refused
        return _report_response(request, {"report_refused": message}, status=status)
    form = CorrectionReportForm(request.POST)
    valid = form.is_valid()
    if guard.is_bot(request):
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
