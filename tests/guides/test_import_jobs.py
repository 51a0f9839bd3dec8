"""The admin's fixture import on the database-backed task worker (django-tasks-db's ``db_worker``)."""

import io
import json
from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from guides.exchange.tasks import progress_key
from guides.models import FixtureImport, Step
from tests.guides.test_models import build_one_of_each

# The worker closes the database connection between tasks (on PostgreSQL that ends a test's wrapping
# transaction): these tests commit for real, and put back the migrations' rows (the groups) afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

IMPORT_URL = "admin:guides_country_import"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    return settings


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO(),
                 stderr=io.StringIO())  # fmt: skip


def test_upload_waits_for_the_worker_then_checks_then_imports(client, superuser, database_tasks):
    build_one_of_each()
    client.force_login(superuser)
    out = io.StringIO()
    call_command("export_fixtures", "--output", "-", stdout=out, stderr=io.StringIO())
    records = json.loads(out.getvalue())
    step = next(r for r in records if r["model"] == "guides.step")
    step["fields"].update(months_min="2.0", months_max="3.0")
    upload = SimpleUploadedFile("all.json", json.dumps(records).encode())
    job_url = client.post(reverse(IMPORT_URL), {"fixture": upload, "direct": "on"})["Location"]

    # Queued: the page says so and refreshes itself; the request did no importing.
    page = client.get(job_url).content.decode()
    assert "Waiting for the worker" in page and 'http-equiv="refresh"' in page
    job = FixtureImport.objects.get()
    assert job.state == "queued" and job.task_id

    run_worker()
    page = client.get(job_url).content.decode()
    assert "Dry run of all.json" in page and "Steps: 1 updated" in page
    assert Step.objects.get().months_max is None

    client.post(job_url)
    assert FixtureImport.objects.get().state == "queued"
    run_worker()
    assert "Imported all.json" in client.get(job_url).content.decode()
    assert Step.objects.get().months_max == 3


def test_progress_is_shown_while_running(client, superuser, database_tasks):
    from django.core.cache import cache

    client.force_login(superuser)
    upload = SimpleUploadedFile("x.json", b"[]")
    job_url = client.post(reverse(IMPORT_URL), {"fixture": upload})["Location"]
    job = FixtureImport.objects.get()
    FixtureImport.objects.filter(pk=job.pk).update(state="running")
    cache.set(progress_key(job.pk), [500, 2000], 60)
    page = client.get(job_url).content.decode()
    assert "500 of 2000 records." in page
    assert '<progress max="2000" value="500">' in page


def test_a_failed_task_shows_as_failed_not_running(client, superuser, database_tasks, monkeypatch):
    client.force_login(superuser)
    job_url = client.post(reverse(IMPORT_URL), {"fixture": SimpleUploadedFile("x.json", b"[]")})["Location"]

    def crash(*args, **kwargs):
        raise MemoryError("worker out of memory")

    monkeypatch.setattr("guides.exchange.tasks.import_fixture", crash)
    run_worker()
    response = client.get(job_url)
    assert response.status_code == HTTPStatus.OK
    assert FixtureImport.objects.get().state == "failed"
    assert "The worker stopped before the import finished" in response.content.decode()
