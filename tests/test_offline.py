"""The service worker script, the offline page and the rule that keeps personal responses out of caches."""

import json
import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from relocation import offline

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """A /ru/ request leaves Russian active in the thread: start and end in English."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def worker_config(content: str) -> dict:
    return json.loads(re.search(r"^const CONFIG = (.*);$", content, re.M).group(1))


def test_the_service_worker_is_served_from_the_root_and_never_from_a_cache(client):
    response = client.get("/sw.js")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    assert "Service-Worker-Allowed" not in response  # at the root, its scope is the whole site already
    assert not response.cookies
    # The strict policy holds for the worker too: its own fetches may only go to this site.
    assert response["Content-Security-Policy"].startswith("default-src 'self'")


def test_the_worker_knows_the_offline_pages_the_shell_and_what_it_must_never_keep(client):
    config = worker_config(client.get("/sw.js").content.decode())
    assert config["offline"] == {"en": "/offline/", "ru": "/ru/offline/"}
    assert config["default_language"] == "en"
    assert "/static/guides/site.css" in config["shell"]
    assert "/static/django_htmx/htmx-2.min.js" in config["shell"]
    assert config["assets"] == ["/static/guides/", "/static/django_htmx/"]
    assert config["data"] == ["/data/"]
    assert config["never"] == ["/" + settings.ADMIN_PATH, "/sw.js"]


def test_the_worker_version_follows_its_content(client, monkeypatch):
    first = re.search(r'^const VERSION = "([0-9a-f]{16})";$', client.get("/sw.js").content.decode(), re.M)
    assert first
    assert client.get("/sw.js").content.decode().count(first.group(1)) == 1  # stable for the same files
    monkeypatch.setattr(offline, "SHELL", [*offline.SHELL, "guides/favicon.ico"])
    second = re.search(r'^const VERSION = "([0-9a-f]{16})";$', client.get("/sw.js").content.decode(), re.M)
    assert second.group(1) != first.group(1)


def test_the_worker_follows_a_configured_admin_path(client, settings):
    settings.ADMIN_PATH = "curators/"
    assert worker_config(client.get("/sw.js").content.decode())["never"][0] == "/curators/"


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/offline/", "Saved for reading offline"), ("/ru/offline/", "Сохранено для чтения без сети")],
)
def test_the_offline_page_in_both_languages(client, path, heading):
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    content = response.content.decode()
    assert f"<h1>{heading}</h1>" in content
    assert '<meta name="robots" content="noindex">' in content
    assert 'id="saved-pages"' in content
    assert not response.cookies


def test_public_pages_register_the_worker(client):
    content = client.get("/offline/").content.decode()
    script = r'<script src="/static/guides/site[^"]*\.js" defer data-service-worker="/sw.js"></script>'
    assert re.search(script, content)


def test_a_response_that_sets_a_cookie_is_marked_private_and_no_store(client):
    response = client.get(reverse("admin:login"))  # sets the CSRF cookie
    assert response.cookies
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_request_with_a_session_gets_a_private_answer(client, admin_user):
    client.force_login(admin_user)
    response = client.get("/offline/")
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives
    assert "public" not in directives


def test_public_pages_stay_public(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    response = client.get("/offline/")
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert "public" in directives and "no-store" not in directives and "private" not in directives
