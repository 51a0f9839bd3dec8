"""The cache fails soft: pointed at a closed port, every public page and the staff login still work.

The cache is Django's Redis backend wrapped by ``relocation.softcache.SoftRedisCache`` (what settings
use when ``REDIS_URL`` is set), at a port where nothing listens.
"""

import json
import logging
import socket
from http import HTTPStatus

import pytest
from axes.handlers.proxy import AxesProxyHandler
from django.core.cache import cache
from django.urls import reverse

from relocation import softcache
from tests.factories import make_country, make_guide, make_path, make_step

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    """A local port where nothing listens (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "relocation.softcache.SoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    settings.PAGE_CACHE_SECONDS = 600  # the page cache is on, as in production
    softcache.FailSoftMixin._last_logged = 0.0
    softcache.FailSoftMixin._down_until = 0.0
    # Axes keeps its handler (and the cache it holds) for the process: give it this cache, then back.
    AxesProxyHandler.get_implementation(force=True)
    yield settings
    AxesProxyHandler.implementation = None
    softcache.FailSoftMixin._down_until = 0.0


@pytest.fixture
def content():
    country = make_country(iso2="rs", name="Serbia", region="europe_other", visa_regime="visa_free")
    path = make_path(country=country)
    make_step(path=path)
    guide = make_guide()
    guide.countries.add(country)
    return guide


PUBLIC_PAGES = [
    "/",
    "/destinations/",
    "/destinations/?region=cis&sort=fastest",
    "/destinations/rs/",
    "/compare/?c=rs",
    "/guides/",
    "/guides/{guide}/",
    "/sources/",
    "/plan/",
    "/plan/rs/",
    "/offline/",
    "/data/starter.json",
    "/data/destinations.csv",
    "/sw.js",
    "/robots.txt",
    "/favicon.ico",
    "/healthz",
    "/ru/",
    "/ru/destinations/",
    "/ru/destinations/rs/",
    "/ru/guides/{guide}/",
    "/ru/sources/",
    "/ru/plan/",
]


def test_every_public_page_is_served_uncached_and_logged(client, cache_down, content, caplog):
    caplog.set_level(logging.WARNING, logger="relocation.cache")
    for url in PUBLIC_PAGES:
        url = url.format(guide=content.slug)
        first = client.get(url)
        assert first.status_code in (HTTPStatus.OK, HTTPStatus.FOUND), url
        # Built again, not served from anywhere: the same page.
        assert client.get(url).status_code == first.status_code, url
    assert "Cache unreachable" in caplog.text


def test_a_reader_can_still_send_a_report(client, cache_down, content):
    response = client.post(
        reverse("guides:report"),
        {"country": "rs", "message": "Wrong fee."},
        HTTP_ORIGIN="http://testserver",
    )
    assert response.status_code == HTTPStatus.OK


def test_staff_can_log_in_and_use_the_admin(client, cache_down, admin_user):
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "password"})
    assert response.status_code == HTTPStatus.FOUND
    assert client.get(reverse("admin:index")).status_code == HTTPStatus.OK


def test_the_lockout_fails_open_while_the_cache_is_down(client, cache_down, admin_user):
    """The documented direction: without its counters the lockout cannot lock; login keeps working."""
    for _ in range(10):
        client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "password"})
    assert response.status_code == HTTPStatus.FOUND


def test_readyz_names_the_cache_while_healthz_stays_ok(client, cache_down):
    assert client.get("/healthz").status_code == HTTPStatus.OK
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert json.loads(response.content) == {"database": "ok", "cache": "failed", "status": "failed"}


def test_operations_answer_as_misses(cache_down):
    assert cache.get("k", "default") == "default"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("k", 1) is False
    assert cache.set("k", 1) is None
    assert cache.delete("k") is False
    assert cache.has_key("k") is False
    assert cache.get_or_set("k", 5) == 5
    assert cache.incr("k") == 0


def test_after_a_failure_the_cache_is_left_alone_for_a_moment(cache_down, monkeypatch):
    from django.core.cache import caches

    backend = caches["default"]
    assert backend.get("k") is None  # fails, and opens the pause
    calls = []
    monkeypatch.setattr(backend._cache, "get", lambda *args, **kwargs: calls.append(args))
    assert backend.get("k", "default") == "default"
    assert calls == []
    monkeypatch.setattr(softcache.time, "monotonic", lambda: softcache.FailSoftMixin._down_until + 1)
    backend.get("k")
    assert calls
