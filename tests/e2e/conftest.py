"""Browser tests: Playwright for Python driving Debian's Chromium against pytest-django's live server.

Chromium comes from ``CHROMIUM_PATH`` or the PATH (``apt-get install chromium``); without it every test
here is skipped, and ``make test`` says so. Never ``playwright install``: it downloads a browser.
"""

import importlib
import os
import shutil
import time
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group, User
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


# --- Curators in the Russian admin (shared by the curators' desk and the curators' tasks) ----------

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def curator_groups(live_server, transactional_db):
    """The Editors and Reviewers groups as their data migrations make them (a transactional test may
    start from a database another one flushed)."""
    importlib.import_module("guides.migrations.0003_editor_and_reviewer_groups").create_groups(apps, None)
    importlib.import_module("guides.migrations.0013_editors_add_sources").allow(apps, None)


def staff(username, group):
    user = User.objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def russian_page(browser, live_server, problems, who):
    """A watched page (``watched_page``) of a Russian-speaking browser."""
    return watched_page(browser, live_server, problems, who, locale="ru-RU")


def watched_page(browser, live_server, problems, who, locale=None):
    """A page that records script errors, CSP violations, failed loads and any third-party request
    in ``problems``, each with ``who`` saw it."""
    options = {"locale": locale} if locale else {}
    context = browser.new_context(service_workers="block", **options)
    context.set_default_timeout(15_000)
    page = context.new_page()

    def on_console(message):
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append((who, message.text))

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            problems.append((who, f"{response.status} {response.url}"))

    def on_request(request):
        if not request.url.startswith((live_server.url, "data:")):
            problems.append((who, f"third-party request {request.url}"))

    page.on("pageerror", lambda error: problems.append((who, str(error))))
    page.on("console", on_console)
    page.on("response", on_response)
    page.on("request", on_request)
    return page


def log_in(page, live_server, username, password=PASSWORD):
    """Log in from the login page, typed into the address bar; the admin answers in Russian."""
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    assert page.locator("html").get_attribute("lang") == "ru"


def messages_text(page) -> str:
    """The admin's messages of the page just loaded (waiting for them to be there)."""
    return page.locator("ul.messagelist").inner_text()
