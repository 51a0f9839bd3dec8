"""Reading with no signal: the service worker (at /sw.js, so its scope is the whole site), the offline
page, and the rule that keeps one person's responses out of every cache, the worker's included."""

import hashlib
import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from .cache import page_parameters

# Kept on install, before any page is visited: what every page uses.
SHELL = ["guides/site.css", "guides/site.js", "django_htmx/htmx-2.min.js", "guides/favicon.svg"]
# Static folders whose files the worker keeps (file names change with their content).
ASSET_FOLDERS = ["guides/", "django_htmx/"]
# How long a navigation waits for the network before a kept copy is shown instead.
PATIENCE_MS = 8000


def worker_config() -> dict:
    offline = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            offline[code] = reverse("offline")
    data = reverse("data-starter-json").rsplit("/", 1)[0] + "/"
    return {
        "default_language": settings.LANGUAGE_CODE,
        "offline": offline,
        "shell": [static(path) for path in SHELL],
        "assets": [settings.STATIC_URL + folder for folder in ASSET_FOLDERS],
        "data": [data],
        "never": ["/" + settings.ADMIN_PATH, reverse("service-worker")],
        "patience_ms": PATIENCE_MS,
    }


def worker_script() -> str:
    """The script, named by a hash of itself: any change (a new stylesheet name, a new offline page
    address, new code) makes browsers install it as a new version."""
    config = json.dumps(worker_config(), sort_keys=True)
    unversioned = render_to_string("sw.js", {"config": config, "version": ""})
    version = hashlib.sha256(unversioned.encode()).hexdigest()[:16]
    return render_to_string("sw.js", {"config": config, "version": version})


@require_safe
def service_worker(request):
    response = HttpResponse(worker_script(), content_type="text/javascript; charset=utf-8")
    # Browsers check for a new version on every visit; no cache may answer for the network.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
@page_parameters()
def offline_page(request):
    """The page the worker shows when a page is neither reachable nor kept; it lists the kept ones."""
    return render(request, "offline.html")


class PrivateResponsesMiddleware:
    """Mark one person's responses ``private, no-store``: a response that sets a cookie, or answers a
    request made with a session (staff, who may see drafts). No shared cache, no browser back-forward
    store and no service worker then keeps them; the worker refuses anything so marked.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.cookies or settings.SESSION_COOKIE_NAME in request.COOKIES:
            patch_cache_control(response, private=True, no_store=True)
        return response
