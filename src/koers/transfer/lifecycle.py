"""The lifecycle of an import job: the one table of legal status changes, and the one way to make
them (`job_transition`). The example that quotes, orders, plans and complaints follow.

    reading ──▶ pending (a large upload, read by the worker; or failed, and read again)

    pending ──▶ validating ──▶ ready ──▶ running ──▶ done
       ▲            │            │          │
       └────────────┴──(errors)──┴──────────┤ (the customer file changed: errors again)
                    ▼                       ▼
                  failed ◀──────────────── failed ──▶ pending (new mapping) / ready (retry)

A large upload is read by the worker first (reading ──▶ pending, or failed; a failed reading is
retried while the file is kept). A new mapping (or a new decision on the preview) sends a job
back to pending; a check ends in ready (at least one row to import; rows with problems are left
out) or pending (no row without problems); a failed job may be retried: with a new mapping
(pending), or, when its check found rows to import, straight to the import (ready). An import
that finds other rows to leave out than its check did (the customer file changed meanwhile)
shows the new check: ready or pending.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.jobs import JobKind
from koers.core.lifecycle import Lifecycle, Transitions
from koers.transfer.models import ImportJob, ImportStatus

S = ImportStatus


def _has_upload(job: ImportJob) -> str | None:
    # Asked without loading the file (it may be megabytes).
    kept = ImportJob.objects.filter(pk=job.pk, upload__isnull=False).exists()
    return None if kept else _("Upload the file again.")


def _has_mapping(job: ImportJob) -> str | None:
    return None if job.mapping else _("Choose the columns of the file first.")


def _read(job: ImportJob) -> str | None:
    # A file whose reading failed has no columns to map yet: read it again first.
    return None if job.headers else _("The file has not been read yet.")


def _checked_with_rows(job: ImportJob) -> str | None:
    if job.validated and (job.error_report or {}).get("ok"):
        return None
    return _("Only a checked file with rows without errors can be imported.")


def _check_finished(job: ImportJob) -> str | None:
    # Leaving "checking" for "pending" is the check's own result (errors found), never a new
    # mapping sent while the check still runs.
    return None if job.validated else _("The file is still being checked. Wait until it is done.")


def _import_found_changes(job: ImportJob) -> str | None:
    # Leaving "importing" for "pending" or "ready" is the import finding other rows to leave out
    # (the customer file changed since the check), never a new mapping sent while it runs.
    if job.validated:
        return None
    return _("The file is being imported. Wait until it is done.")


TRANSITIONS: Transitions = {
    S.READING: {S.PENDING: _read, S.FAILED: None},
    S.PENDING: {S.PENDING: None, S.VALIDATING: _has_mapping},
    S.VALIDATING: {S.READY: _checked_with_rows, S.PENDING: _check_finished, S.FAILED: None},
    S.READY: {S.PENDING: None, S.VALIDATING: _has_mapping, S.RUNNING: _checked_with_rows},
    S.RUNNING: {
        S.DONE: None,
        S.PENDING: _import_found_changes,
        S.READY: _import_found_changes,
        S.FAILED: None,
    },
    S.DONE: {},
    S.FAILED: {S.PENDING: _read, S.READY: _checked_with_rows, S.READING: _has_upload},
}

IMPORT_LIFECYCLE = Lifecycle(
    ImportJob,
    TRANSITIONS,
    refusals={
        (S.DONE, S.RUNNING): gettext_lazy("This file has already been imported."),
        S.PENDING: gettext_lazy("This import is already running or done."),
        S.RUNNING: gettext_lazy("Only a checked file with rows without errors can be imported."),
    },
)


# The import as a background job: busy while checked or imported (core/jobs.py).
IMPORT_JOBS = JobKind(IMPORT_LIFECYCLE, busy=(S.READING, S.VALIDATING, S.RUNNING), failed=S.FAILED)


def can_change_mapping(job: ImportJob) -> bool:
    """Whether the job takes a new mapping now (not while it is checked or imported, not once
    done): the mapping page is shown only then."""
    return IMPORT_LIFECYCLE.refusal(job, ImportStatus.PENDING) is None


def job_transition(job: ImportJob, *, to: str, **changes: Any) -> ImportJob:
    """Moves `job` to status `to` with `changes`, under a row lock; raises TransitionRefused
    (and changes nothing) when the table does not allow it."""
    return IMPORT_LIFECYCLE.move(job, to=to, **changes)
