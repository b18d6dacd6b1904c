"""Background work of large imports; run by `manage.py db_worker` (django-tasks-db)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from koers.transfer.models import ImportJob, ImportStatus

logger = logging.getLogger(__name__)


def _fail(job_id: int, phase: str) -> None:
    logger.exception("import %s failed while %s", job_id, phase)
    ImportJob.objects.filter(pk=job_id).update(
        status=ImportStatus.FAILED, finished_at=timezone.now()
    )


@task()
def check_import_task(job_id: int) -> None:
    """The dry run of a large file, with progress committed after every batch."""
    from koers.transfer.services import import_check

    try:
        import_check(job_id=job_id)
    except Exception:
        # The job page must not show "checking" forever.
        _fail(job_id, "checking")
        raise


@task()
def run_import_task(job_id: int) -> None:
    """The import of a large, checked file, in one transaction."""
    from koers.transfer.services import import_run

    try:
        import_run(job_id=job_id)
    except Exception:
        _fail(job_id, "importing")
        raise
