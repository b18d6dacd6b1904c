"""Writes to contacts and their positions at accounts. One transaction each."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koers.accounts import validators
from koers.accounts.fields import CONTACT_FIELDS, POSITION_FIELDS
from koers.accounts.models import Account, Contact, Position
from koers.accounts.services.accounts import _collect
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service

NORMALIZED_CONTACT_FIELDS = ("phone", "mobile")


def contact_normalize(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, list] = {}
    out = dict(data)
    if "last_name" in out and not (out["last_name"] or "").strip():
        errors["last_name"] = [ValidationError(_("This field is required."), code="required")]
    for field in ("phone", "mobile"):
        if field in out:
            out[field] = _collect(errors, field, validators.clean_phone, out[field] or "")
    if out.get("mailing_consent") and not out.get("consent_date"):
        errors.setdefault("consent_date", []).append(
            ValidationError(_("Record when the consent was given."), code="consent_date")
        )
    if errors:
        raise ValidationError(errors)
    return out


@service
def contact_create(
    *,
    actor: User,
    data: dict[str, Any],
    account: Account | None = None,
    position: dict[str, Any] | None = None,
) -> Contact:
    """Creates a contact, usually together with its position at an account."""
    if account is not None and not access.can_change_account(actor, account):
        raise NotAllowed("may not add contacts to this account")
    if account is None and not access.can_create_contact(actor):
        raise NotAllowed("may not create contacts")
    clean = contact_normalize({k: v for k, v in data.items() if k in CONTACT_FIELDS})
    contact = Contact(created_by=actor, **clean)
    contact.full_clean(exclude=NORMALIZED_CONTACT_FIELDS)
    contact.save()
    if account is not None:
        position_add(actor=actor, contact=contact, account=account, data=position or {})
    return contact


@service
def contact_update(
    *, actor: User, contact: Contact, expected_version: int, data: dict[str, Any]
) -> Contact:
    if not access.can_change_contact(actor, contact):
        raise NotAllowed("may not change this contact")
    clean = contact_normalize({k: v for k, v in data.items() if k in CONTACT_FIELDS})
    locked = lock_version(Contact, contact.pk, expected_version)
    for key, value in clean.items():
        setattr(locked, key, value)
    locked.full_clean(exclude=NORMALIZED_CONTACT_FIELDS)
    save_version(locked)
    return locked


def _check_dates(position: Position) -> None:
    """An end before the start is refused naming the end date (the database's check constraint
    `position_dates_ordered` would only name itself)."""
    start, end = position.start_date, position.end_date
    if start is not None and end is not None and end < start:
        raise ValidationError(
            {
                "end_date": ValidationError(
                    _("A position cannot end before it starts."), code="dates_order"
                )
            }
        )


@service
def position_add(
    *, actor: User, contact: Contact, account: Account, data: dict[str, Any]
) -> Position:
    if not access.can_change_account(actor, account):
        raise NotAllowed("may not change this account")
    position = Position(
        contact=contact,
        account=account,
        **{k: v for k, v in data.items() if k in POSITION_FIELDS and v is not None},
    )
    _check_dates(position)
    position.full_clean()
    position.save()
    return position


@service
def position_update(*, actor: User, position: Position, data: dict[str, Any]) -> Position:
    if not access.can_change_account(actor, position.account):
        raise NotAllowed("may not change this account")
    for key in POSITION_FIELDS:
        if key in data:
            setattr(position, key, data[key])
    _check_dates(position)
    position.full_clean()
    position.save()
    return position


@service
def position_end(*, actor: User, position: Position, end_date: Any) -> Position:
    """A contact leaves an account: the position is kept with its end date (history)."""
    return position_update(actor=actor, position=position, data={"end_date": end_date})


@service
def contact_delete(*, actor: User, contact: Contact) -> None:
    """Removes a contact with their positions (e.g. when they ask to be forgotten).

    The same rule as for deleting an account: a manager or administrator who may change it.
    """
    if not access.can_delete_contact(actor, contact):
        raise NotAllowed("may not delete this contact")
    contact.delete()
