"""Printed pages: A4, without the navigation, the language link or the report form; with the address and
the date printed, and on a plan whom it is for and each fact's source and review date."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from tests.e2e.samples import PLAN_QUERY, add_guide_with_table, localised

pytestmark = pytest.mark.django_db(transaction=True)

# A4 is 210 mm wide; the stylesheet's @page leaves 15 mm either side: 180 mm at 96 px per inch.
A4_CONTENT_WIDTH = round(180 / 25.4 * 96)
PRINTED = [
    "/destinations/rs/",
    "/destinations/il/",
    "/compare/?c=ge&c=de&c=il&c=rs",
    f"/plan/de/?{PLAN_QUERY}",
    "/guides/fees-and-waiting-times-compared/",
]
SCREEN_ONLY = [".site-nav", ".language-switch"]


@pytest.fixture
def paper(browser):
    from tests.e2e.conftest import settle

    viewport = {"width": A4_CONTENT_WIDTH, "height": 1000}
    context = browser.new_context(viewport=viewport, service_workers="block")
    context.set_default_timeout(15_000)
    yield context.new_page()
    settle(context)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_printed_pages_leave_out_navigation_language_link_and_report_form(
    starter, live_server, paper, language
):
    add_guide_with_table()
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    for path in PRINTED:
        path = localised(path, language)
        paper.goto(live_server.url + path)
        has_report_form = "/destinations/" in path or "/guides/" in path
        hidden_in_print = SCREEN_ONLY + ([".report"] if has_report_form else [])
        for selector in hidden_in_print:
            expect(paper.locator(selector).first, f"{selector} on screen, {path}").to_be_visible()
        meta = paper.locator(".print-meta")
        expect(meta).to_be_hidden()

        paper.emulate_media(media="print")
        for selector in hidden_in_print:
            expect(paper.locator(selector).first, f"{selector} printed, {path}").to_be_hidden()
        expect(meta).to_be_visible()
        expect(meta.locator(".print-address")).to_have_text(live_server.url + path)
        assert meta.locator(".print-date").get_attribute("datetime") == today
        width = paper.evaluate("document.documentElement.scrollWidth")
        assert width <= A4_CONTENT_WIDTH, f"{path} is {width} px wide on paper"
        paper.emulate_media(media="screen")


SITUATION = {
    "en": {
        "Specialty": "Paediatrics",
        "Languages and levels": ["Russian (native)", "English (B1)"],  # the preset Russian first
        "Years of practice": "8",
        "Residency (ordinatura) completed": "yes",
    },
    "ru": {
        "Специальность": "Педиатрия",
        "Языки и уровни": ["Русский (родной)", "Английский (B1)"],
        "Стаж (лет)": "8",
        "Ординатура окончена": "да",
    },
}
READ_SITUATION = """
() => Object.fromEntries([...document.querySelectorAll('.plan-for dt')].map(dt => {
  const dd = dt.nextElementSibling;
  const items = [...dd.querySelectorAll('li')].map(li => li.innerText.trim());
  return [dt.innerText.trim(), items.length ? items : dd.innerText.trim()];
}))
"""


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_printed_plan_says_whom_it_is_for_and_cites_every_step(starter, live_server, paper, language):
    # The standard path, with its many steps: the quickest one for this doctor may be a short permit.
    paper.goto(live_server.url + localised(f"/plan/de/?{PLAN_QUERY}&path=kenntnispruefung", language))
    paper.emulate_media(media="print")
    expect(paper.locator(".plan-for")).to_be_visible()
    assert paper.evaluate(READ_SITUATION) == SITUATION[language]
    steps = paper.locator("#steps-heading + .timeline > li")
    assert steps.count() >= 5
    for index in range(steps.count()):
        step = steps.nth(index)
        expect(step.locator(".fact-sources")).to_be_visible()
        expect(step.locator(".fact-sources cite").first).to_be_visible()
    reviewed = paper.locator("#steps-heading + .timeline > li .provenance time")
    assert reviewed.count() >= steps.count() - 1  # every step but the language study has a review date
    pdf = paper.pdf(prefer_css_page_size=True)
    assert re.search(rb"/MediaBox \[0 0 59[45]\.\d+ 841\.\d+\]", pdf), "not A4"


def test_the_printed_address_follows_the_page_after_htmx_changed_it(starter, live_server, paper):
    paper.goto(live_server.url + "/plan/")
    paper.select_option("#id_specialty", "paediatrics")
    paper.locator("#plan-form button[type=submit]").click()
    expect(paper).to_have_url(re.compile(r"specialty=paediatrics"))
    expect(paper.locator(".print-address")).to_have_text(live_server.url + "/plan/")
    paper.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(paper.locator(".print-address")).to_have_text(paper.url)
