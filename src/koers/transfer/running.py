"""The import itself: the checked rows resolved again on locked accounts and written in bulk,
in one transaction, leaving out exactly the rows the preview said it would leave out."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact, Position
from koers.accounts.services.accounts import reroot_descendants
from koers.core import access, jobs
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.transfer import bulk, kinds
from koers.transfer.checking import Plan
from koers.transfer.lifecycle import IMPORT_JOBS, IMPORT_LIFECYCLE, job_transition
from koers.transfer.models import ImportJob, ImportStatus
from koers.transfer.planning import build_plan

logger = logging.getLogger(__name__)
BATCH_SIZE = 500


def report_fields(
    job: ImportJob, plan: Plan, values: dict[str, Any] | None = None
) -> tuple[str, dict[str, object]]:
    """The status after a check and the fields that store its report: ready when at least one
    row can be imported (the rows with problems are left out, or the user waits until every
    row is clean: see services.import_start). `values` is the check's list of values to match
    (values.py), kept when the import finds the customer file changed."""
    report = plan.as_report()
    report["values"] = values if values is not None else job.error_report.get("values", {})
    status = ImportStatus.READY if report["ok"] else ImportStatus.PENDING
    return status, {
        "error_report": report,
        "error_count": report["errors"],
        "validated": True,
        "processed_rows": job.total_rows,
    }


def _left_out(plan: Plan) -> set[int]:
    return {r.row for r in plan.results if r.errors}


class _PlanHasErrors(Exception):
    def __init__(self, plan: Plan) -> None:
        super().__init__("rows with errors")
        self.plan = plan


def import_run(*, job_id: int, attempt: int | None = None) -> ImportJob:
    """Writes the whole file of a running job in one transaction, after resolving it again on
    locked rows; the job becomes "done" in that same transaction. With `attempt`, only that
    start of the job is run (a late task of an earlier start does nothing)."""
    job = ImportJob.objects.select_related("owner").defer("rows").get(pk=job_id)
    actor = job.owner
    if not access.can_use_import_job(actor, job):
        raise NotAllowed("may not use this import")
    # Only a running job is imported (a second task for the same job finds it done).
    IMPORT_LIFECYCLE.check(job, to=ImportStatus.DONE)
    mine = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING)
    if attempt is not None:
        mine = mine.filter(attempt=attempt)
    with translation.override(actor.language or settings.LANGUAGE_CODE):
        try:
            with transaction.atomic():
                # Under the job's row lock: two runs of one job never both write.
                if not mine.select_for_update().exists():
                    return ImportJob.objects.defer("rows").get(pk=job.pk)
                other = kinds.of(job)
                if other is not None:
                    return _run_kind(job, other)
                plan = build_plan(
                    actor=actor, prepared=job.prepared, lock=True, build=True, options=job.options
                )
                if _left_out(plan) != set(job.error_report.get("left_out", [])):
                    # Other rows than the preview showed would be left out.
                    raise _PlanHasErrors(plan)
                contacts_created, contacts_updated = _write(actor=actor, plan=plan)
                return job_transition(
                    job,
                    to=ImportStatus.DONE,
                    created_count=len(plan.creates),
                    updated_count=len(plan.updates),
                    contacts_created_count=contacts_created,
                    processed_rows=job.total_rows,
                    result={
                        "created": [a.pk for a in plan.creates],
                        "updated": [a.pk for a in plan.updates],
                        "unchanged": plan.count("unchanged"),
                        "contacts_updated": contacts_updated,
                        "left_out": sorted(_left_out(plan)),
                        "dropped": sum(len(r.dropped) for r in plan.results if not r.errors),
                    },
                    finished_at=timezone.now(),
                    prepared=[],  # served its purpose; the uploaded rows stay for reference
                )
        except _KindChanged as exc:
            from koers.transfer.services import kind_report_fields

            message = _("The data changed since the check. Nothing was imported; check again.")
            return job_transition(job, message=message, **kind_report_fields(job, exc.report))
        except _PlanHasErrors as exc:
            # The customer file changed since the dry run (an owner left, an account was
            # added): show the new report; nothing was written.
            status, report = report_fields(job, exc.plan)
            message = _(
                "The customer file changed since the check. Nothing was imported; "
                "check the rows again."
            )
            return job_transition(job, to=status, message=message, **report)
        except DatabaseError:
            # The transaction rolled back. The database may still be away (a restart): `fail`
            # tries again for a few seconds, and the heartbeat recovers the job after that.
            logger.exception("import %s failed while writing", job.pk)
            message = _(
                "The import failed while writing to the database and nothing was imported. "
                "Start it again."
            )
            jobs.fail(IMPORT_JOBS, job.pk, message=message, finished_at=timezone.now())
            return ImportJob.objects.defer("rows").get(pk=job.pk)


class _KindChanged(Exception):
    def __init__(self, report: dict[str, Any]) -> None:
        super().__init__("rows changed")
        self.report = report


def _run_kind(job: ImportJob, kind: kinds.ImportKind) -> ImportJob:
    """Another kind's import (kinds.py), in the caller's transaction: checked again, and written
    only when the same rows are left out as the preview showed."""
    full = ImportJob.objects.get(pk=job.pk)
    report = kind.check(full)
    if set(report.get("left_out", [])) != set(job.error_report.get("left_out", [])):
        raise _KindChanged(report)
    result = kind.write(full)
    return job_transition(
        job,
        to=ImportStatus.DONE,
        created_count=len(result.get("created", [])),
        updated_count=len(result.get("updated", [])),
        processed_rows=job.total_rows,
        result={**result, "left_out": sorted(report.get("left_out", []))},
        finished_at=timezone.now(),
    )


def _levels(accounts: list[Account]) -> list[list[Account]]:
    """New accounts by depth among themselves: a new parent is written before its branches."""
    new = {id(a) for a in accounts}
    depth: dict[int, int] = {}
    levels: list[list[Account]] = []
    for account in accounts:  # parents come first (chains.find_parents)
        parent = account.parent if _has_parent(account) else None
        level = depth.get(id(parent), -1) + 1 if parent is not None and id(parent) in new else 0
        depth[id(account)] = level
        while len(levels) <= level:
            levels.append([])
        levels[level].append(account)
    return levels


def _has_parent(account: Account) -> bool:
    return Account.parent.is_cached(account) and account.parent is not None


def _set_root(account: Account) -> None:
    """The top of the chain, as accounts.services sets it; the parent is saved by now."""
    if _has_parent(account):
        parent = account.parent
        assert parent is not None and parent.pk is not None
        # Setting parent_id forgets the cached parent: the root is read from it first.
        account.root_id = parent.root_id or parent.pk
        account.parent_id = parent.pk


def _write(*, actor: User, plan: Plan) -> tuple[int, int]:
    """Bulk writes with their history rows; returns the numbers of contacts created and
    updated."""
    history: dict[str, Any] = {"user": actor, "date": timezone.now(), "batch_size": BATCH_SIZE}
    new_contacts = [c.contact for c in plan.contacts if c.contact.pk is None]
    # A contact whose position alone changed (a new job title) is an updated contact too.
    updated_contacts = len(plan.contacts) - len(new_contacts)
    changed_contacts = [c for c in plan.contacts if c.contact.pk is not None and c.contact_changed]
    new_positions = [c for c in plan.contacts if c.position and c.position.pk is None]
    changed_positions = [
        c for c in plan.contacts if c.position and c.position.pk is not None and c.position_changed
    ]

    for level in _levels(plan.creates):
        for account in level:
            _set_root(account)
        bulk.bulk_create(Account, level, **history)
    rerooted = []
    if plan.updates:
        for account in plan.updates:
            if _has_parent(account):
                # A new parent created above has its primary key only now.
                _set_root(account)
                rerooted.append(account)
            # The rows are locked (build_plan(lock=True)), so this is the next version.
            account.version += 1
            account.updated_at = history["date"]
        fields = {f.removesuffix("_id") for f in plan.update_fields} | {"version", "updated_at"}
        if rerooted:
            fields.add("root")
        bulk.bulk_update(Account, plan.updates, sorted(fields), **history)
        for account in rerooted:
            # Its own branches, already in Koers, move to the new top of the chain.
            reroot_descendants(account)
    bulk.bulk_create(Contact, new_contacts, **history)
    if changed_contacts:
        fields = set().union(*(c.contact_changed for c in changed_contacts))
        for item in changed_contacts:
            item.contact.version += 1
            item.contact.updated_at = history["date"]
        bulk.bulk_update(
            Contact,
            [c.contact for c in changed_contacts],
            sorted(fields | {"version", "updated_at"}),
            **history,
        )
    positions = [c.position for c in new_positions if c.position is not None]
    for item in new_positions:
        # Both now have their primary keys.
        assert item.position is not None and item.account is not None
        item.position.contact = item.contact
        item.position.account = item.account
    bulk.bulk_create(Position, positions, **history)
    if changed_positions:
        fields = set().union(*(c.position_changed for c in changed_positions))
        changed = [c.position for c in changed_positions if c.position is not None]
        bulk.bulk_update(Position, changed, sorted(fields), **history)
    return len(new_contacts), updated_contacts
