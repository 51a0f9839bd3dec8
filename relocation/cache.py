"""The page cache for anonymous readers, invalidated by a data version that every write bumps.

Every cached page is stored under the current data version, so bumping the version makes all pages
built from older data unreachable at once — in every worker process, since the version lives in the
shared cache (Redis when ``REDIS_URL`` is set, else the file cache that a machine's workers share).
"""

import hashlib
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control

DATA_VERSION_KEY = "relocation:data-version"
# Request headers a view may branch on (htmx partials); each combination is cached apart.
VARY_HEADERS = ("HX-Request", "HX-Boosted", "HX-History-Restore-Request")
HEADER_LIST_SEPARATOR = re.compile(r"\s*,\s*")


def data_version() -> str:
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(DATA_VERSION_KEY, "")
    return version


def bump_data_version() -> None:
    cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, None)


def bump_data_version_on_commit(using: str | None = None) -> None:
    """Bump once the current transaction commits (at once outside a transaction).

    However many rows a transaction writes (``loaddata`` of the starter set writes about 1,600), it
    queues one bump: a bump already queued in the transaction is enough. A savepoint rolled back drops
    the bumps queued inside it, so a later write queues a new one.
    """
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and any(
        func is bump_data_version for _savepoints, func, _robust in connection.run_on_commit
    ):
        return
    transaction.on_commit(bump_data_version, using=using)


def _excluded_prefixes() -> tuple[str, ...]:
    return ("/" + settings.ADMIN_PATH, "/" + settings.STATIC_URL.lstrip("/"), "/healthz")


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; store what they produced.

    A request that carries a session cookie (staff who may preview drafts) is never served from or
    stored in the cache, and neither is a response that sets a cookie or asks not to be cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._cacheable_request(request):
            return self.get_response(request)
        key = self._key(request)
        stored = cache.get(key)
        if stored is not None:
            content, headers = stored
            response = HttpResponse(content)
            for name, value in headers:
                response[name] = value
            return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
            cache.set(key, (response.content, list(response.items())), settings.PAGE_CACHE_SECONDS)
        return response

    @staticmethod
    def _cacheable_request(request: HttpRequest) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(_excluded_prefixes())
        )

    @staticmethod
    def _cacheable_response(response: HttpResponse) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        cache_control = {
            part.split("=")[0].strip().lower() for part in response.get("Cache-Control", "").split(",")
        }
        return not cache_control & {"private", "no-cache", "no-store"}

    @staticmethod
    def _key(request: HttpRequest) -> str:
        varying = "|".join(request.headers.get(name, "") for name in VARY_HEADERS)
        digest = hashlib.sha256(f"{request.get_full_path()}\n{varying}".encode()).hexdigest()
        return f"page:{data_version()}:{digest}"


def without_vary(response: HttpResponse, header: str) -> None:
    """Remove one header name from the response's Vary."""
    if not response.has_header("Vary"):
        return
    kept = [h for h in HEADER_LIST_SEPARATOR.split(response["Vary"]) if h and h.lower() != header.lower()]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
