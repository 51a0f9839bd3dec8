"""The correction report: a CSRF-exempt POST guarded by an Origin check, a honeypot and a rate limit."""

import re

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.crypto import salted_hmac
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from relocation.clientip import client_ip
from relocation.htmx import HtmxHttpRequest, is_partial

from .forms import CorrectionReportForm


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
    address = client_ip(request)
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
