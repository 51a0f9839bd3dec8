"""/healthz is cheap and never redirected; /readyz reports the database and the cache."""

import json
from http import HTTPStatus

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.OK
    assert json.loads(response.content) == {"database": "ok", "cache": "ok", "status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_names_the_database_when_it_fails(client, monkeypatch):
    from relocation import health

    class Broken:
        def __enter__(self):
            raise DatabaseError("down")

        def __exit__(self, *args):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: Broken())
    response = client.get("/readyz")
    assert response.status_code == HTTPStatus.SERVICE_UNAVAILABLE
    assert json.loads(response.content)["database"] == "failed"


@pytest.mark.parametrize("url", ["/healthz", "/readyz"])
def test_probes_are_not_redirected_to_https(client, settings, url):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    assert client.get(url).status_code == HTTPStatus.OK
    # Other pages are.
    assert client.get("/sources/").status_code == HTTPStatus.MOVED_PERMANENTLY


def test_production_settings_exempt_the_probes_from_the_https_redirect():
    import os
    import subprocess
    import sys

    code = "from django.conf import settings; print(settings.SECURE_REDIRECT_EXEMPT)"
    env = {
        **os.environ,
        "DJANGO_HTTPS": "1",
        "DJANGO_SECRET_KEY": "x",
        "DJANGO_SETTINGS_MODULE": "relocation.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert "healthz" in result.stdout and "readyz" in result.stdout, result.stderr


def test_healthz_reads_neither_database_nor_cache(client, django_assert_num_queries, monkeypatch):
    from django.core.cache import caches

    def refuse(*args, **kwargs):
        raise AssertionError("healthz touched the cache")

    monkeypatch.setattr(caches["default"], "get", refuse)
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == HTTPStatus.OK
