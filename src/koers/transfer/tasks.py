"""Background work of large imports; run by `manage.py db_worker` (django-tasks-db)."""

from __future__ import annotations

from django_tasks import task


@task()
def check_import_task(job_id: int) -> None:
    """The dry run of a large file, with progress committed after every batch."""
    from koers.transfer.services import import_check, import_fail

    try:
        import_check(job_id=job_id)
    except Exception:
        # The job page must not show "checking" forever.
        import_fail(job_id=job_id, phase="checking")
        raise


@task()
def run_import_task(job_id: int) -> None:
    """The import of a large, checked file, in one transaction."""
    from koers.transfer.services import import_fail, import_run

    try:
        import_run(job_id=job_id)
    except Exception:
        import_fail(job_id=job_id, phase="importing")
        raise
