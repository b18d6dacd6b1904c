"""Writes to commitments: make one (directly or from a report's agreement), do, cancel, reopen,
move its due date (kept with who and why)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.relations.lifecycle import COMMITMENT_LIFECYCLE
from koers.relations.models import (
    Commitment,
    CommitmentSource,
    CommitmentStatus,
    DueDateChange,
    VisitReport,
)
from koers.relations.services.people import check_contacts, check_owner


def _may_change(actor: User, account: Account) -> None:
    if not access.can_change_account(actor, account):
        raise NotAllowed(_("You may not change this account's commitments."))


@service
def commitment_make(
    *,
    actor: User,
    account: Account,
    direction: str,
    description: str,
    due_date: date,
    owner: User | None = None,
    contact: Contact | None = None,
    source: str = CommitmentSource.DIRECT,
    report: VisitReport | None = None,
) -> Commitment:
    _may_change(actor, account)
    owner = owner or actor
    check_owner(actor, account, owner)
    if contact is not None:
        check_contacts(account, [contact], field="contact")
    if report is not None and report.activity.account_id != account.pk:
        raise ValidationError({"report": [_("The report is about another account.")]})
    commitment = Commitment(
        account=account,
        direction=direction,
        description=description.strip(),
        due_date=due_date,
        owner=owner,
        contact=contact,
        source=CommitmentSource.VISIT_REPORT if report is not None else source,
        report=report,
        created_by=actor,
    )
    commitment.full_clean()
    commitment.save()
    return commitment


# What a PATCH may change; the due date moves only with a reason (`commitment_move_due_date`)
# and the status only through the lifecycle.
EDITABLE = ("direction", "description", "contact", "owner")


@service
def commitment_update(
    *, actor: User, commitment: Commitment, expected_version: int, data: dict[str, Any]
) -> Commitment:
    """Changes what was promised, to or by whom, or who on our side keeps it."""
    _may_change(actor, commitment.account)
    locked = lock_version(Commitment, commitment.pk, expected_version)
    for key, value in data.items():
        if key in EDITABLE:
            setattr(locked, key, value.strip() if key == "description" else value)
    if "owner" in data and data["owner"].pk != commitment.owner_id:
        check_owner(actor, locked.account, data["owner"])
    if data.get("contact") is not None:
        check_contacts(locked.account, [data["contact"]], field="contact")
    locked.full_clean()
    return save_version(locked)


@service
def commitment_from_agreement(
    *,
    actor: User,
    report: VisitReport,
    line: int,
    direction: str,
    due_date: date,
    owner: User | None = None,
    contact: Contact | None = None,
) -> Commitment:
    """A line of the report's agreements as a commitment, in one click."""
    lines = report.agreement_lines()
    if not 0 <= line < len(lines):
        raise ValidationError({"line": [_("Choose one of the report's agreements.")]})
    return commitment_make(
        actor=actor,
        account=report.activity.account,
        direction=direction,
        description=lines[line][:300],
        due_date=due_date,
        owner=owner,
        contact=contact,
        report=report,
    )


@service
def commitment_done(
    *, actor: User, commitment: Commitment, done_date: date | None = None, note: str = ""
) -> Commitment:
    _may_change(actor, commitment.account)
    done_date = done_date or timezone.localdate()
    if done_date > timezone.localdate():
        message = _("A commitment cannot be done in the future.")
        raise ValidationError({"done_date": ValidationError(message, code="future")})
    return COMMITMENT_LIFECYCLE.move(
        commitment, to=CommitmentStatus.DONE, done_date=done_date, done_note=note[:300]
    )


@service
def commitment_cancel(*, actor: User, commitment: Commitment) -> Commitment:
    _may_change(actor, commitment.account)
    return COMMITMENT_LIFECYCLE.move(commitment, to=CommitmentStatus.CANCELLED)


@service
def commitment_reopen(*, actor: User, commitment: Commitment) -> Commitment:
    _may_change(actor, commitment.account)
    return COMMITMENT_LIFECYCLE.move(
        commitment, to=CommitmentStatus.OPEN, done_date=None, done_note=""
    )


@service
def commitment_move_due_date(
    *, actor: User, commitment: Commitment, due_date: date, reason: str, expected_version: int
) -> Commitment:
    """A new due date, kept with who and why: the indicator measures on-time against it all."""
    _may_change(actor, commitment.account)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the due date moves.")]})
    locked = lock_version(Commitment, commitment.pk, expected_version)
    if locked.status != CommitmentStatus.OPEN:
        message = _("Only an open commitment gets a new due date.")
        raise ValidationError({"due_date": ValidationError(message, code="status")})
    if due_date == locked.due_date:
        return locked
    DueDateChange.objects.create(
        commitment=locked,
        old_due_date=locked.due_date,
        new_due_date=due_date,
        reason=reason.strip()[:200],
        changed_by=actor,
    )
    locked.due_date = due_date
    return save_version(locked)
