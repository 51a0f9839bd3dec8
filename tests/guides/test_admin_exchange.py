"""The admin's "Export selected as fixture" action and "Import fixture" page."""

import io
import json
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from guides.models import Country, Guide, RecognitionPath, Step, content_models
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


def test_import_page_runs_a_dry_run_then_imports_on_confirmation(client, superuser, data):
    client.force_login(superuser)
    records = json.loads(command_export("--country", "de"))
    step = next(r for r in records if r["model"] == "guides.step")
    step["fields"].update(months_min="2.0", months_max="3.0")
    upload = SimpleUploadedFile("de.json", json.dumps(records).encode(), content_type="application/json")
    response = client.post(reverse(IMPORT_URL), {"fixture": upload})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Dry run of de.json" in page
    assert "steps: 1 updated" in page
    assert Step.objects.get().months_max is None  # nothing written yet
    token = response.context["token"]
    response = client.post(reverse(IMPORT_URL), {"token": token})
    assert response.status_code == HTTPStatus.FOUND
    assert Step.objects.get().months_max == 3
    # The same token cannot import twice.
    response = client.post(reverse(IMPORT_URL), {"token": token}, follow=True)
    assert "expired or was already imported" in response.content.decode()


def test_import_page_lists_every_problem_and_writes_nothing(client, superuser, data):
    client.force_login(superuser)
    bad = [{"model": "auth.user", "fields": {"username": "x"}},
           {"model": "guides.country", "fields": {"iso2": "de", "capital": "Berlin"}}]  # fmt: skip
    upload = SimpleUploadedFile("bad.json", json.dumps(bad).encode())
    response = client.post(reverse(IMPORT_URL), {"fixture": upload})
    page = response.content.decode()
    assert "2 problems found. Nothing was imported." in page
    assert "Not a content model" in page and "capital" in page
    assert "token" not in response.context or not response.context["token"]


def test_editors_cannot_import(client, editor):
    client.force_login(editor)
    assert client.get(reverse(IMPORT_URL)).status_code == HTTPStatus.FORBIDDEN


def test_reviewers_can_import_and_see_the_link(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse(IMPORT_URL)).status_code == HTTPStatus.OK
    changelist = client.get(reverse("admin:guides_country_changelist")).content.decode()
    assert reverse(IMPORT_URL) in changelist


def test_two_databases_exchange_a_country_both_ways(client, superuser, data):
    """Export one country, empty the database as a partner's would be, import through the admin."""
    exported = command_export("--country", "de")
    for model in reversed(content_models()):
        model.objects.all().delete()
    client.force_login(superuser)
    upload = SimpleUploadedFile("de.json", exported.encode())
    token = client.post(reverse(IMPORT_URL), {"fixture": upload}).context["token"]
    client.post(reverse(IMPORT_URL), {"token": token})
    assert RecognitionPath.objects.get().country.iso2 == "de"
    assert command_export("--country", "de") == exported
