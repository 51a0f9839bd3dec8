"""Every page that promises to work without JavaScript, driven with JavaScript switched off."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import settle

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def page(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    context.set_default_timeout(15_000)
    yield context.new_page()
    settle(context)


def test_search_guides(starter, live_server, page):
    page.goto(f"{live_server.url}/guides/")
    page.fill("#id_q", "Serbia")
    page.locator(
        "#guide-filters button[type=submit], form[action$='/guides/'] button[type=submit]"
    ).first.click()
    expect(page).to_have_url(re.compile(r"q=Serbia"))
    expect(page.locator("#guide-results")).to_contain_text("Serbia")


def test_add_a_country_to_the_comparison(starter, live_server, page):
    page.goto(f"{live_server.url}/compare/?c=ge&c=de")
    page.select_option("#compare-add", "rs")
    page.locator("form.compare-add button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"c=rs"))
    expect(page.locator("table").first).to_contain_text("Serbia")


def test_plan_my_move(starter, live_server, page):
    page.goto(f"{live_server.url}/plan/")
    page.select_option("#id_specialty", "paediatrics")
    page.select_option("#lang-ru", "ru:native")
    page.select_option("#lang-en", "en:b1")
    page.fill("#id_years", "8")
    page.locator("#plan-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"specialty=paediatrics"))
    expect(page.locator("#plan-results")).to_contain_text("Germany")


def test_report_a_correction(starter, live_server, page):
    from guides.models import CorrectionReport

    page.goto(f"{live_server.url}/destinations/rs/")
    page.fill("#report-message", "The fee changed this year.")
    page.click("#report button[type=submit]")
    expect(page.locator("body")).to_contain_text("Thank")
    assert CorrectionReport.objects.get().message == "The fee changed this year."
