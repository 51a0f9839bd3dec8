"""Production settings, the Content-Security-Policy and other headers, staff login lockout."""

import os
import re
import secrets
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_country, make_guide, make_path, make_step

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


def test_deploy_check_reports_nothing_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.update(DJANGO_SECRET_KEY=secrets.token_urlsafe(50), DJANGO_ALLOWED_HOSTS="guide.example.org")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.fixture
def pages():
    country = make_country(iso2="rs", name="Serbia", region="europe_other", visa_regime="visa_free")
    make_step(path=make_path(country=country))
    guide = make_guide(body="# Title\n\n<script>alert(1)</script> [x](javascript:alert(1))")
    guide.countries.add(country)
    fixed = ["/", "/destinations/", "/destinations/rs/", "/compare/?c=rs", "/guides/", "/sources/", "/ru/"]
    return [*fixed, "/ru/destinations/rs/", guide.get_absolute_url()]


def test_public_pages_have_a_strict_policy_without_nonces(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code == HTTPStatus.OK, url
        policy = response["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["default-src"] == "'self'"
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy and "nonce-" not in policy, url
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert not response.cookies, url


def test_public_pages_have_no_inline_script_style_or_handler(client, pages):
    for url in pages:
        html = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"<style\b", html), url
        assert not re.search(r"\sstyle=", html), url
        assert not re.search(r"\son[a-z]+=", html), url
        assert "nonce=" not in html, url


def test_staff_login_locks_out_after_repeated_failures(client, admin_user):
    url = reverse("admin:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "admin", "password": "wrong"})
    response = client.post(url, {"username": "admin", "password": "password"})
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "_auth_user_id" not in client.session


def test_lockout_keeps_no_address_in_the_database(client, admin_user):
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"})
    assert AccessAttempt.objects.count() == 0
    assert AccessLog.objects.count() == 0
    assert AccessFailureLog.objects.count() == 0


def test_a_good_login_still_works_below_the_limit(client, admin_user):
    client.post(reverse("admin:login"), {"username": "admin", "password": "wrong"})
    response = client.post(reverse("admin:login"), {"username": "admin", "password": "password"})
    assert response.status_code == HTTPStatus.FOUND


def test_staff_sessions_expire():
    assert settings.SESSION_COOKIE_AGE <= 12 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
