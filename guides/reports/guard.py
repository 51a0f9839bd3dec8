"""The guard of the site's anonymous POST forms (correction and outcome reports).

They are CSRF-exempt, since public pages set no cookie; instead each POST must come from this site's
own pages (Origin, else Referer), and each client may send only a few per window, counted in the cache
under a keyed hash of its address (the address itself is never stored). A honeypot field, checked by
each view, drops bots' reports silently.
"""

import re

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from relocation.clientip import client_ip


def same_origin(request) -> bool:
    """The form posts from our own pages: Origin (else Referer) must be this site."""
    origin = request.headers.get("Origin")
    if not origin or origin == "null":
        referer = request.headers.get("Referer", "")
        match = re.match(r"^(https?://[^/?#]+)", referer)
        origin = match.group(1) if match else ""
    return bool(origin) and (
        origin == f"{request.scheme}://{request.get_host()}"
        or origin in getattr(settings, "CSRF_TRUSTED_ORIGINS", [])
    )


def over_rate_limit(request, scope: str = "report") -> bool:
    """Count this client's posts of ``scope`` in the cache, keyed on a keyed hash of its address."""
    address = client_ip(request)  # behind trusted proxies, the reader's address, not the proxy's
    digest = salted_hmac(f"guides.{scope}", address, algorithm="sha256").hexdigest()
    key = f"guides:{scope}:{digest}"
    window = settings.GUIDES_REPORT_RATE_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        count = 1
    return count > settings.GUIDES_REPORT_RATE_LIMIT


def refusal(request, scope: str = "report") -> tuple[str, int] | None:
    """Why this POST is refused (a message and a status), or ``None`` when it may be read."""
    if not same_origin(request):
        return _("This form can only be sent from this site's own pages."), 403
    if over_rate_limit(request, scope):
        return _("Too many reports from your connection: please try again later."), 429
    return None


def is_bot(request) -> bool:
    """A bot filled in the honeypot (``website``): answer as if all went well and keep nothing."""
    return bool(request.POST.get("website"))
