"""Site-wide files that live at the root of the site: robots.txt and the favicon."""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from .cache import page_parameters

FAVICON = "guides/favicon.ico"


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24)
@page_parameters()
def robots_txt(request):
    """Crawlers may read every page; they skip the report endpoint (POST only) and personal plan
    estimates (every query string is one doctor's situation, an endless crawl). The admin is not named
    here: its path is configurable, and listing it would only advertise it."""
    lines = ["User-agent: *"]
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            lines.append(f"Disallow: {reverse('guides:report')}")
            lines.append(f"Disallow: {reverse('guides:plan')}*?")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=60 * 60 * 24 * 7)
@page_parameters()
def favicon(request):
    """/favicon.ico, which browsers and tools ask for whatever the page links to (an SVG icon)."""
    with open(finders.find(FAVICON), "rb") as icon:
        return HttpResponse(icon.read(), content_type="image/x-icon")
