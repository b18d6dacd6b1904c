"""Every write of an import: upload, mapping, dry run, and the import itself.

The import is one transaction: a file with an error, or an error while writing, changes nothing.
Every status change goes through the job's lifecycle (`transfer/lifecycle.py`): one table of
legal moves, one function that makes them under a row lock and refuses the rest with a clear
message (`TransitionRefused`).

Progress is reported in two phases. The dry run (checking every row) runs outside any
transaction and commits `processed_rows` after each batch, so the job page shows "checking 4,500
of 10,000". The import then resolves the checked rows again on locked accounts and writes them
inside ONE transaction; a progress counter written inside it would stay invisible to other
connections until the commit (PostgreSQL) or wait for the single writer lock (SQLite), so that
phase is shown as "importing" without a count.
"""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from koers.core import jobs
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.transfer import kinds
from koers.transfer.columns import BY_KEY
from koers.transfer.decisions import import_segment_create, import_set_options
from koers.transfer.lifecycle import IMPORT_JOBS, job_transition
from koers.transfer.models import ImportJob, ImportMapping, ImportStatus
from koers.transfer.planning import build_plan
from koers.transfer.preparing import prepare_rows
from koers.transfer.running import import_run, report_fields
from koers.transfer.uploads import (
    apply_saved_mapping,
    import_read,
    import_read_again,
    import_upload,
    mapping_for_file,
    may_use,
    saved_options,
)
from koers.transfer.values import value_report

logger = logging.getLogger(__name__)
__all__ = [
    "apply_saved_mapping",
    "import_read",
    "import_read_again",
    "import_run",
    "import_segment_create",
    "import_set_options",
    "import_upload",
    "mapping_for_file",
]

FAILED_MESSAGES = {
    "reading": gettext_lazy("Reading the file stopped on an unexpected error. Read it again."),
    "checking": gettext_lazy("The check stopped on an unexpected error. Check the file again."),
    "importing": gettext_lazy(
        "The import stopped on an unexpected error and nothing was imported. Start it again."
    ),
}


def check_mapping(mapping: dict[str, str], kind: str = kinds.ACCOUNTS) -> None:
    """Each field once; a name column is required (another kind: its required fields)."""
    other = kinds.kind_named(kind)
    fields = other.by_key if other else BY_KEY
    used: dict[str, int] = {}
    for key in mapping.values():
        if key:
            if key not in fields:
                raise ValidationError(_("Unknown field."), code="unknown_field")
            used[key] = used.get(key, 0) + 1
    twice = [str(fields[k].label) for k, n in used.items() if n > 1]
    if twice:
        raise ValidationError(
            _("Each field can be chosen once; chosen more than once: %(fields)s.")
            % {"fields": ", ".join(twice)},
            code="twice",
        )
    if other is not None:
        for key, message in other.required:
            if key not in used:
                raise ValidationError(str(message), code="required_field")
        return
    if "name" not in used and "contact_koers_id" not in used:
        raise ValidationError(
            _("Choose the column that holds the name of the account."), code="no_name"
        )


@transaction.atomic
def import_set_mapping(
    *,
    actor: User,
    job: ImportJob,
    mapping: dict[str, str],
    save_as: str = "",
    saved: ImportMapping | None = None,
) -> ImportJob:
    """A new mapping: the job waits for a new check (refused while it is checked or imported).
    `saved` is the saved mapping the user chose (its value mappings and defaults come along);
    with `save_as` the mapping is saved under that name, with the job's decisions on values."""
    may_use(actor, job)
    mapping = {h: mapping.get(h, "") for h in job.headers}
    check_mapping(mapping, job.kind)
    if saved is not None and saved.owner_id != actor.pk:
        raise NotAllowed("not your mapping")
    options = saved_options(saved, dict(job.options))
    # Saved mappings are the customer file's (their values and defaults are its fields).
    if save_as.strip() and job.kind == kinds.ACCOUNTS:
        stored, _created = ImportMapping.objects.update_or_create(
            owner=actor,
            name=save_as.strip()[:100],
            defaults={
                "columns": mapping,
                "values": options.get("values", {}),
                "defaults": options.get("defaults", {}),
            },
        )
        options["mapping_id"] = stored.pk
    job_transition(
        job,
        to=ImportStatus.PENDING,
        options=options,
        mapping=mapping,
        prepared=[],
        validated=False,
        error_report={},
        error_count=0,
        processed_rows=0,
        message="",
    )
    return job


def runs_in_background(job: ImportJob) -> bool:
    return job.total_rows > settings.IMPORT_BACKGROUND_ROWS


def import_check_start(*, actor: User, job: ImportJob) -> ImportJob:
    """The dry run: right away for a small file, as a background task for a large one."""
    may_use(actor, job)
    background = runs_in_background(job)
    with transaction.atomic():
        job_transition(
            job,
            to=ImportStatus.VALIDATING,
            processed_rows=0,
            message="",
            validated=False,
            heartbeat_at=timezone.now(),
        )
        if background:
            from koers.transfer.tasks import check_import_task

            transaction.on_commit(partial(check_import_task.enqueue, job.pk))
    if background:
        return job
    try:
        return import_check(job_id=job.pk)
    except Exception:
        import_fail(job_id=job.pk, phase="checking")
        raise


def import_check(*, job_id: int) -> ImportJob:
    """The dry run of a job being checked: checks every row without writing; commits progress
    after every batch; ends in "ready" (rows to import) or "pending" (no row without errors)."""
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    may_use(job.owner, job)
    background = runs_in_background(job)

    def progress(done: int) -> None:
        # Committed after each batch: the progress and the worker's sign of life.
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.VALIDATING).update(
            processed_rows=done, heartbeat_at=timezone.now()
        )

    with translation.override(job.owner.language or settings.LANGUAGE_CODE):
        other = kinds.of(job)
        if other is not None:
            return job_transition(job, **kind_report_fields(job, other.check(job)))
        prepared = prepare_rows(
            headers=job.headers,
            rows=job.rows,
            mapping=job.mapping,
            progress=progress if background else None,
            formulas=job.formulas,
            drop_values=bool(job.options.get("drop_values")),
            value_maps=job.options.get("values"),
        )
        plan = build_plan(actor=job.owner, prepared=prepared, options=job.options)
        found = value_report(
            headers=job.headers,
            mapping=job.mapping,
            rows=job.rows,
            values=job.options.get("values"),
        )
        status, report = report_fields(job, plan, values=found)
        return job_transition(job, to=status, prepared=prepared, **report)


def kind_report_fields(job: ImportJob, report: dict[str, Any]) -> dict[str, Any]:
    """The status and report fields of another kind's check (kinds.py): ready when at least
    one row can be imported."""
    return {
        "to": ImportStatus.READY if report["ok"] else ImportStatus.PENDING,
        "error_report": report,
        "error_count": report["errors"],
        "validated": True,
        "processed_rows": job.total_rows,
    }


CONTACT_CHANGES = ("update", "new")


def _confirm_contacts(job: ImportJob, contact_changes: str | None) -> dict[str, Any]:
    """The job's options with the user's answer on contacts in Koers that rows would change
    (found by e-mail address or name): change them as the preview shows, or add new contacts.
    Without an answer such a file is not imported."""
    options = dict(job.options)
    if contact_changes in CONTACT_CHANGES:
        options["contact_changes"] = contact_changes
    waiting = (job.error_report or {}).get("contacts_confirm", 0)
    if waiting and options.get("contact_changes") not in CONTACT_CHANGES:
        raise ValidationError(
            {
                "contact_changes": ngettext(
                    "%(count)s row changes a contact already in Koers: confirm the changes or "
                    "import it as a new contact.",
                    "%(count)s rows change contacts already in Koers: confirm the changes or "
                    "import them as new contacts.",
                    waiting,
                )
                % {"count": waiting}
            },
            code="confirm_contacts",
        )
    return options


def import_start(
    *,
    actor: User,
    job: ImportJob,
    leave_out_bad_rows: bool = True,
    contact_changes: str | None = None,
) -> ImportJob:
    """Imports the rows of a checked file that have no errors, leaving out the others (listed,
    and downloadable with their problems: leftout.py); with `leave_out_bad_rows=False` (the
    user's choice "nothing until every row is clean") a file with bad rows is refused.
    `contact_changes` answers the preview's question on contacts in Koers that rows change:
    "update" them as shown, or add "new" contacts instead (`_confirm_contacts`).

    Right away when small, as a background task when large. A failed import starts again the
    same way (its transaction rolled back, so nothing is written twice)."""
    may_use(actor, job)
    if not leave_out_bad_rows and job.error_count:
        raise ValidationError(
            {
                "rows": ngettext(
                    "Nothing was imported: %(count)s row has problems. Correct it in the file "
                    "and upload it again.",
                    "Nothing was imported: %(count)s rows have problems. Correct them in the "
                    "file and upload it again.",
                    job.error_count,
                )
                % {"count": job.error_count}
            },
            code="rows_with_errors",
        )
    options = _confirm_contacts(job, contact_changes)
    background = runs_in_background(job)
    with transaction.atomic():
        if job.status == ImportStatus.FAILED:
            job_transition(job, to=ImportStatus.READY)
        job_transition(
            job,
            to=ImportStatus.RUNNING,
            options=options,
            message="",
            heartbeat_at=timezone.now(),
            attempt=job.attempt + 1,
        )
        if background:
            from koers.transfer.tasks import run_import_task

            transaction.on_commit(partial(run_import_task.enqueue, job.pk, job.attempt))
    if background:
        return job
    try:
        return import_run(job_id=job.pk, attempt=job.attempt)
    except Exception:
        import_fail(job_id=job.pk, phase="importing")
        raise


def import_fail(*, job_id: int, phase: str) -> None:
    """Marks a job that stopped on an unexpected error as failed with a message, so that its page
    does not show "checking" or "importing" forever. Called from an `except` block (the error is
    logged). When even that fails (the database is down), the job's old heartbeat has it
    recovered later."""
    logger.exception("import %s failed while %s", job_id, phase)
    jobs.fail(IMPORT_JOBS, job_id, message=FAILED_MESSAGES[phase], finished_at=timezone.now())


def import_recover(*, job: ImportJob) -> ImportJob:
    """Marks `job` failed when its worker stopped giving signs of life (core/jobs.py); asked
    by the job page, so that a user never waits for a job that nobody runs."""
    if jobs.is_stale(IMPORT_JOBS, job):
        jobs.recover_stale(IMPORT_JOBS, pks=[job.pk])
        job.refresh_from_db()
    return job


@transaction.atomic
def import_mapping_delete(*, actor: User, mapping: ImportMapping) -> None:
    if mapping.owner_id != actor.pk:
        raise NotAllowed("not your mapping")
    mapping.delete()
