"""The page cache for anonymous readers, invalidated by a data version that every write bumps.

Every cached page is stored under the current data version, so bumping the version makes all pages
built from older data unreachable at once — in every worker process, since the version lives in the
shared cache (Redis when ``REDIS_URL`` is set, else the file cache that a machine's workers share).
"""

import hashlib
import re
import uuid
from functools import lru_cache
from urllib.parse import unquote, urlencode

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import TooManyFieldsSent
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext

DATA_VERSION_KEY = "relocation:data-version"
HEADER_LIST_SEPARATOR = re.compile(r"\s*,\s*")


def data_version() -> str:
    version = cache.get(DATA_VERSION_KEY)
    if version is None:
        cache.add(DATA_VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(DATA_VERSION_KEY, "")
    return version


def bump_data_version() -> None:
    cache.set(DATA_VERSION_KEY, uuid.uuid4().hex, None)


def writes_pending(using: str | None = None) -> bool:
    """Whether the current transaction has written content (a bump waits for its commit)."""
    connection = transaction.get_connection(using)
    return connection.in_atomic_block and any(
        func is bump_data_version for _savepoints, func, _robust in connection.run_on_commit
    )


def bump_data_version_on_commit(using: str | None = None) -> None:
    """Bump once the current transaction commits (at once outside a transaction).

    However many rows a transaction writes (``loaddata`` of the starter set writes about 1,600), it
    queues one bump: a bump already queued in the transaction is enough. A savepoint rolled back drops
    the bumps queued inside it, so a later write queues a new one.
    """
    if writes_pending(using):
        return
    transaction.on_commit(bump_data_version, using=using)


def _excluded_prefixes() -> tuple[str, ...]:
    return ("/" + settings.ADMIN_PATH, "/" + settings.STATIC_URL.lstrip("/"), "/healthz")


def page_parameters(*names: str):
    """Declare the query parameters a view reads; the page cache keys a page on these only.

    Before a declared view runs, the page cache drops every other parameter and puts these in this
    order (repeated values keep their order), so ``?c=ge&c=de&utm=x`` and ``?utm=y&c=ge&c=de`` are one
    page, built from one query string. A view that declares nothing is never cached.
    """

    def decorator(view):
        view.page_parameters = names
        return view

    return decorator


# Request headers a view may branch on, with the value each one means: django-htmx reads only "true".
# Any other value means the same as none, so a random header value cannot make a new page.
def _flag(value: str) -> str:
    return "true" if value == "true" else ""


HEADER_MEANING = {"hx-request": _flag, "hx-boosted": _flag, "hx-history-restore-request": _flag}
# Headers a page's Vary may name that the key leaves out: requests with a session never use the page
# cache and responses that set cookies are never stored; compression and language are settled outside.
UNKEYED_VARY = {"cookie", "accept-encoding", "accept-language"}


# The Vary learnt per path, also kept in each process (a page's Vary does not change with the data).
_learned_vary: dict[str, tuple[str, ...]] = {}
LEARNED_VARY_MAX = 10_000


class QueryTooLong(Exception):
    pass


@lru_cache(maxsize=512)
def _view_parameters(path: str) -> tuple[str, ...] | None:
    """The parameters the view at ``path`` declares (``None``: not found, or not declared)."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            match = resolve(path)
        except Resolver404:
            return None
    return getattr(match.func, "page_parameters", None)


def canonical_query(request: HttpRequest, names: tuple[str, ...]) -> str:
    """The declared parameters of ``request`` in their declared order (``QueryTooLong`` when the
    query string, or what is left of it, is longer than a page reads)."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return ""
    if len(raw) > settings.PAGE_QUERY_MAX_BYTES * 4:
        raise QueryTooLong
    pairs = [(name, value) for name in names for value in request.GET.getlist(name)]
    query = urlencode(pairs)
    if len(query) > settings.PAGE_QUERY_MAX_BYTES:
        raise QueryTooLong
    return query


def _canonicalise(request: HttpRequest, query: str) -> None:
    """Make the view see exactly what the key describes: the canonical query, the meant header values."""
    if query != request.META.get("QUERY_STRING", ""):
        request.META["QUERY_STRING"] = query
        request.GET = QueryDict(query)
    request.__dict__.pop("headers", None)  # rebuilt from META when read
    for name, meaning in HEADER_MEANING.items():
        meta = "HTTP_" + name.upper().replace("-", "_")
        value = request.META.get(meta, "")
        if request.META.pop(meta + "_URI_AUTOENCODED", "") == "true":
            value = unquote(value)
        meant = meaning(value)
        if meant:
            request.META[meta] = meant
        else:
            request.META.pop(meta, None)


def _too_long(request: HttpRequest) -> HttpResponse:
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        message = gettext("This address is too long: remove some of its parameters.")
    return HttpResponse(message + "\n", status=414, content_type="text/plain; charset=utf-8")


class PageCacheMiddleware:
    """Serve anonymous GETs of public pages from the cache; store what they produced.

    The key is the data version, the path, the canonical query (``page_parameters``) and the meant
    values of the request headers the page's own ``Vary`` names (learnt from the first response for
    the path), so neither a random parameter nor a random header value makes a new page. A request
    that carries a session cookie (staff who may preview drafts) is never served from or stored in the
    cache, and neither is a response that sets a cookie or asks not to be cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._cacheable_request(request):
            return self.get_response(request)
        names = _view_parameters(request.path_info)
        if names is None:
            return self.get_response(request)
        try:
            query = canonical_query(request, names)
        except QueryTooLong:
            return _too_long(request)
        except TooManyFieldsSent:
            return HttpResponseBadRequest("Too many parameters.\n", content_type="text/plain")
        _canonicalise(request, query)
        path_key = hashlib.sha256(request.path_info.encode()).hexdigest()
        vary_key = f"page-vary:{path_key}"
        vary = _learned_vary.get(request.path_info)
        if vary is None:
            found = cache.get_many([DATA_VERSION_KEY, vary_key])
            version = found.get(DATA_VERSION_KEY) or data_version()
            vary = found.get(vary_key)
        else:
            version = data_version()
        if vary is not None:
            stored = cache.get(self._key(request, version, query, vary))
            if stored is not None:
                content, headers = stored
                response = HttpResponse(content)
                for name, value in headers:
                    response[name] = value
                return response
        response = self.get_response(request)
        if self._cacheable_response(response):
            vary = self._vary(response)
            if vary is not None:
                if len(_learned_vary) < LEARNED_VARY_MAX:
                    _learned_vary[request.path_info] = vary
                patch_cache_control(response, public=True, max_age=settings.PAGE_CACHE_BROWSER_SECONDS)
                cache.set_many(
                    {
                        vary_key: vary,
                        self._key(request, version, query, vary): (response.content, list(response.items())),
                    },
                    settings.PAGE_CACHE_SECONDS,
                )
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
    def _vary(response: HttpResponse) -> tuple[str, ...] | None:
        """The request headers the key must hold for this page (``None``: it varies on everything)."""
        names = {h.lower() for h in HEADER_LIST_SEPARATOR.split(response.get("Vary", "")) if h}
        if "*" in names:
            return None
        return tuple(sorted(names - UNKEYED_VARY))

    @staticmethod
    def _key(request: HttpRequest, version: str, query: str, vary: tuple[str, ...]) -> str:
        varying = "|".join(
            HEADER_MEANING.get(name, str)(request.META.get("HTTP_" + name.upper().replace("-", "_"), ""))
            for name in vary
        )
        digest = hashlib.sha256(f"{request.path_info}?{query}\n{varying}".encode()).hexdigest()
        return f"page:{version}:{digest}"


def without_vary(response: HttpResponse, header: str) -> None:
    """Remove one header name from the response's Vary."""
    if not response.has_header("Vary"):
        return
    kept = [h for h in HEADER_LIST_SEPARATOR.split(response["Vary"]) if h and h.lower() != header.lower()]
    if kept:
        response["Vary"] = ", ".join(kept)
    else:
        del response["Vary"]
