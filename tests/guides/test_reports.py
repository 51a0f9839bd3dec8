"""Readers' correction reports: the form on public pages, the guarded POST, the admin queue."""

from http import HTTPStatus

import pytest
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from guides.models import CorrectionReport, Status
from tests.factories import make_country, make_guide, make_path

pytestmark = pytest.mark.django_db

ORIGIN = {"HTTP_ORIGIN": "http://testserver"}
REPORT_URL = "/report/"


@pytest.fixture
def serbia():
    country = make_country(iso2="rs", name="Serbia", region="europe_other")
    make_path(country=country, slug="licence", name="Licence exam")
    make_path(country=country, slug="hidden", name="Hidden draft", status=Status.DRAFT)
    return country


def post_report(client, data, **extra):
    return client.post(REPORT_URL, data, **{**ORIGIN, **extra})


def test_report_url_contract():
    assert reverse("guides:report") == REPORT_URL


def test_report_about_a_path_is_stored_and_thanked(client, serbia):
    response = post_report(
        client,
        {
            "country": "rs",
            "path": "licence",
            "message": "The exam fee rose in 2026.",
            "source_url": "https://example.org/fees",
            "website": "",
        },
    )
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Thank you" in page
    assert '<html lang="en">' in page
    assert 'href="/destinations/rs/#path-licence"' in page
    assert not response.cookies
    report = CorrectionReport.objects.get()
    assert (report.country, report.path.slug, report.guide) == (serbia, "licence", None)
    assert report.message == "The exam fee rose in 2026."
    assert report.source_url == "https://example.org/fees"
    assert report.status == CorrectionReport.Status.NEW
    assert report.language == "en"


def test_report_stores_nothing_about_the_reader():
    names = {f.name for f in CorrectionReport._meta.get_fields()}
    assert names == {
        "id",
        "country",
        "path",
        "guide",
        "message",
        "source_url",
        "language",
        "status",
        "staff_note",
        "created_at",
        # The staff's side: the draft that fixes it and who decided when. Nothing about the reader.
        "fix_path",
        "fix_guide",
        "resolved_by",
        "resolved_at",
    }


def test_report_about_a_guide_from_the_russian_page(client):
    guide = make_guide()
    response = client.post("/ru/report/", {"guide": guide.slug, "message": "Ссылка устарела."}, **ORIGIN)
    assert response.status_code == HTTPStatus.OK
    report = CorrectionReport.objects.get()
    assert (report.guide, report.country, report.language) == (guide, None, "ru")


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"country": "rs", "message": ""}, "message", "This field is required."),
        ({"country": "xx", "message": "Wrong fee."}, "country", "No destination has the code “xx”."),
        (
            {"country": "rs", "path": "hidden", "message": "Wrong fee."},
            "path",
            "Serbia has no published path “hidden”.",
        ),
        (
            {"guide": "draft-guide", "message": "Wrong."},
            "guide",
            "No published guide has the address “draft-guide”.",
        ),
        (
            {"country": "rs", "message": "Wrong fee.", "source_url": "not a link"},
            "source_url",
            "Enter a valid URL.",
        ),
        ({"message": "Something is wrong."}, "__all__", "Say which page the report is about"),
    ],
)
def test_invalid_report_is_refused_naming_the_problem(client, serbia, data, field, message):
    make_guide(slug="draft-guide", status=Status.DRAFT)
    response = post_report(client, data)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    form = response.context["report_form"]
    assert any(message in error for error in form.errors[field])
    assert CorrectionReport.objects.count() == 0


def test_invalid_report_keeps_what_was_typed(client, serbia):
    response = post_report(client, {"country": "rs", "message": "Fee", "source_url": "bad"})
    page = response.content.decode()
    assert ">Fee</textarea>" in page
    assert 'name="country" value="rs"' in page
    assert 'aria-invalid="true" aria-describedby="report-source-error"' in page
    assert 'id="report-source-error"' in page
    assert 'aria-describedby="report-message-error"' in page  # "Fee" is shorter than 5 characters


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {},
        {"HTTP_REFERER": "https://evil.example/destinations/rs/"},
    ],
)
def test_report_from_another_origin_is_refused(client, serbia, headers):
    response = client.post(REPORT_URL, {"country": "rs", "message": "Wrong fee."}, **headers)
    assert response.status_code == HTTPStatus.FORBIDDEN
    assert CorrectionReport.objects.count() == 0


def test_referer_of_this_site_is_enough_without_origin(client, serbia):
    response = client.post(
        REPORT_URL,
        {"country": "rs", "message": "Wrong fee."},
        HTTP_REFERER="http://testserver/destinations/rs/",
    )
    assert response.status_code == HTTPStatus.OK
    assert CorrectionReport.objects.count() == 1


def test_honeypot_is_thanked_and_dropped(client, serbia):
    response = post_report(client, {"country": "rs", "message": "Buy cheap pills", "website": "http://spam"})
    assert response.status_code == HTTPStatus.OK
    assert "Thank you" in response.content.decode()
    assert CorrectionReport.objects.count() == 0


def test_rate_limit_per_client_address_keeps_no_address(client, serbia, settings):
    settings.GUIDES_REPORT_RATE_LIMIT = 2
    data = {"country": "rs", "message": "Wrong fee."}
    for _ in range(2):
        assert post_report(client, data, REMOTE_ADDR="203.0.113.7").status_code == HTTPStatus.OK
    refused = post_report(client, data, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert "Too many reports" in refused.content.decode()
    assert post_report(client, data, REMOTE_ADDR="198.51.100.1").status_code == HTTPStatus.OK
    assert CorrectionReport.objects.count() == 3
    # The rate-limit keys are in the cache, and none of them holds the address.
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        keys = [key.decode() for key in backend._cache.get_client().keys("*")]
    else:
        keys = list(backend._cache)  # the local-memory cache of the tests
    assert keys
    assert not any("203.0.113.7" in key for key in keys)


def test_rate_limit_window_expires(client, serbia, settings):
    settings.GUIDES_REPORT_RATE_LIMIT = 1
    data = {"country": "rs", "message": "Wrong fee."}
    assert post_report(client, data).status_code == HTTPStatus.OK
    assert post_report(client, data).status_code == HTTPStatus.TOO_MANY_REQUESTS
    cache.clear()  # what the window's expiry does
    assert post_report(client, data).status_code == HTTPStatus.OK


def test_htmx_report_gets_the_fragment(client, serbia):
    response = post_report(client, {"country": "rs", "message": "Wrong fee."}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "<html" not in page
    assert page.strip().startswith('<section id="report"')
    assert "HX-Request" in response["Vary"]


def test_report_is_post_only(client):
    assert client.get(REPORT_URL).status_code == HTTPStatus.METHOD_NOT_ALLOWED


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_country_page_carries_the_form_without_cookies(client, serbia, prefix):
    response = client.get(f"{prefix}/destinations/rs/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert f'action="{prefix}/report/"' in page
    assert 'name="country" value="rs"' in page
    assert '<option value="licence"' in page
    assert '<option value="hidden"' not in page  # a draft path is not offered
    assert "csrfmiddlewaretoken" not in page
    assert not response.cookies


def test_guide_page_carries_the_form_without_cookies(client):
    guide = make_guide()
    response = client.get(guide.get_absolute_url())
    page = response.content.decode()
    assert f'name="guide" value="{guide.slug}"' in page
    assert 'action="/report/"' in page
    assert "csrfmiddlewaretoken" not in page
    assert not response.cookies


def test_reports_land_in_the_admin_queue_linked_to_the_item(client, serbia, reviewer):
    post_report(client, {"country": "rs", "path": "licence", "message": "The exam fee rose."})
    report = CorrectionReport.objects.get()
    client.force_login(reviewer)
    changelist = client.get(reverse("admin:guides_correctionreport_changelist")).content.decode()
    assert "The exam fee rose." in changelist
    path_admin = reverse("admin:guides_recognitionpath_change", args=[report.path_id])
    assert f'href="{path_admin}"' in changelist
    client.post(
        reverse("admin:guides_correctionreport_changelist"),
        {"action": "accept", "_selected_action": [report.pk]},
    )
    report.refresh_from_db()
    assert report.status == CorrectionReport.Status.ACCEPTED
