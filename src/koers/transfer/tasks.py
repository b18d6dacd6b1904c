"""Background work of large imports; run by `manage.py db_worker` (django-tasks-db).

Each task first claims its job with a heartbeat (core/jobs.py): a job that was recovered as
failed, finished, or started again meanwhile is left alone.
"""

from __future__ import annotations

from django_tasks import task


@task()
def read_import_task(job_id: int) -> None:
    """Reads a large upload (in a child process with time and memory limits, parsing.py)."""
    from koers.core import jobs
    from koers.transfer.lifecycle import IMPORT_JOBS
    from koers.transfer.models import ImportStatus
    from koers.transfer.services import import_fail
    from koers.transfer.uploads import import_read

    if not jobs.beat(IMPORT_JOBS, job_id, statuses=[ImportStatus.READING]):
        return
    try:
        import_read(job_id=job_id)
    except Exception:
        import_fail(job_id=job_id, phase="reading")
        raise


@task()
def check_import_task(job_id: int) -> None:
    """The dry run of a large file, with progress committed after every batch."""
    from koers.core import jobs
    from koers.transfer.lifecycle import IMPORT_JOBS
    from koers.transfer.models import ImportStatus
    from koers.transfer.services import import_check, import_fail

    if not jobs.beat(IMPORT_JOBS, job_id, statuses=[ImportStatus.VALIDATING]):
        return
    try:
        import_check(job_id=job_id)
    except Exception:
        # The job page must not show "checking" forever.
        import_fail(job_id=job_id, phase="checking")
        raise


@task()
def run_import_task(job_id: int, attempt: int | None = None) -> None:
    """The import of a large, checked file, in one transaction."""
    from koers.core import jobs
    from koers.transfer.lifecycle import IMPORT_JOBS
    from koers.transfer.models import ImportStatus
    from koers.transfer.services import import_fail, import_run

    if not jobs.beat(IMPORT_JOBS, job_id, statuses=[ImportStatus.RUNNING]):
        return
    try:
        import_run(job_id=job_id, attempt=attempt)
    except Exception:
        import_fail(job_id=job_id, phase="importing")
        raise
