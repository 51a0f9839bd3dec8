"""The fixture import as a background task (Django's tasks framework; the database-backed worker).

The admin stores the upload in a ``FixtureImport`` row and enqueues this task with the row's id; the
worker (``manage.py db_worker``) runs the same ``import_fixture()`` the command runs. Progress goes to
the cache (the import's own writes are invisible outside its transaction until it commits), so the
result page can show how far it is; with the cache down the page just shows "running".
"""

import time

from django.core.cache import cache
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext

from .importer import import_fixture
from .models import FixtureImport
from .words import in_every_language

PROGRESS_SECONDS = 60 * 60


def progress_key(job_id: int) -> str:
    return f"fixture-import-progress:{job_id}"


#: A running job that reported no progress for this long is taken as lost (its worker was killed):
#: the import is one transaction, so nothing was written.
STALE_SECONDS = 10 * 60
#: Without the cache (no progress to read), a job running this long is taken as lost.
LOST_AFTER_SECONDS = 2 * 60 * 60


def progress_of(job: FixtureImport) -> tuple[int, int] | None:
    value = cache.get(progress_key(job.pk))
    return (value[0], value[1]) if value and value[1] else None


def _stalled(job: FixtureImport) -> bool:
    if job.state != FixtureImport.State.RUNNING:
        return False
    value = cache.get(progress_key(job.pk))
    if value and len(value) > 2:
        return time.time() - value[2] > STALE_SECONDS
    started = job.started_at or job.created_at
    return (timezone.now() - started).total_seconds() > LOST_AFTER_SECONDS


@task()
def run_fixture_import(job_id: int) -> str:
    job = FixtureImport.objects.get(pk=job_id)
    job.state = FixtureImport.State.RUNNING
    job.started_at = timezone.now()
    job.save(update_fields=["state", "started_at"])

    def progress(done: int, total: int) -> None:
        cache.set(progress_key(job.pk), [done, total, time.time()], PROGRESS_SECONDS)

    progress(0, 0)

    # Direct only for a superuser: a flag left on an upload by someone no longer a superuser is not obeyed.
    direct = job.direct and job.user.is_superuser
    result = import_fixture(
        bytes(job.data),
        dry_run=job.dry_run,
        direct=direct,
        user=job.user,
        filename=job.filename,
        progress=progress,
    )
    job.problems = [problem.stored(job.filename) for problem in result.problems]
    job.summary = result.summary_entries()
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


def _task_failed(job: FixtureImport) -> bool:
    if not job.task_id:
        return False
    try:
        return run_fixture_import.get_backend().get_result(job.task_id).status == "FAILED"
    except Exception:  # a backend that keeps no results, or the result is gone: not known to have failed
        return False


def mark_if_lost(job: FixtureImport) -> None:
    """A job whose task failed, or whose worker was killed mid-run (no progress for a long time), is
    shown as failed, not running: its transaction was rolled back, nothing was written."""
    if not job.is_pending:
        return
    if _task_failed(job) or _stalled(job):
        job.state = FixtureImport.State.FAILED
        job.problems = [
            in_every_language(
                lambda: gettext("The worker stopped before the import finished; nothing was imported.")
            )
        ]
        job.data = b""
        job.finished_at = timezone.now()
        job.save()
