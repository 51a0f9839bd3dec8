"""Every public page on a 360 px phone, in English and in Russian: nothing wider than the screen, and
every visible control at least 24 × 24 CSS px (WCAG 2.2 target size), the primary ones 44 px tall."""

import pytest
from playwright.sync_api import expect

from tests.e2e.samples import PAGES, add_guide_with_table, localised, page_names

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 360, "height": 740}
MIN_TARGET = 24
PRIMARY_TARGET = 44

# Every element a reader can tap or type into, as it is laid out; hidden ones are left out.
MEASURE_TARGETS = """
() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, '
    + '[tabindex]:not([tabindex="-1"])';
  const found = [];
  for (const element of document.querySelectorAll(selector)) {
    if (!element.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const text = (element.innerText || element.value || element.getAttribute('aria-label') || '').trim();
    found.push({
      tag: element.tagName.toLowerCase(),
      type: element.type || '',
      id: element.id,
      text: text.replace(/\\s+/g, ' ').slice(0, 40),
      width: Math.round(box.width * 10) / 10,
      height: Math.round(box.height * 10) / 10,
    });
  }
  return found;
}
"""
DOCUMENT_WIDTH = "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"


@pytest.fixture
def phone(browser):
    from tests.e2e.conftest import settle

    context = browser.new_context(viewport=PHONE)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.set_offline(True)  # the service worker's last fetches must not race the flush of the data
    settle(context)


def describe(target: dict) -> str:
    name = f"{target['tag']}#{target['id']}" if target["id"] else target["tag"]
    return f"{name} “{target['text']}” {target['width']}×{target['height']}"


def is_primary(target: dict) -> bool:
    """Buttons, text fields and selects (a checkbox is 24 px, its label row 44 px)."""
    if target["tag"] == "input":
        return target["type"] not in {"checkbox", "radio"}
    return target["tag"] in {"button", "select", "textarea"}


def test_the_sample_pages_cover_every_page_of_the_site():
    assert page_names() <= {name for _path, name, _status in PAGES}


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_fits_a_360_px_phone_and_every_target_is_large_enough(
    starter, live_server, phone, language
):
    add_guide_with_table()
    too_wide, too_small, primary_too_small = {}, {}, {}
    measured = 0
    for path, _name, status in PAGES:
        path = localised(path, language)
        response = phone.goto(live_server.url + path)
        assert response.status == status, path
        assert phone.locator("html").get_attribute("lang") == language
        if phone.locator(".offline-save").count():
            # Shown once the service worker is ready: measured with the rest.
            expect(phone.locator(".offline-save")).to_be_visible()
        width = phone.evaluate(DOCUMENT_WIDTH)
        if width > PHONE["width"]:
            too_wide[path] = width
        targets = phone.evaluate(MEASURE_TARGETS)
        assert targets, f"{path}: nothing to measure"
        measured += len(targets)
        small = [t for t in targets if t["width"] < MIN_TARGET or t["height"] < MIN_TARGET]
        if small:
            too_small[path] = [describe(t) for t in small]
        # Primary controls: buttons, text fields and selects are 44 px tall.
        primary = [t for t in targets if is_primary(t) and t["height"] < PRIMARY_TARGET]
        if primary:
            primary_too_small[path] = [describe(t) for t in primary]
    assert too_wide == {}
    assert too_small == {}
    assert primary_too_small == {}
    assert measured > 50 * len(PAGES) // 2


@pytest.mark.parametrize("language", ["en", "ru"])
def test_the_compare_page_reads_row_by_row_on_a_phone(starter, live_server, phone, language):
    """On a phone each row of the comparison is one block: its heading, then every country's answer,
    each named, full width (no column narrower than a word)."""
    phone.goto(live_server.url + localised("/compare/?c=ge&c=de&c=il&c=rs", language))
    rows = phone.locator(".compare tbody tr")
    assert rows.count() == 11
    months = rows.nth(5)
    heading = months.locator("th").bounding_box()
    cells = [months.locator("td").nth(i).bounding_box() for i in range(4)]
    # The heading spans the block and the four answers stack under it, each as wide as the heading.
    assert all(cell["y"] >= heading["y"] + heading["height"] - 1 for cell in cells)
    assert [cell["y"] for cell in cells] == sorted(cell["y"] for cell in cells)
    assert all(abs(cell["width"] - heading["width"]) < 2 for cell in cells)
    names = months.locator(".cell-country").all_inner_texts()
    headers = phone.locator(".compare thead th a:not(.remove)").all_inner_texts()
    assert [name.rstrip(":") for name in names] == headers
    # The months bars share one scale, so they start at one x and are equally wide.
    bars = [bar.bounding_box() for bar in months.locator("svg.bar").all()]
    assert len(bars) == 4
    assert len({round(bar["x"]) for bar in bars}) == 1 and len({round(bar["width"]) for bar in bars}) == 1


def test_the_compare_page_is_a_table_on_a_wide_screen(starter, live_server, browser):
    from tests.e2e.conftest import settle

    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    page = context.new_page()
    page.goto(live_server.url + "/ru/compare/?c=ge&c=de&c=il&c=rs")
    months = page.locator(".compare tbody tr").nth(5)
    cells = [months.locator("td").nth(i).bounding_box() for i in range(4)]
    assert len({round(cell["y"]) for cell in cells}) == 1  # side by side
    assert page.locator(".compare .cell-country").first.is_hidden()  # the column heads name them
    assert page.evaluate(DOCUMENT_WIDTH) <= 1280
    settle(context)
