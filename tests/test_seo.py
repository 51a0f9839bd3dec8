"""What search engines and Lighthouse read: a description per page taken from the page's own content,
hreflang links between the English and Russian versions, robots.txt and the favicon."""

import html
import re
from http import HTTPStatus

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import translation

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/destinations/",
    "/destinations/rs/",
    "/destinations/il/",
    "/compare/?c=ge&c=de&c=il&c=rs",
    "/guides/",
    "/guides/serbia-recognition-permits-and-the-grey-market/",
    "/sources/",
    "/plan/",
    "/plan/de/?lang=ru:native&years=8",
]
DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">')
ALTERNATE = re.compile(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">')


@pytest.fixture(scope="module")
def starter(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("loaddata", "starter.json", verbosity=0)
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def english():
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == HTTPStatus.OK, path
    return response.content.decode()


def description(content: str) -> str:
    found = DESCRIPTION.findall(content)
    assert len(found) == 1, "one meta description per page"
    return html.unescape(found[0])


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_page_has_its_own_description(client, starter, language):
    prefix = "" if language == "en" else "/ru"
    descriptions = {path: description(page(client, prefix + path)) for path in PAGES}
    assert all(len(text) >= 50 for text in descriptions.values()), descriptions
    # Each page says something of its own, not one sentence for the whole site.
    assert len(set(descriptions.values())) == len(PAGES)


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # from the country's summary
        ("/destinations/rs/", "Serbia: how a Russian medical diploma is recognised"),
        ("/ru/destinations/rs/", "Сербия: как признают российский медицинский диплом"),
        # the countries compared
        ("/compare/?c=ge&c=de", "Georgia, Germany."),
        ("/ru/compare/?c=ge&c=de", "Грузия, Германия."),
        # the number of countries on the home page
        ("/", "in 27 countries"),
        ("/ru/", "в 27 странах"),
    ],
)
def test_descriptions_come_from_the_page_content(client, starter, path, expected):
    assert expected in description(page(client, path))


def test_country_description_carries_its_summary(client, starter):
    from guides.models import Country

    summary = Country.objects.get(iso2="rs").summary
    assert summary[:60] in description(page(client, "/destinations/rs/"))


def test_guide_description_is_its_summary(client, starter):
    from guides.models import Guide

    guide = Guide.objects.get(slug="serbia-recognition-permits-and-the-grey-market")
    assert guide.summary
    assert description(page(client, guide.get_absolute_url())).startswith(guide.summary[:100])


@pytest.mark.parametrize(
    ("path", "english", "russian"),
    [
        ("/", "/", "/ru/"),
        ("/ru/", "/", "/ru/"),
        ("/destinations/rs/", "/destinations/rs/", "/ru/destinations/rs/"),
        ("/ru/compare/?c=ge&c=de", "/compare/?c=ge&c=de", "/ru/compare/?c=ge&c=de"),
        ("/ru/sources/", "/sources/", "/ru/sources/"),
    ],
)
def test_hreflang_links_join_the_two_languages_by_absolute_address(client, starter, path, english, russian):
    links = {code: html.unescape(href) for code, href in ALTERNATE.findall(page(client, path))}
    assert links == {
        "en": f"http://testserver{english}",
        "ru": f"http://testserver{russian}",
        "x-default": f"http://testserver{english}",
    }


def test_robots_txt_lets_crawlers_read_the_pages_but_not_endless_plan_queries(client):
    response = client.get("/robots.txt")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert set(lines[1:]) == {
        "Disallow: /report/",
        "Disallow: /ru/report/",
        "Disallow: /plan/*?",
        "Disallow: /ru/plan/*?",
    }
    assert settings.ADMIN_PATH not in response.content.decode()  # a configurable path is not advertised
    assert not response.cookies


def test_the_favicon_is_served_by_us(client):
    response = client.get("/favicon.ico")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "image/x-icon"
    assert response.content[:4] == b"\x00\x00\x01\x00"  # an icon resource
    assert "max-age" in response["Cache-Control"]
    assert client.head("/favicon.ico").status_code == HTTPStatus.OK


def test_pages_link_the_icons(client, starter):
    content = page(client, "/ru/")
    assert '<link rel="icon" href="/favicon.ico"' in content
    svg_icon = r'<link rel="icon" href="/static/guides/favicon[^"]*\.svg" type="image/svg\+xml">'
    assert re.search(svg_icon, content)
