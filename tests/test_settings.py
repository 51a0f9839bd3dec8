import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_check()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_starts_without_secret_key_in_debug():
    result = run_check(DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_starts_with_a_secret_key():
    result = run_check(DJANGO_SECRET_KEY="x" * 50, DJANGO_HTTPS="0")
    assert result.returncode == 0, result.stderr


def test_settings_read_from_environment():
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.ADMIN_PATH, s.SECURE_SSL_REDIRECT, "
        "s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SETTINGS_MODULE="relocation.settings",
        DJANGO_SECRET_KEY="x" * 50,
        DJANGO_ALLOWED_HOSTS="guide.example.org, www.guide.example.org",
        DJANGO_ADMIN_PATH="/staff-only/",
        DATABASE_URL="postgres://u@db.invalid:5432/relocation",
        REDIS_URL="redis://cache.invalid:6379/0",
    )
    env.pop("DJANGO_HTTPS", None)
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "False",
        "['guide.example.org',",
        "'www.guide.example.org']",
        "staff-only/",
        "True",
        "django.db.backends.postgresql",
        "relocation.softcache.SoftRedisCache",
    ]


def test_defaults_are_sqlite_and_a_file_cache():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    env.update(DJANGO_SETTINGS_MODULE="relocation.settings", DJANGO_DEBUG="1")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DATABASES['default']['ENGINE'], s.CACHES['default']['BACKEND'], s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "relocation.softcache.SoftFileBasedCache",
        "False",
    ]


def test_configured_cache_round_trips():
    """Runs on Redis when REDIS_URL is set (make test does so for the PostgreSQL pass)."""
    if os.environ.get("REDIS_URL"):
        assert settings.CACHES["default"]["BACKEND"] == "relocation.softcache.SoftRedisCache"
    cache.set("relocation-test-key", {"months": 8}, 30)
    assert cache.get("relocation-test-key") == {"months": 8}
    cache.delete("relocation-counter")
    assert cache.add("relocation-counter", 1)
    assert cache.incr("relocation-counter") == 2
    cache.delete("relocation-test-key")
    assert cache.get("relocation-test-key") is None


@pytest.mark.django_db
def test_healthz_answers_without_a_database_write(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert not response.cookies
