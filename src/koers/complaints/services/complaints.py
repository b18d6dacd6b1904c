"""Writes to complaints: register, change or hand over, and every move of the lifecycle, each
written as a step on the account's timeline.

Who may: registering needs the account to be changeable by the actor; every other write needs
`queries.may_handle` (owner, account owner, colleagues involved, the team's manager, admins).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.complaints import queries
from koers.complaints.lifecycle import COMPLAINT_LIFECYCLE
from koers.complaints.models import (
    Complaint,
    ComplaintCategory,
    ComplaintStatus,
    ComplaintStep,
    StepKind,
)
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.relations.models import ActivityKind, ActivityStatus
from koers.relations.services import activity_complete, activity_plan
from koers.relations.services.people import check_contacts, check_owner
from koers.sales.models import Product, ProductGroup

S = ComplaintStatus


def _may_handle(actor: User, complaint: Complaint) -> None:
    if not queries.may_handle(actor, complaint):
        raise NotAllowed(_("You may not handle this complaint."))


def _step(complaint: Complaint, kind: str, actor: User, note: str = "") -> ComplaintStep:
    return ComplaintStep.objects.create(
        complaint=complaint,
        account_id=complaint.account_id,
        kind=kind,
        note=note,
        actor=actor,
        at=timezone.now(),
    )


def _check_branch(account: Account, branch: Account | None) -> None:
    if branch is None:
        return
    root = account.root_id or account.pk
    if branch.pk == account.pk or (branch.root_id or branch.pk) != root:
        message = _("Choose a branch of this account.")
        raise ValidationError({"branch": ValidationError(message, code="not_at_account")})


def _check_category(category: ComplaintCategory, before: int | None = None) -> None:
    if not category.active and category.pk != before:
        message = _("This category is no longer in use.")
        raise ValidationError({"category": ValidationError(message, code="inactive")})


def _check_catalogue(
    product: Product | None,
    group: ProductGroup | None,
    before: tuple[int | None, int | None] = (None, None),
) -> None:
    """A product or a product group, not both (a product names its group); a new choice must be
    in the catalogue today (one kept from before may have been retired since)."""
    if product is not None and group is not None:
        message = _("A product names its group already: choose a product or a product group.")
        raise ValidationError({"product_group": ValidationError(message, code="exclusive")})
    today = timezone.localdate()
    if product is not None and product.pk != before[0] and not product.is_active_on(today):
        message = _("This product is not in the catalogue today.")
        raise ValidationError({"product": ValidationError(message, code="not_active")})
    if group is not None and group.pk != before[1] and not group.active:
        message = _("This product group is no longer in use.")
        raise ValidationError({"product_group": ValidationError(message, code="inactive")})


@service
def complaint_register(
    *,
    actor: User,
    account: Account,
    category: ComplaintCategory,
    description: str,
    severity: str = "normal",
    channel: str = "phone",
    owner: User | None = None,
    branch: Account | None = None,
    contact: Contact | None = None,
    product: Product | None = None,
    product_group: ProductGroup | None = None,
    product_name: str = "",
    agreed_handling: str = "",
    promised_on: date | None = None,
    received_at: datetime | None = None,
) -> Complaint:
    """A new complaint, owned by the account's owner unless another colleague is named."""
    if not queries.may_register(actor, account.pk):
        raise NotAllowed(_("You may not register complaints for this account."))
    owner = owner or account.owner
    if owner.pk != account.owner_id:
        check_owner(actor, account, owner)
    _check_branch(account, branch)
    _check_category(category)
    _check_catalogue(product, product_group)
    if contact is not None:
        check_contacts(account, [contact], field="contact")
    now = timezone.now()
    if received_at is not None and received_at > now:
        message = _("A complaint cannot be received in the future.")
        raise ValidationError({"received_at": ValidationError(message, code="future")})
    complaint = Complaint(
        account=account,
        branch=branch,
        contact=contact,
        product=product,
        product_group=product_group,
        product_name=product_name.strip(),
        category=category,
        description=description.strip(),
        severity=severity,
        channel=channel,
        owner=owner,
        agreed_handling=agreed_handling.strip(),
        promised_on=promised_on,
        received_at=received_at or now,
        created_by=actor,
    )
    complaint.full_clean()
    complaint.save()
    _step(complaint, StepKind.RECEIVED, actor)
    return complaint


EDITABLE = (
    "category",
    "description",
    "severity",
    "channel",
    "branch",
    "contact",
    "product",
    "product_group",
    "product_name",
    "agreed_handling",
    "promised_on",
    "owner",
)


@service
def complaint_update(
    *, actor: User, complaint: Complaint, expected_version: int, data: dict[str, Any]
) -> Complaint:
    """Changes what the complaint is about, what was agreed and promised, or its owner (a
    hand-over, on the timeline). The status moves only through the lifecycle services."""
    _may_handle(actor, complaint)
    locked = lock_version(Complaint, complaint.pk, expected_version)
    old_owner, old_category = locked.owner_id, locked.category_id
    old_catalogue = (locked.product_id, locked.product_group_id)
    for key, value in data.items():
        if key in EDITABLE:
            setattr(locked, key, value.strip() if isinstance(value, str) else value)
    if locked.owner_id != old_owner:
        check_owner(actor, locked.account, locked.owner)
    if locked.category_id != old_category:
        _check_category(locked.category)
    _check_catalogue(locked.product, locked.product_group, old_catalogue)
    _check_branch(locked.account, locked.branch)
    if locked.contact is not None and "contact" in data:
        check_contacts(locked.account, [locked.contact], field="contact")
    locked.full_clean()
    saved = save_version(locked)
    if saved.owner_id != old_owner:
        _step(saved, StepKind.HANDED_OVER, actor, str(saved.owner))
    return saved


def _first_response(complaint: Complaint) -> dict[str, Any]:
    return {} if complaint.first_response_at else {"first_response_at": timezone.now()}


def _move(complaint: Complaint, *, to: str, **changes: Any) -> Complaint:
    """The lifecycle's move, raising the stored version so that an open form sees the change
    (the row is locked here; the lifecycle then reads the status under the same lock)."""
    stored = (
        Complaint.objects.select_for_update().values_list("version", flat=True).get(pk=complaint.pk)
    )
    return COMPLAINT_LIFECYCLE.move(complaint, to=to, version=stored + 1, **changes)


@service
def complaint_start(*, actor: User, complaint: Complaint, note: str = "") -> Complaint:
    """Taken in hand: the first response to the customer, as the indicator counts it."""
    _may_handle(actor, complaint)
    moved = _move(complaint, to=S.IN_PROGRESS, reopen_reason="", **_first_response(complaint))
    _step(moved, StepKind.STARTED, actor, note.strip())
    return moved


def follow_up_days() -> int:
    return int(getattr(settings, "COMPLAINT_FOLLOW_UP_DAYS", 14))


def _plan_follow_up(actor: User, complaint: Complaint) -> Any:
    """The owner's activity "ask whether the customer is satisfied", N days from now, at 10:00.

    Planned in the owner's name (they work the account, `check_owner`), whoever solved it: an
    inside-sales colleague involved by a task may not plan activities at the account."""
    day = timezone.localdate() + timedelta(days=follow_up_days())
    start = timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=10))
    subject = _("Ask whether the customer is satisfied: complaint #%(pk)s (%(category)s)") % {
        "pk": complaint.pk,
        "category": complaint.category.name,
    }
    return activity_plan(
        actor=complaint.owner,
        account=complaint.account,
        kind=ActivityKind.PHONE_CALL,
        subject=subject[:200],
        planned_start=start,
        duration=15,
        owner=complaint.owner,
        contacts=[complaint.contact] if complaint.contact is not None else [],
    )


@service
def complaint_solve(*, actor: User, complaint: Complaint, solution: str) -> Complaint:
    """Solved: the solution is kept and a follow-up check is planned for the owner."""
    _may_handle(actor, complaint)
    moved = _move(
        complaint,
        to=S.SOLVED,
        solution=solution.strip(),
        solved_at=timezone.now(),
        **_first_response(complaint),
    )
    _step(moved, StepKind.SOLVED, actor, moved.solution)
    activity = _plan_follow_up(actor, moved)
    Complaint.objects.filter(pk=moved.pk).update(follow_up=activity)
    moved.follow_up = activity
    return moved


@service
def complaint_verify(*, actor: User, complaint: Complaint, answer: str) -> Complaint:
    """The customer confirmed the solution: closed."""
    _may_handle(actor, complaint)
    moved = _move(
        complaint, to=S.VERIFIED, customer_answer=answer.strip(), closed_at=timezone.now()
    )
    _step(moved, StepKind.VERIFIED, actor, moved.customer_answer)
    _complete_follow_up(moved, f"{_('Satisfied')}. {moved.customer_answer}")
    return moved


@service
def complaint_reopen(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """Not solved after all (or a rejection reconsidered): in progress again, counted."""
    _may_handle(actor, complaint)
    if not reason.strip():
        message = _("Say why the complaint is reopened.")
        raise ValidationError({"reason": ValidationError(message, code="needs_field")})
    moved = _move(
        complaint,
        to=S.IN_PROGRESS,
        reopen_reason=reason.strip(),
        times_reopened=complaint.times_reopened + 1,
        solved_at=None,
        closed_at=None,
    )
    _step(moved, StepKind.REOPENED, actor, reason.strip())
    _complete_follow_up(moved, f"{_('Not satisfied')}. {reason.strip()}")
    return moved


@service
def complaint_reject(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    _may_handle(actor, complaint)
    moved = _move(
        complaint,
        to=S.REJECTED,
        reject_reason=reason.strip(),
        closed_at=timezone.now(),
        **_first_response(complaint),
    )
    _step(moved, StepKind.REJECTED, actor, moved.reject_reason)
    return moved


@service
def complaint_follow_up_answer(
    *, actor: User, complaint: Complaint, satisfied: bool, comment: str = ""
) -> Complaint:
    """The answer to the follow-up check: satisfied verifies the complaint, not satisfied
    reopens it. The follow-up activity is done with the answer as its outcome."""
    _may_handle(actor, complaint)
    comment = comment.strip()
    if not satisfied and not comment:
        message = _("Say what the customer is still not satisfied about.")
        raise ValidationError({"comment": ValidationError(message, code="needs_field")})
    if satisfied:
        answer = comment or _("The customer is satisfied.")
        return complaint_verify(actor=actor, complaint=complaint, answer=answer)
    return complaint_reopen(actor=actor, complaint=complaint, reason=comment)


def _complete_follow_up(complaint: Complaint, outcome: str) -> None:
    """The follow-up check still planned is done once the customer has answered: the answer
    is its outcome. (In the owner's name, as it was planned.)"""
    activity = complaint.follow_up
    if activity is None:
        return
    activity.refresh_from_db()
    if activity.status == ActivityStatus.PLANNED:
        activity_complete(actor=complaint.owner, activity=activity, outcome=outcome)
