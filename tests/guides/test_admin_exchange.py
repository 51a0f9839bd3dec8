"""The admin's "Export selected as fixture" action and "Import fixture" page."""

import io
import json
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from guides.models import Country, FixtureImport, Guide, RecognitionPath, Step, content_models
from tests.guides.test_models import build_one_of_each

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:guides_country_import"


def command_export(*args) -> str:
    out = io.StringIO()
    call_command("export_fixtures", "--output", "-", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def data():
    objects = build_one_of_each()
    guide = Guide.objects.get()
    guide.countries.add(Country.objects.get())
    return objects


@pytest.mark.parametrize("admin_language", ["en", "ru"])
def test_country_export_action_downloads_the_command_bytes(client, superuser, data, admin_language):
    client.force_login(superuser)
    country = Country.objects.get()
    url = reverse("admin:guides_country_changelist")
    response = client.post(url, {"action": "export_as_fixture", "_selected_action": [country.pk]},
                           headers={"Accept-Language": admin_language})  # fmt: skip
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Disposition"] == 'attachment; filename="countries.json"'
    assert response.content.decode() == command_export("--country", "de")


def test_guide_export_action_downloads_the_command_bytes(client, superuser, data):
    client.force_login(superuser)
    guide = Guide.objects.get()
    response = client.post(
        reverse("admin:guides_guide_changelist"),
        {"action": "export_as_fixture", "_selected_action": [guide.pk]},
    )
    assert response.content.decode() == command_export("--guide", guide.slug)
    records = json.loads(response.content)
    assert {r["model"] for r in records} >= {"guides.guide", "guides.country"}
    assert "guides.recognitionpath" not in {r["model"] for r in records}


def upload(client, name: str, content: bytes, *, direct: bool = False):
    """Upload a file; follow to its job page (the tasks run inside the request in the tests). ``direct``:
    a superuser's import of our own data, without review."""
    fields = {"fixture": SimpleUploadedFile(name, content), **({"direct": "on"} if direct else {})}
    response = client.post(reverse(IMPORT_URL), fields)
    assert response.status_code == HTTPStatus.FOUND
    return client.get(response["Location"]), response["Location"]


def test_import_page_runs_a_dry_run_then_imports_on_confirmation(client, superuser, data):
    client.force_login(superuser)
    records = json.loads(command_export("--country", "de"))
    step = next(r for r in records if r["model"] == "guides.step")
    step["fields"].update(months_min="2.0", months_max="3.0")
    response, job_url = upload(client, "de.json", json.dumps(records).encode(), direct=True)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Dry run of de.json" in page
    assert "Steps: 1 updated" in page
    assert Step.objects.get().months_max is None  # nothing written yet
    response = client.post(job_url)
    assert response.status_code == HTTPStatus.FOUND
    assert Step.objects.get().months_max == 3
    assert "Imported de.json" in client.get(job_url).content.decode()
    assert FixtureImport.objects.get().data == b""  # the file is not kept once imported
    # The same upload cannot import twice.
    response = client.post(job_url, follow=True)
    assert "already imported" in response.content.decode()


def test_import_page_lists_every_problem_and_writes_nothing(client, superuser, data):
    client.force_login(superuser)
    bad = [{"model": "auth.user", "fields": {"username": "x"}},
           {"model": "guides.country", "fields": {"iso2": "de", "capital": "Berlin"}}]  # fmt: skip
    response, job_url = upload(client, "bad.json", json.dumps(bad).encode())
    page = response.content.decode()
    assert "2 problems found. Nothing was imported." in page
    assert "Not a content model" in page and "capital" in page
    assert client.post(job_url).status_code == HTTPStatus.FOUND
    assert Country.objects.get().name == "Germany"


@pytest.mark.parametrize(
    "content",
    [
        b"[" * 200_000 + b"]" * 200_000,
        b'[{"model": "guides.step", "fields": {"path": ["de", "exam-route"], "slug": "x", '
        b'"months_min": Infinity}}]',
        '[{"model": "guides.country", "fields": {"iso2": "de", "name_en": "a\u0000b"}}]'.encode(),
    ],
    ids=["deep nesting", "Infinity", "NUL"],
)
def test_hostile_uploads_get_a_clean_message(client, superuser, data, content):
    client.force_login(superuser)
    response, _ = upload(client, "hostile.json", content)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Nothing was imported." in page
    assert "Traceback" not in page


def test_another_users_upload_is_not_found(client, superuser, reviewer, data):
    client.force_login(superuser)
    _, job_url = upload(client, "de.json", command_export("--country", "de").encode())
    client.force_login(reviewer)
    assert client.get(job_url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(job_url).status_code == HTTPStatus.NOT_FOUND


def test_editors_cannot_import(client, editor):
    client.force_login(editor)
    assert client.get(reverse(IMPORT_URL)).status_code == HTTPStatus.FORBIDDEN


def test_reviewers_can_import_and_see_the_link(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse(IMPORT_URL)).status_code == HTTPStatus.OK
    changelist = client.get(reverse("admin:guides_country_changelist")).content.decode()
    assert reverse(IMPORT_URL) in changelist


def test_two_databases_exchange_a_country_both_ways(client, superuser, data):
    """Export one country, empty the database as another site of ours would be, import it directly
    through the admin: the same bytes come out again."""
    exported = command_export("--country", "de")
    for model in reversed(content_models()):
        model.objects.all().delete()
    client.force_login(superuser)
    _, job_url = upload(client, "de.json", exported.encode(), direct=True)
    client.post(job_url)
    assert RecognitionPath.objects.get().country.iso2 == "de"
    assert command_export("--country", "de") == exported


def test_a_partners_site_imports_a_country_through_review_as_drafts(client, superuser, data):
    exported = command_export("--country", "de")
    for model in reversed(content_models()):
        model.objects.all().delete()
    client.force_login(superuser)
    _, job_url = upload(client, "de.json", exported.encode())
    client.post(job_url)
    path = RecognitionPath.objects.get()
    assert (path.country.iso2, path.status) == ("de", "draft")
    assert not RecognitionPath.objects.published().exists()


def test_a_job_whose_worker_was_killed_shows_as_failed(client, superuser, data):
    import time

    from django.core.cache import cache

    from guides.exchange.tasks import STALE_SECONDS, progress_key

    client.force_login(superuser)
    _, job_url = upload(client, "de.json", b"[]")
    job = FixtureImport.objects.get()
    FixtureImport.objects.filter(pk=job.pk).update(state="running")
    cache.set(progress_key(job.pk), [500, 2000, time.time()], 60)
    assert "500 of 2000 records." in client.get(job_url).content.decode()
    # No progress for longer than STALE_SECONDS: the worker is gone, its transaction rolled back.
    cache.set(progress_key(job.pk), [500, 2000, time.time() - STALE_SECONDS - 1], 60)
    page = client.get(job_url).content.decode()
    assert "The worker stopped before the import finished" in page
    assert FixtureImport.objects.get().state == "failed"
