"""The anonymous page cache, its invalidation on every write path, conditional GET and compression."""

import io
import json
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from guides.models import Country
from relocation.cache import DATA_VERSION_KEY, bump_data_version, data_version
from tests.factories import make_country, make_path, make_step

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    return settings


@pytest.fixture
def country():
    country = make_country(iso2="rs", name="Serbia", region="europe_other", visa_regime="visa_free")
    make_step(path=make_path(country=country))
    return country


def test_second_anonymous_request_is_served_from_the_cache(
    client, page_cache, country, django_assert_num_queries
):
    first = client.get("/destinations/rs/")
    assert first.status_code == HTTPStatus.OK
    with django_assert_num_queries(0):
        second = client.get("/destinations/rs/")
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "public" in second["Cache-Control"]
    assert not second.cookies


def test_htmx_fragment_and_full_page_are_cached_apart(client, page_cache, country):
    """/destinations/ answers htmx with a fragment: each form is cached under its own key."""
    full = client.get("/destinations/")
    fragment = client.get("/destinations/", headers={"HX-Request": "true"})
    again = client.get("/destinations/")
    fragment_again = client.get("/destinations/", headers={"HX-Request": "true"})
    assert b"<html" in full.content and again.content == full.content
    assert b"<html" not in fragment.content and fragment_again.content == fragment.content


# The write-path tests commit for real: a test's setup and its write would otherwise share one
# transaction, which queues one bump for both (see test_many_writes_in_one_transaction_bump_once).
committed = pytest.mark.django_db(transaction=True)


@committed
def test_a_save_invalidates_cached_pages_once_committed(client, page_cache, country):
    client.get("/destinations/rs/")
    before = data_version()
    with transaction.atomic():
        country.name_en = "Serbia (renamed)"
        country.save()
        assert data_version() == before
    assert data_version() != before
    assert b"Serbia (renamed)" in client.get("/destinations/rs/").content


@committed
@pytest.mark.parametrize("change", ["delete", "m2m"])
def test_deletes_and_many_to_many_changes_bump_the_version(country, change):
    from tests.factories import make_language

    before = data_version()
    with transaction.atomic():
        if change == "delete":
            country.barriers.all().delete()
            make_path(country=country, slug="gone").delete()
        else:
            country.practice_languages.add(make_language(code="sr", name="Serbian"))
    assert data_version() != before


@committed
def test_admin_form_save_bumps_the_version(admin_client, country):
    before = data_version()
    url = f"/{settings.ADMIN_PATH}guides/source/add/"
    response = admin_client.post(url, {"key": "new-source", "title": "New", "kind": "news"})
    assert response.status_code == HTTPStatus.FOUND, response.content[:500]
    assert data_version() != before


@committed
def test_import_command_bumps_the_version(tmp_path, country):
    out = io.StringIO()
    call_command("export_fixtures", output="-", stdout=out, stderr=io.StringIO())
    records = json.loads(out.getvalue())
    next(r for r in records if r["model"] == "guides.country")["fields"]["name_en"] = "Srbija"
    path = tmp_path / "in.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    before = data_version()
    call_command("import_fixtures", str(path), "--direct", stdout=io.StringIO(), stderr=io.StringIO())
    assert data_version() != before


@committed
def test_loaddata_bumps_the_version(tmp_path, country):
    out = io.StringIO()
    call_command("export_fixtures", output="-", stdout=out, stderr=io.StringIO())
    path = tmp_path / "data.json"
    path.write_text(out.getvalue(), encoding="utf-8")
    before = data_version()
    call_command("loaddata", str(path), verbosity=0)
    assert data_version() != before


def bumps(callbacks) -> int:
    return sum(1 for callback in callbacks if callback is bump_data_version)


def test_loading_the_starter_set_bumps_the_version_once(django_capture_on_commit_callbacks):
    """One loaddata is one transaction: one bump, not one per row written."""
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("loaddata", "starter.json", verbosity=0)
    assert Country.objects.count() > 10
    assert bumps(callbacks) == 1
    assert data_version() != before


def test_many_writes_in_one_transaction_bump_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        for code in ("aa", "ab", "ac"):
            country = make_country(iso2=code, name=f"Country {code}")
            make_step(path=make_path(country=country))
    assert bumps(callbacks) == 1


def test_a_bump_dropped_with_a_rolled_back_savepoint_is_queued_again(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                make_country(iso2="aa", name="Rolled back")
                raise RuntimeError("roll the savepoint back")
        except RuntimeError:
            pass
        make_country(iso2="ab", name="Kept")
    assert bumps(callbacks) == 1


def test_staff_with_a_session_are_never_served_cached_pages(admin_client, client, page_cache, country):
    client.get("/destinations/rs/")
    # update() sends no signal, so the cached page stays: anonymous readers still get it...
    Country.objects.filter(pk=country.pk).update(name_en="Renamed quietly")
    assert b"Renamed quietly" not in client.get("/destinations/rs/").content
    # ...while staff, who carry a session cookie, always get a freshly built page.
    assert b"Renamed quietly" in admin_client.get("/destinations/rs/").content


def test_english_and_russian_pages_do_not_vary_on_accept_language(client, country):
    for url in ("/", "/ru/", "/destinations/rs/", "/ru/destinations/rs/"):
        response = client.get(url)
        assert "accept-language" not in response.get("Vary", "").lower(), url
    english = client.get("/destinations/rs/", headers={"Accept-Language": "ru"})
    assert english["Content-Language"] == "en"


def test_admin_still_varies_on_accept_language(admin_client):
    response = admin_client.get(f"/{settings.ADMIN_PATH}")
    assert "accept-language" in response.get("Vary", "").lower()


def test_conditional_get_answers_not_modified(client, page_cache, country):
    first = client.get("/destinations/rs/")
    assert first.has_header("ETag")
    second = client.get("/destinations/rs/", headers={"If-None-Match": first["ETag"]})
    assert second.status_code == HTTPStatus.NOT_MODIFIED


def test_html_is_compressed_when_the_browser_accepts_it(client, country):
    response = client.get("/destinations/rs/", headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"


def test_an_invalidation_in_one_process_is_seen_by_another(settings):
    """Workers share the version through the configured cache: Redis, or the machine's file cache."""
    if os.environ.get("REDIS_URL"):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": os.environ["REDIS_URL"],
            }
        }
    else:
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(ROOT / ".cache"),
            }
        }
    before = data_version()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "relocation.settings", "DJANGO_DEBUG": "1"}
    code = (
        "import django; django.setup(); from relocation.cache import bump_data_version; bump_data_version()"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120)
    assert cache.get(DATA_VERSION_KEY) != before


# --- Canonical keys: what the page ignores, the key ignores ---------------------------------------


def test_an_unknown_parameter_is_served_the_cached_page(
    client, page_cache, country, django_assert_num_queries
):
    first = client.get("/destinations/?region=europe_other")
    assert first.status_code == HTTPStatus.OK
    with django_assert_num_queries(0):
        busted = client.get("/destinations/?region=europe_other&bench=123&utm_source=x")
    assert busted.content == first.content


def test_the_view_sees_only_the_declared_parameters(client, page_cache, country):
    """A page built for a request with junk holds no trace of it, so the cached copy fits everyone."""
    response = client.get("/destinations/?bench=junk-value&region=europe_other&page=1")
    assert b"junk-value" not in response.content
    assert response.wsgi_request.GET.urlencode() == "region=europe_other&page=1"


def test_known_parameters_in_another_order_are_one_page(
    client, page_cache, country, django_assert_num_queries
):
    client.get("/destinations/?region=europe_other&sort=name")
    with django_assert_num_queries(0):
        client.get("/destinations/?sort=name&region=europe_other")


def test_repeated_values_keep_their_order(client, page_cache, country):
    make_step(path=make_path(country=make_country(iso2="ge", name="Georgia", region="cis")))
    client.get("/compare/?c=rs&c=ge")
    swapped = client.get("/compare/?c=ge&c=rs&x=1")
    content = swapped.content.decode()
    assert content.index("Georgia") < content.index("Serbia")


def test_a_random_htmx_header_value_means_no_htmx(client, page_cache, country, django_assert_num_queries):
    full = client.get("/destinations/")
    with django_assert_num_queries(0):
        odd = client.get("/destinations/", headers={"HX-Request": "random-123"})
    assert odd.content == full.content
    fragment = client.get("/destinations/", headers={"HX-Request": "true"})
    assert b"<html" not in fragment.content


def test_a_page_that_does_not_vary_on_htmx_ignores_the_header(
    client, page_cache, country, django_assert_num_queries
):
    """The key follows the page's own Vary: the country page sends no Vary on HX-Request."""
    page = client.get("/destinations/rs/")
    assert "hx-request" not in page.get("Vary", "").lower()
    with django_assert_num_queries(0):
        again = client.get("/destinations/rs/", headers={"HX-Request": "true"})
    assert again.content == page.content


@pytest.mark.parametrize(
    "query",
    ["q=" + "x" * 3000, "bench=" + "y" * 9000, "&".join(f"region=eu{i}" for i in range(400))],
)
def test_an_oversize_query_string_is_answered_without_the_database(
    client, page_cache, country, django_assert_num_queries, query
):
    with django_assert_num_queries(0):
        response = client.get(f"/destinations/?{query}")
    assert response.status_code == HTTPStatus.REQUEST_URI_TOO_LONG
    with django_assert_num_queries(0):
        russian = client.get(f"/ru/destinations/?{query}")
    assert "Адрес" in russian.content.decode()


def test_too_many_parameters_are_refused_without_the_database(
    client, page_cache, country, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/destinations/?" + "&".join("a" for _ in range(1100)))
    assert response.status_code == HTTPStatus.BAD_REQUEST


def test_junk_parameters_within_the_limit_are_dropped_not_refused(client, page_cache, country):
    response = client.get("/destinations/?" + "&".join(f"x{i}=1" for i in range(300)))
    assert response.status_code == HTTPStatus.OK


def test_every_public_page_declares_its_parameters():
    """A page without a declaration is never cached; every public page has one."""
    from django.urls import resolve

    for url in ["/", "/destinations/", "/destinations/rs/", "/compare/", "/guides/", "/guides/some-guide/",
                "/sources/", "/plan/", "/plan/rs/", "/offline/", "/data/starter.json",
                "/data/destinations.csv", "/robots.txt"]:  # fmt: skip
        assert hasattr(resolve(url).func, "page_parameters"), url


def test_the_page_cache_is_off_with_zero_seconds(client, settings, country):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/destinations/rs/")
    Country.objects.filter(pk=country.pk).update(name_en="Renamed quietly")
    assert b"Renamed quietly" in client.get("/destinations/rs/").content
