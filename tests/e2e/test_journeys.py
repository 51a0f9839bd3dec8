"""What a doctor does, in a real browser, with JavaScript and without."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import settle

pytestmark = pytest.mark.django_db(transaction=True)


def result_count(page) -> str:
    return page.locator("#results-heading").inner_text()


def test_filter_destinations_in_place_then_go_back(starter, live_server, page):
    page.goto(f"{live_server.url}/destinations/")
    everything = result_count(page)
    page.evaluate("window.loadedOnce = true")
    page.select_option("#id_region", "eu")
    expect(page).to_have_url(re.compile(r"region=eu"))
    expect(page.locator("#results-heading")).not_to_have_text(everything)
    filtered = result_count(page)
    # The results changed without a page load: the marker set on the first load is still there.
    assert page.evaluate("window.loadedOnce") is True
    page.go_back()
    expect(page).not_to_have_url(re.compile(r"region=eu"))
    expect(page.locator("#results-heading")).to_have_text(everything)
    assert filtered != everything


def test_filter_destinations_without_javascript(starter, live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/destinations/")
    page.select_option("#id_region", "eu")
    page.locator("#destination-filters button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"region=eu"))
    expect(page.locator("#destination-results")).to_contain_text("Germany")
    expect(page.locator("#destination-results")).not_to_contain_text("Georgia")
    settle(context)


def test_compare_four_countries(starter, live_server, page):
    page.goto(f"{live_server.url}/compare/?c=ge&c=de&c=il&c=rs")
    table = page.locator("table").first
    for name in ("Georgia", "Germany", "Israel", "Serbia"):
        expect(table).to_contain_text(name)


def test_switch_language_keeps_the_filtered_page(starter, live_server, page):
    page.goto(f"{live_server.url}/destinations/?region=eu&sort=fastest")
    page.locator(".language-switch a[hreflang=ru]").click()
    expect(page).to_have_url(re.compile(r"/ru/destinations/\?region=eu&sort=fastest$"))
    assert page.locator("html").get_attribute("lang") == "ru"


def test_search_guides_in_russian(starter, live_server, page):
    page.goto(f"{live_server.url}/ru/guides/")
    page.fill("#id_q", "Сербия")
    expect(page).to_have_url(re.compile(r"q="))
    expect(page.locator("#guide-results")).to_contain_text("Серби")
