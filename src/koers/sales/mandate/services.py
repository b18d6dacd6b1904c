"""Writes to the mandate: the level mandates and product-group caps (administrators), personal
mandates (a manager of the account manager's team), approval delegations (managers).
History rows come from the models' HistoricalRecords, written with the actor (`@service`)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import Role, User
from koers.core.writes import service
from koers.sales.models import (
    LIMIT_FIELDS,
    ApprovalDelegation,
    GroupDiscountCap,
    LevelMandate,
    PersonalMandate,
    ProductGroup,
)
from koers.sales.models.mandates import Limits


def _may_manage(actor: User) -> None:
    if not access.can_manage_settings(actor):
        raise NotAllowed(_("Only administrators set the level mandates and group caps."))


def _check_limits(row: Limits) -> None:
    """The field-named messages for a second threshold on the wrong side of the first."""
    errors: dict[str, list[str]] = {}
    try:
        row.full_clean(validate_constraints=False)
    except ValidationError as exc:
        errors = dict(exc.message_dict)
    pairs = (
        ("far_line_discount", row.far_line_discount < row.max_line_discount),
        ("far_total_discount", row.far_total_discount < row.max_total_discount),
        ("far_min_margin", row.far_min_margin > row.min_margin),
    )
    messages = {
        "far_line_discount": _("Give at least the discount per line of the mandate."),
        "far_total_discount": _("Give at least the discount on the total of the mandate."),
        "far_min_margin": _("Give at most the lowest margin of the mandate."),
    }
    if errors:
        raise ValidationError(errors)
    wrong_side = {
        name: ValidationError(messages[name], code="threshold") for name, wrong in pairs if wrong
    }
    if wrong_side:
        raise ValidationError(wrong_side)


def _apply(row: Limits, limits: dict[str, Decimal]) -> None:
    for name in LIMIT_FIELDS:
        if name in limits:
            setattr(row, name, limits[name])


@service
def level_mandate_update(
    *, actor: User, mandate: LevelMandate, limits: dict[str, Decimal]
) -> LevelMandate:
    _may_manage(actor)
    _apply(mandate, limits)
    _check_limits(mandate)
    mandate.save()
    return mandate


@service
def group_cap_set(
    *, actor: User, group: ProductGroup, max_discount: Decimal | None
) -> GroupDiscountCap | None:
    """Sets the group's cap, or removes it with None."""
    _may_manage(actor)
    if max_discount is None:
        for cap in GroupDiscountCap.objects.filter(product_group=group):
            cap.delete()
        return None
    cap = GroupDiscountCap.objects.filter(product_group=group).first() or GroupDiscountCap(
        product_group=group
    )
    cap.max_discount = max_discount
    cap.full_clean()
    cap.save()
    return cap


@service
def personal_mandate_set(
    *,
    actor: User,
    user: User,
    limits: dict[str, Decimal],
    reason: str,
    valid_from: date,
    valid_until: date | None = None,
) -> PersonalMandate:
    """A personal mandate for `user` from `valid_from`; one that held then ends the day before
    (so one mandate holds on each day)."""
    if not access.can_set_mandate_for(actor, user):
        raise NotAllowed(_("Only a manager of their team sets an account manager's mandate."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this account manager gets this mandate.")})
    if valid_from < timezone.localdate():
        message = _("A mandate starts today or later.")
        raise ValidationError({"valid_from": ValidationError(message, code="dates_order")})
    mandate = PersonalMandate(
        user=user,
        reason=reason.strip(),
        valid_from=valid_from,
        valid_until=valid_until,
        set_by=actor,
    )
    _apply(mandate, limits)
    if valid_until is not None and valid_until < valid_from:
        message = _("The end lies before the start.")
        raise ValidationError({"valid_until": ValidationError(message, code="dates_order")})
    _check_limits(mandate)
    _end_overlapping(user, valid_from)
    mandate.save()
    return mandate


def _end_overlapping(user: User, start: date) -> None:
    day_before = start - timedelta(days=1)
    running = PersonalMandate.objects.filter(user=user, valid_from__lt=start).exclude(
        valid_until__lt=start
    )
    for old in running:
        old.valid_until = day_before
        old.save(update_fields=["valid_until"])
    # One starting on or after the new start is replaced by it.
    for later in PersonalMandate.objects.filter(user=user, valid_from__gte=start):
        later.delete()


@service
def personal_mandate_end(*, actor: User, mandate: PersonalMandate) -> PersonalMandate:
    """Ends the mandate today (the level's holds from tomorrow); one not yet started is
    removed."""
    if not access.can_set_mandate_for(actor, mandate.user):
        raise NotAllowed(_("Only a manager of their team sets an account manager's mandate."))
    today = timezone.localdate()
    if mandate.valid_until is not None and mandate.valid_until < today:
        message = _("This mandate has already ended.")
        raise ValidationError({"valid_until": ValidationError(message, code="status")})
    if mandate.valid_from > today:
        mandate.delete()
        return mandate
    mandate.valid_until = today
    mandate.save(update_fields=["valid_until"])
    return mandate


# Who approves for a manager who is away: another manager, or a sales director (who reads every
# deal already, and approves far beyond the mandate after the manager).
DELEGATE_ROLES = (Role.MANAGER, Role.SALES_DIRECTOR)


@service
def delegation_create(
    *, actor: User, delegate: User, starts_on: date, ends_on: date, note: str = ""
) -> ApprovalDelegation:
    """While `actor` is away, `delegate` (another manager or a sales director) approves for
    `actor`'s teams."""
    if not access.can_delegate_approvals(actor):
        raise NotAllowed(_("Only managers delegate their approvals."))
    errors = {}
    if delegate.pk == actor.pk:
        errors["delegate"] = _("Choose another manager.")
    elif delegate.role not in DELEGATE_ROLES or not delegate.is_active:
        errors["delegate"] = _("Approvals go to another active manager or a sales director.")
    if ends_on < starts_on:
        errors["ends_on"] = _("The end lies before the start.")
    elif ends_on < timezone.localdate():
        errors["ends_on"] = _("This period is over already.")
    overlapping = ApprovalDelegation.objects.filter(
        manager=actor, starts_on__lte=ends_on, ends_on__gte=starts_on
    )
    if not errors and overlapping.exists():
        errors["starts_on"] = _("You already delegate in this period.")
    if errors:
        raise ValidationError(errors)
    delegation = ApprovalDelegation(
        manager=actor, delegate=delegate, starts_on=starts_on, ends_on=ends_on, note=note.strip()
    )
    delegation.full_clean()
    delegation.save()
    return delegation


@service
def delegation_end(*, actor: User, delegation: ApprovalDelegation) -> None:
    """Back early: the delegation ends yesterday, or goes when it had not started."""
    if delegation.manager_id != actor.pk or not access.can_delegate_approvals(actor):
        raise NotAllowed(_("Only the manager who delegated ends it."))
    today = timezone.localdate()
    if delegation.starts_on >= today:
        delegation.delete()
        return
    if delegation.ends_on >= today:
        delegation.ends_on = today - timedelta(days=1)
        delegation.save(update_fields=["ends_on"])
