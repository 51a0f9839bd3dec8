"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Chromium comes from ``CHROMIUM_PATH`` or the PATH (``apt-get install chromium``); without it every test
here is skipped, and ``make test`` says so. Never ``playwright install``: it downloads a browser.
"""

import os
import shutil
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the tests also use the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
# Without these the closed network here stalls Chromium on background connections.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTER = Path(settings.BASE_DIR) / "fixtures" / "starter.json"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    skip = pytest.mark.skip(reason="Chromium not found (set CHROMIUM_PATH or apt-get install chromium)")
    for item in items:
        if Path(item.fspath).is_relative_to(here):
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


def settle(context) -> None:
    """Let every page finish its requests before the test's data is flushed.

    The live server answers in another thread; a request still running while the database is flushed
    (SQLite's shared in-memory database) makes the flush fail with "database table is locked".
    """
    for page in context.pages:
        try:
            page.wait_for_load_state("networkidle", timeout=5_000)
        except Exception:  # noqa: BLE001 - a page that never settles is closed all the same
            pass
    context.close()
    time.sleep(0.2)  # the server thread closes its connection just after the last response


@pytest.fixture
def context(browser):
    # The service worker is tested on its own (test_offline.py); elsewhere its background fetches
    # would only race the flush of the test's data.
    context = browser.new_context(viewport={"width": 360, "height": 800}, service_workers="block")
    context.set_default_timeout(15_000)
    yield context
    settle(context)


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def starter(transactional_db):
    call_command("loaddata", str(STARTER), verbosity=0)
