"""With no connection: a visited page opens from the service worker, an unvisited one shows the offline
page listing what is kept, a saved country brings its guides, and nothing personal is ever kept."""

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.samples import add_guide_with_table

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
KEPT = "async (url) => !!(await (await caches.open('pages')).match(url))"
KEPT_ANYWHERE = "async (url) => !!(await caches.match(url, {ignoreVary: true}))"
KEPT_TEXT = (
    "async (url) => { const r = await (await caches.open('pages')).match(url); return r ? r.text() : ''; }"
)
# Every Content-Security-Policy violation on the page, recorded before any of its own scripts run.
RECORD_CSP = """
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


@pytest.fixture
def context(browser):
    from tests.e2e.conftest import settle

    context = browser.new_context(viewport=PHONE, service_workers="allow")
    context.set_default_timeout(15_000)
    context.add_init_script(RECORD_CSP)
    yield context
    context.set_offline(True)  # nothing reaches the server while the test's data is flushed
    settle(context)


@pytest.fixture
def page(context):
    return context.new_page()


def wait_until(page, script: str, arg=None, timeout: float = 15):
    """Poll a script until it answers true (Playwright's wait_for_function would need 'unsafe-eval',
    which the strict policy rightly refuses)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"timed out waiting for {script}"
        time.sleep(0.1)


def open_online(page, url: str):
    """Open a page and wait until the service worker controls it and keeps its copy."""
    page.goto(url)
    wait_until(page, "() => navigator.serviceWorker.controller !== null")
    wait_until(page, KEPT, url)


def no_csp_violations(page) -> list:
    return page.evaluate("window.cspViolations")


@pytest.mark.parametrize(
    ("language", "country", "offline_heading", "missing"),
    [
        ("en", "Serbia", "Saved for reading offline", "this page is not kept on this device"),
        ("ru", "Сербия", "Сохранено для чтения без сети", "эта страница не сохранена на этом устройстве"),
    ],
)
def test_a_visited_country_page_opens_with_the_network_off(
    starter, live_server, context, page, language, country, offline_heading, missing
):
    prefix = "" if language == "en" else "/ru"
    serbia = f"{live_server.url}{prefix}/destinations/rs/"
    open_online(page, serbia)

    context.set_offline(True)
    response = page.goto(serbia)
    assert response.from_service_worker
    expect(page.locator("h1")).to_have_text(country)
    expect(page.locator("link[rel=stylesheet]")).to_have_count(1)
    assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith("system-ui")  # styled
    notice = page.locator("#offline-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(re.compile(r"20\d\d"))  # the date the copy was fetched

    # A page never visited: the offline page, served by the worker, lists what is kept.
    response = page.goto(f"{live_server.url}{prefix}/destinations/de/")
    assert response.from_service_worker
    expect(page.locator("h1")).to_have_text(offline_heading)
    expect(page.locator(".offline-missing")).to_contain_text(missing)
    expect(page.locator(".offline-missing")).to_contain_text(f"{prefix}/destinations/de/")
    kept = page.locator("#saved-pages li")
    expect(kept).to_have_count(1)
    expect(kept.first.locator("a")).to_have_attribute("href", f"{prefix}/destinations/rs/")
    expect(kept.first.locator("a")).to_contain_text(country)
    expect(kept.first).to_contain_text(re.compile(r"20\d\d"))
    # The offline page opens by its own address too.
    response = page.goto(f"{live_server.url}{prefix}/offline/")
    assert response.from_service_worker
    expect(page.locator("h1")).to_have_text(offline_heading)
    expect(page.locator(".offline-missing")).to_be_hidden()
    assert no_csp_violations(page) == []
    # The record is real: an inline style, which the policy refuses, shows up in it.
    inline_style = "Object.assign(document.createElement('style'), {textContent: 'p {}'})"
    page.evaluate(f"() => document.head.append({inline_style})")
    wait_until(page, "() => window.cspViolations.length === 1")


def test_save_this_country_for_offline_keeps_its_guides(starter, live_server, context, page):
    add_guide_with_table()  # Serbia's second guide
    serbia = f"{live_server.url}/destinations/rs/"
    open_online(page, serbia)
    guides = page.locator("a[data-offline-include]")
    hrefs = guides.evaluate_all("links => links.map((link) => link.getAttribute('href'))")
    addresses = [live_server.url + href for href in hrefs]
    assert len(addresses) >= 2
    for address in addresses:
        assert not page.evaluate(KEPT, address)  # not visited
    save = page.get_by_role("button", name="Save this country for offline")
    expect(save).to_be_visible()
    save.click()
    expect(page.locator(".offline-save-status")).to_contain_text("Saved on this device")
    expect(page.locator(".offline-save-status")).to_contain_text(f"pages: {len(addresses) + 1}")

    context.set_offline(True)
    for address in addresses:
        response = page.goto(address)
        assert response.from_service_worker
        expect(page.locator("h1")).not_to_have_text("Saved for reading offline")
        expect(page.locator(".prose")).to_be_visible()
    page.goto(serbia)
    expect(page.locator(".offline-save-status")).to_contain_text("Saved on this device on")
    assert no_csp_violations(page) == []


def test_a_newer_version_of_a_page_replaces_the_kept_one(starter, live_server, context, page):
    from guides.models import Country

    serbia = f"{live_server.url}/destinations/rs/"
    open_online(page, serbia)
    assert "A newer summary" not in page.evaluate(KEPT_TEXT, serbia)
    newer = "A newer summary of Serbia."
    Country.objects.filter(iso2="rs").update(summary=newer, summary_en=newer)
    page.goto(serbia)
    expect(page.locator(".country")).to_contain_text("A newer summary")
    wait_until(page, f"async (url) => (await ({KEPT_TEXT})(url)).includes('A newer summary')", serbia)
    context.set_offline(True)
    page.goto(serbia)
    expect(page.locator(".country")).to_contain_text("A newer summary")


def test_admin_pages_and_responses_that_set_a_cookie_are_never_kept(
    starter, live_server, context, page, settings
):
    settings.ROOT_URLCONF = "tests.e2e.cookie_urls"
    open_online(page, f"{live_server.url}/sources/")
    login = live_server.url + reverse("admin:login")
    page.goto(login)
    cookie_page = f"{live_server.url}/cookie-page/"
    page.goto(cookie_page)
    expect(page.locator("p")).to_have_text("A cookie was set.")
    assert [cookie["name"] for cookie in context.cookies()] == ["csrftoken", "remember"]
    # A page visited after them is kept, so the worker had its chance to keep them too.
    open_online(page, f"{live_server.url}/guides/")
    assert not page.evaluate(KEPT_ANYWHERE, login)
    assert not page.evaluate(KEPT_ANYWHERE, cookie_page)
    context.set_offline(True)
    page.goto(cookie_page)
    expect(page.locator("h1")).to_have_text("Saved for reading offline")
    with pytest.raises(Exception, match="ERR_INTERNET_DISCONNECTED|ERR_FAILED"):
        page.goto(login)  # the worker leaves the admin alone: no network, no page


@pytest.mark.parametrize("path", ["/offline/", "/ru/offline/"])
def test_the_offline_page_has_no_serious_accessibility_violation(starter, live_server, page, path):
    open_online(page, f"{live_server.url}/destinations/rs/")
    page.goto(live_server.url + path)
    expect(page.locator("#saved-pages li")).to_have_count(1)
    results = Axe().run(page)
    assert results.response["passes"]
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in {"serious", "critical"}]
    assert serious == []
