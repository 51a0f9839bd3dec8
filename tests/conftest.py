import os

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Fast hashing; a per-test cache (Redis when REDIS_URL is set, so the cache tests run on it)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages render {% static %} without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # The page cache is tested on its own (tests/test_cache.py); elsewhere pages are always built.
    settings.PAGE_CACHE_SECONDS = 0
    # Background tasks run inside the request; tests/guides/test_import_jobs.py runs the database worker.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    if not os.environ.get("REDIS_URL"):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()
