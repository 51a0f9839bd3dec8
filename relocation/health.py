"""Liveness and readiness for load balancers and monitors.

``/healthz`` (liveness) answers without touching the database or the cache: a process that can run a
view is alive. ``/readyz`` (readiness) asks the database and the cache and answers 503, naming what
failed, when either does not answer. Neither is redirected to HTTPS (``SECURE_REDIRECT_EXEMPT``): a
load balancer probes over plain HTTP.
"""

import logging
from http import HTTPStatus

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger("relocation.health")


@require_GET
@never_cache
def healthz(request):
    """Liveness: answers without touching the database or the cache."""
    return HttpResponse("ok\n", content_type="text/plain")


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError as error:
        logger.warning("Readiness: the database does not answer (%s).", error.__class__.__name__)
        return False


def _cache_answers() -> bool:
    ping = getattr(cache, "ping", None)
    if ping is not None:
        return ping()
    try:
        cache.set("relocation:readyz", "1", 10)
        return cache.get("relocation:readyz") == "1"
    except Exception as error:  # any backend, any failure: not ready
        logger.warning("Readiness: the cache does not answer (%s).", error.__class__.__name__)
        return False


@require_GET
@never_cache
def readyz(request):
    """Readiness: 200 when the database and the cache answer, else 503 with which failed."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    body = {name: "ok" if ok else "failed" for name, ok in checks.items()}
    status = HTTPStatus.OK if all(checks.values()) else HTTPStatus.SERVICE_UNAVAILABLE
    body["status"] = "ok" if status == HTTPStatus.OK else "failed"
    return JsonResponse(body, status=status)
