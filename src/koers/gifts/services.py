"""Every write of the gifts register (`@service`: one transaction, the actor in the history).

A given gift above the limit waits for the decision of the giver's manager; the giver is told
the decision by e-mail, and a gift received above the limit is e-mailed to the manager (tasks,
after the commit, each mail sent once).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact, Position
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.gifts.lifecycle import GIFT_LIFECYCLE
from koers.gifts.models import (
    Gift,
    GiftDirection,
    GiftKind,
    GiftSettings,
    GiftStatus,
    current_limit,
)

S = GiftStatus
# What a change may touch; the direction and the account stay (record another gift instead).
EDITABLE = ("kind", "description", "value", "date", "occasion", "interest", "contact")


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_contact(account: Account, contact: Contact | None) -> None:
    if contact is None:
        raise _error("contact", _("Choose the contact."), "required")
    if not Position.objects.filter(contact=contact, account=account).exists():
        raise _error("contact", _("Choose a contact who works at this account."), "not_at_account")


def _check_values(gift: Gift) -> None:
    errors: dict[str, ValidationError] = {}
    if gift.value is None or gift.value < 0:
        errors["value"] = ValidationError(_("Give the estimated value in euros, 0 or more."))
    if gift.kind not in GiftKind.values:
        errors["kind"] = ValidationError(_("Choose gift, invitation or hospitality."))
    if not (gift.description or "").strip():
        errors["description"] = ValidationError(_("Say what it is."), code="required")
    if errors:
        raise ValidationError(errors)


def _may_change(actor: User, account: Account) -> None:
    if not access.can_change_account(actor, account):
        raise NotAllowed


@service
def gift_record(
    *,
    actor: User,
    account: Account,
    contact: Contact | None,
    direction: str,
    kind: str,
    description: str,
    value: Decimal,
    date: date,
    occasion: str = "",
    interest: str = "",
) -> Gift:
    """Records a gift given or received by `actor`. Given above the limit: it waits for the
    manager's approval; at or below: given (planned while its date is ahead). Received above
    the limit: the manager is told."""
    _may_change(actor, account)
    if direction not in GiftDirection.values:
        raise _error("direction", _("Choose given or received."), "invalid")
    _check_contact(account, contact)
    limit = current_limit()
    gift = Gift(
        account=account,
        contact=contact,
        direction=direction,
        kind=kind,
        description=description.strip(),
        value=value,
        date=date,
        occasion=occasion.strip(),
        interest=interest.strip(),
        person=actor,
        created_by=actor,
        limit=limit,
        above_limit=value is not None and value > limit,
    )
    _check_values(gift)
    if direction == GiftDirection.RECEIVED:
        gift.status = S.RECEIVED
    elif gift.above_limit:
        gift.status = S.REQUESTED
    else:
        gift.status = S.GIVEN if date <= timezone.localdate() else S.PLANNED
    gift.save()
    if gift.flagged:
        _mail_flag_after_commit(gift)
    return gift


@service
def gift_update(*, actor: User, gift: Gift, expected_version: int, data: dict[str, Any]) -> Gift:
    """Changes what, value, date, occasion, interest, kind or contact. A new value is weighed
    against the limit in force now: a given gift above it is asked again (also after an
    approval of a lower value); a requested one at or below it no longer waits."""
    _may_change(actor, gift.account)
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    locked = lock_version(Gift, gift.pk, expected_version)
    if locked.status == S.REFUSED:
        raise _error("status", _("A refused gift stays as it was: record a new one."), "status")
    old_value = locked.value
    for name, value in data.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    if "contact" in data:
        _check_contact(locked.account, locked.contact)
    _check_values(locked)
    target = None
    if "value" in data and locked.value != old_value:
        locked.limit = current_limit()
        locked.above_limit = locked.value > locked.limit
        target = _status_after_new_value(locked, old_value)
    save_version(locked)
    if target is not None:
        locked = GIFT_LIFECYCLE.move(
            locked, to=target, decided_by=None, decided_at=None, decision_comment=""
        )
    if locked.flagged and locked.flag_mailed_at is None:
        _mail_flag_after_commit(locked)
    return locked


def _status_after_new_value(gift: Gift, old_value: Decimal) -> str | None:
    if gift.direction != GiftDirection.GIVEN:
        return None
    if gift.status == S.PLANNED and gift.above_limit:
        return S.REQUESTED
    if gift.status == S.REQUESTED and not gift.above_limit:
        return S.PLANNED
    if gift.status == S.APPROVED and gift.above_limit and gift.value > old_value:
        return S.REQUESTED
    if gift.status == S.GIVEN and gift.above_limit and gift.decided_by_id is None:
        raise _error(
            "value",
            _("Above the limit, a gift is given only after the manager's approval."),
            "status",
        )
    return None


def _decide(actor: User, gift: Gift, to: str, comment: str) -> Gift:
    if not access.can_decide_for(actor, gift.person):
        raise NotAllowed
    gift = GIFT_LIFECYCLE.move(
        gift,
        to=to,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_comment=comment.strip(),
        version=gift.version + 1,
    )
    transaction.on_commit(lambda: _enqueue("send_gift_decision", gift.pk))
    return gift


@service
def gift_approve(*, actor: User, gift: Gift, comment: str = "") -> Gift:
    """The manager of the giver approves; the giver is told by e-mail."""
    return _decide(actor, gift, S.APPROVED, comment)


@service
def gift_refuse(*, actor: User, gift: Gift, comment: str) -> Gift:
    """The manager of the giver refuses, saying why; the gift is not given."""
    return _decide(actor, gift, S.REFUSED, comment)


@service
def gift_mark_given(*, actor: User, gift: Gift) -> Gift:
    """A planned (or approved) gift has been given."""
    _may_change(actor, gift.account)
    return GIFT_LIFECYCLE.move(gift, to=S.GIVEN, version=gift.version + 1)


@service
def gift_note(*, actor: User, gift: Gift) -> Gift:
    """The manager has seen a gift received above the limit (it leaves their list)."""
    if not access.can_decide_for(actor, gift.person):
        raise NotAllowed
    locked = Gift.objects.select_for_update().get(pk=gift.pk)
    if not locked.flagged:
        raise _error("status", _("Only a gift received above the limit is noted."), "status")
    if locked.noted_at is None:
        locked.noted_by, locked.noted_at = actor, timezone.now()
        locked.version += 1
        locked.save(update_fields=["noted_by", "noted_at", "version", "updated_at"])
    return locked


@service
def gift_limit_set(*, actor: User, limit: Decimal) -> GiftSettings:
    """The administrator's limit. Gifts recorded earlier keep the limit they were weighed
    against; the new one counts from their next change of value."""
    if not access.can_manage_settings(actor):
        raise NotAllowed
    if limit is None or limit < 0:
        raise _error("limit", _("Give the limit in euros, 0 or more."), "invalid")
    row, _created = GiftSettings.objects.select_for_update().get_or_create(pk=1)
    row.limit = limit
    row.save()
    return row


def _mail_flag_after_commit(gift: Gift) -> None:
    pk = gift.pk
    transaction.on_commit(lambda: _enqueue("send_gift_flag", pk))


def _enqueue(name: str, pk: int) -> None:
    from koers.gifts import tasks

    getattr(tasks, name).enqueue(pk)
