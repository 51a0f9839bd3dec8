"""The fixture import as a background task (Django's tasks framework; the database-backed worker).

The admin stores the upload in a ``FixtureImport`` row and enqueues this task with the row's id; the
worker (``manage.py db_worker``) runs the same ``import_fixture()`` the command runs. Progress goes to
the cache (the import's own writes are invisible outside its transaction until it commits), so the
result page can show how far it is; with the cache down the page just shows "running".
"""

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone

from .importer import import_fixture
from .models import FixtureImport

PROGRESS_SECONDS = 60 * 60


def progress_key(job_id: int) -> str:
    return f"fixture-import-progress:{job_id}"


def progress_of(job: FixtureImport) -> tuple[int, int] | None:
    value = cache.get(progress_key(job.pk))
    return tuple(value) if value else None


@task()
def run_fixture_import(job_id: int) -> str:
    job = FixtureImport.objects.get(pk=job_id)
    job.state = FixtureImport.State.RUNNING
    job.save(update_fields=["state"])

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(job.pk), [done, total], PROGRESS_SECONDS)

    result = import_fixture(bytes(job.data), dry_run=job.dry_run, progress=progress)
    job.problems = [problem.describe(job.filename) for problem in result.problems]
    job.summary = result.summary_lines()
    if result.problems:
        job.state = FixtureImport.State.REFUSED
    elif job.dry_run:
        job.state = FixtureImport.State.CHECKED
    else:
        job.state = FixtureImport.State.IMPORTED
    if job.state != FixtureImport.State.CHECKED:
        job.data = b""  # the file is kept only as long as it may still be imported
    job.finished_at = timezone.now()
    job.save()
    cache.delete(progress_key(job.pk))
    return job.state


def enqueue_import(job: FixtureImport) -> None:
    """Queue the job. With the database backend the task row commits with the caller's transaction."""
    result = run_fixture_import.enqueue(job.pk)
    FixtureImport.objects.filter(pk=job.pk, task_id="").update(task_id=str(result.id))


def mark_if_lost(job: FixtureImport) -> None:
    """A job whose task failed or vanished (a worker killed mid-run) is shown as failed, not running."""
    if not job.is_pending or not job.task_id:
        return
    try:
        status = run_fixture_import.get_backend().get_result(job.task_id).status
    except Exception:  # a backend that keeps no results, or the result is gone: leave the job as it is
        return
    if status == "FAILED":
        job.state = FixtureImport.State.FAILED
        job.problems = ["The worker stopped before the import finished; nothing was imported."]
        job.data = b""
        job.finished_at = timezone.now()
        job.save()
