"""Accessibility (axe-core), keyboard use and privacy, checked in the browser on every public page."""

import re
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def public_paths() -> list[str]:
    paths = [
        "/",
        "/destinations/",
        "/destinations/?region=eu&sort=fastest",
        "/destinations/rs/",
        "/compare/?c=ge&c=de&c=il&c=rs",
        "/guides/",
        "/guides/?q=exam",
        "/guides/serbia-recognition-permits-and-the-grey-market/",
        "/sources/",
    ]
    try:
        paths.append(
            reverse("guides:plan") + "?specialty=paediatrics&lang=ru:native&lang=en:b1&years=8&residency=1"
        )
    except NoReverseMatch:
        pass
    return paths + ["/ru" + path for path in paths]


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    assert results.response["passes"], "axe-core ran no rule: the check would prove nothing"
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + "; ".join(f"{node['target'][0]} {node['html'][:200]}" for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in {"serious", "critical"}
    ]


def test_no_serious_accessibility_violation_on_public_pages(starter, live_server, page):
    problems = {}
    for path in public_paths():
        page.goto(live_server.url + path)
        found = serious_violations(page)
        if found:
            problems[path] = found
    assert problems == {}


def test_keyboard_only_journey_through_the_destination_filters(starter, live_server, page):
    page.goto(f"{live_server.url}/destinations/")
    page.focus("#id_region")
    page.keyboard.press("ArrowDown")  # the first region after "any"
    # Tab to the submit button and press Enter, as a keyboard user would.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    focused_outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused_outline != "none", "focus must be visible"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"region="))


def test_public_pages_set_no_cookie_and_load_nothing_from_another_origin(starter, live_server, context, page):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in public_paths():
        page.goto(live_server.url + path)
    origin = urlsplit(live_server.url).netloc
    foreign = sorted(
        {
            url
            for url in requested
            if urlsplit(url).scheme in {"http", "https"} and urlsplit(url).netloc != origin
        }
    )
    assert foreign == []
    assert context.cookies() == []


def test_admin_loads_nothing_from_another_origin(live_server, context, page, admin_user):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(reverse("admin:index") + "$"))
    for name in ("guides_country", "guides_recognitionpath", "guides_guide"):
        page.goto(live_server.url + reverse(f"admin:{name}_changelist"))
        page.goto(live_server.url + reverse(f"admin:{name}_add"))
    origin = urlsplit(live_server.url).netloc
    assert (
        sorted({url for url in requested if urlsplit(url).netloc != origin and url.startswith("http")}) == []
    )


def test_no_serious_accessibility_violation_on_the_admin_main_pages(starter, live_server, page, admin_user):
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(reverse("admin:index") + "$"))
    urls = [
        reverse("admin:index"),
        reverse("admin:guides_country_changelist"),
        reverse("admin:guides_recognitionpath_changelist"),
        reverse("admin:guides_guide_changelist"),
        reverse("admin:guides_correctionreport_changelist"),
        reverse("admin:guides_country_import"),
    ]
    problems = {}
    for url in urls:
        page.goto(live_server.url + url)
        found = serious_violations(page)
        if found:
            problems[url] = found
    assert problems == {}, "\n".join(f"{url}: {found}" for url, found in problems.items())


def test_admin_change_forms_with_autocomplete_widgets(starter, live_server, page, admin_user):
    """The autocomplete widgets are named after their labels by guides/static/guides/admin/a11y.js."""
    from guides.models import Country, Guide, RecognitionPath

    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "admin")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    path = RecognitionPath.objects.get(country__iso2="rs", slug="full-licence")
    urls = [
        reverse("admin:guides_recognitionpath_change", args=[path.pk]),
        reverse("admin:guides_country_change", args=[Country.objects.get(iso2="rs").pk]),
        reverse("admin:guides_guide_change", args=[Guide.objects.order_by("slug").first().pk]),
        reverse("admin:guides_recognitionpath_add"),
    ]
    problems = {}
    for url in urls:
        page.goto(live_server.url + url)
        page.wait_for_selector("span.select2-container")
        found = serious_violations(page)
        if found:
            problems[url] = found
    assert problems == {}, "\n".join(f"{url}: {found}" for url, found in problems.items())
