"""The person's rights under the AVG/GDPR: access to everything Koers holds about a contact,
and erasure (anonymisation) of a contact on request. One transaction each."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Model, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact, PersonalDataExport, Position
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service

ERASED = "Verwijderd"

# What identifies the person: replaced on the contact and on every history row of it.
_ERASED_VALUES: dict[str, Any] = {
    "first_name": "",
    "last_name": ERASED,
    "email": "",
    "phone": "",
    "mobile": "",
    "personal_interests": "",
    "notes": "",
    "consent_source": "",
}

CONTACT_FIELDS = (
    "first_name", "last_name", "email", "phone", "mobile", "preferred_language",
    "personal_interests", "mailing_consent", "consent_date", "consent_source", "opted_out",
    "opted_out_at", "notes", "created_at",
)  # fmt: skip
_CONSENT_FIELDS = ("mailing_consent", "consent_date", "consent_source", "opted_out", "opted_out_at")
_POSITION_FIELDS = (
    "account_id", "job_title", "buying_role", "attitude", "start_date", "end_date",
)  # fmt: skip


@dataclass(frozen=True)
class PersonalDataSource:
    """What a later app holds about a person (relations: the activities they took part in, the
    reports, the commitments, and free text naming them), registered in its `ready()`, so that
    the export and the erasure cover it without accounts knowing the app.

    `export(contact)`: rows of {"when", "account", "what", "text", ...} (the readable page shows
    the first four; the JSON has every key). `erase(contact, name)`: replace the person's name
    (a compiled pattern of their full name) in the app's free text and its history rows, inside
    the erasure's transaction; what does not identify the person (that a visit took place) stays.
    """

    key: str
    title: Any
    export: Callable[[Contact], list[dict[str, Any]]]
    erase: Callable[[Contact, re.Pattern[str]], None]


_SOURCES: dict[str, PersonalDataSource] = {}


def register_source(source: PersonalDataSource) -> None:
    _SOURCES[source.key] = source


def sources() -> list[PersonalDataSource]:
    return list(_SOURCES.values())


# The records a later app keeps *of* the person, by a key to the contact rather than by their
# name in free text (campaigns: a lead's and a registration's details as typed): each hook
# clears its copies of the person's details inside the erasure's transaction, whatever the
# contact's name. Registered in the app's `ready()`, so accounts imports no later app.
ErasureHook = Callable[[Contact], None]
_ERASURE_HOOKS: dict[str, ErasureHook] = {}


def register_erasure_hook(key: str, hook: ErasureHook) -> None:
    """`hook(contact)` runs in `contact_erase` before the contact's own details are cleared (it
    still reads their e-mail address); registering a key again replaces its hook."""
    _ERASURE_HOOKS[key] = hook


def legal_holds(contact: Contact) -> list[str]:
    """Why the contact must be kept by law (an open contract, an invoice): none in Koers yet.
    The erasure refuses while this returns a reason; later modules add theirs here."""
    return []


def contact_personal_data(*, user: User, contact: Contact) -> dict[str, Any]:
    """Everything Koers holds about the person, positions at every account included: the
    person's right is to all of it, so `can_export_personal_data` restricts who asks.

    The one query behind both exports: the JSON download encodes it as it is (dates in ISO
    8601), the readable page shows the same dict with labels and Dutch dates."""
    if not access.can_export_personal_data(user, contact):
        raise NotAllowed(_("You may not export this contact's personal data."))
    history = [
        {f: getattr(h, f) for f in CONTACT_FIELDS}
        | {"changed_at": h.history_date, "change": h.history_type}
        for h in contact.history.order_by("history_date", "history_id")
    ]
    return {
        "contact": {f: getattr(contact, f) for f in CONTACT_FIELDS} | {"id": contact.pk},
        "positions": [
            {f: getattr(p, f) for f in _POSITION_FIELDS} | {"account": p.account.name}
            for p in contact.positions.select_related("account").order_by("pk")
        ],
        "consent_history": _consent_changes(history),
        "mentions": mentions(contact),
        "history": history,
        "position_history": _position_history(contact),
        **{source.key: source.export(contact) for source in sources()},
    }


def mentions(contact: Contact) -> list[dict[str, Any]]:
    """Free text elsewhere in Koers that names the person: account notes holding their full
    name (first and last; a last name alone would name strangers too). Activities and visit
    reports add theirs here when they exist."""
    if not contact.first_name or not contact.last_name:
        return []
    accounts = Account.objects.filter(notes__icontains=contact.full_name).order_by("name", "pk")
    return [
        {"where": "account_notes", "account": a.name, "text": a.notes}
        for a in accounts.only("name", "notes")
    ]


def _position_history(contact: Contact) -> list[dict[str, Any]]:
    rows = list(
        Position.history.filter(contact_id=contact.pk).order_by("history_date", "history_id")
    )
    names = dict(
        Account.objects.filter(pk__in={h.account_id for h in rows}).values_list("pk", "name")
    )
    return [
        {f: getattr(h, f) for f in _POSITION_FIELDS}
        | {"account": names.get(h.account_id, ""), "changed_at": h.history_date}
        | {"change": h.history_type}
        for h in rows
    ]


def _consent_changes(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history rows in which the consent for mailings changed (the first one always)."""
    changes: list[dict[str, Any]] = []
    for row in history:
        consent = {f: row[f] for f in _CONSENT_FIELDS}
        if not changes or {f: changes[-1][f] for f in _CONSENT_FIELDS} != consent:
            changes.append(consent | {"changed_at": row["changed_at"]})
    return changes


def full_name_pattern(contact: Contact) -> re.Pattern[str]:
    return re.compile(re.escape(contact.full_name), re.IGNORECASE)


def own_copy_pattern(contact: Contact) -> re.Pattern[str]:
    """The full name, and the first and the last name as words: for text addressed to the person
    (their copy of a mail, their letter), where "Beste Annabel" names them too, unlike free
    text elsewhere, where a last name alone would name strangers."""
    names = [n for n in (contact.full_name, contact.last_name, contact.first_name) if n.strip()]
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE)


def erase_name_in(
    model: type[Model],
    fields: tuple[str, ...],
    contact: Contact,
    name: re.Pattern[str],
    rows: Q | None = None,
) -> None:
    """Replaces the person in `fields` of `model`'s rows that hold their full name (or, with
    `rows`, of those rows) and of its history rows, for a source's `erase`. A record with a
    version moves on, so that a form opened before cannot save the name back."""
    named = rows if rows is not None else _naming(fields, contact.full_name)
    versioned = any(f.name == "version" for f in model._meta.concrete_fields)
    manager = model._default_manager
    for obj in manager.select_for_update().filter(named).only(*fields):
        changes: dict[str, Any] = {f: name.sub(ERASED, getattr(obj, f)) for f in fields}
        if versioned:
            changes["version"] = F("version") + 1
        manager.filter(pk=obj.pk).update(**changes)
    history = getattr(model, "history", None)
    if history is None:
        return
    ids = list(manager.filter(named).values_list("pk", flat=True)) if rows is not None else None
    found = history.filter(id__in=ids) if ids is not None else history.filter(named)
    for row in found:
        history.filter(history_id=row.history_id).update(
            **{f: name.sub(ERASED, getattr(row, f)) for f in fields}
        )


def _naming(fields: tuple[str, ...], name: str) -> Q:
    found = Q()
    for field in fields:
        found |= Q(**{f"{field}__icontains": name})
    return found


def _erase_mentions(contact: Contact) -> None:
    """The person's full name in the notes of accounts (and of their history rows) becomes
    ERASED: the same free text `mentions` exports. The account's version moves on, so that a
    form opened before cannot save the name back."""
    if not contact.first_name or not contact.last_name:
        return
    name = full_name_pattern(contact)
    for source in sources():
        source.erase(contact, name)
    named = Q(notes__icontains=contact.full_name)
    for account in Account.objects.select_for_update().filter(named).only("notes", "version"):
        Account.objects.filter(pk=account.pk).update(
            notes=name.sub(ERASED, account.notes), version=F("version") + 1
        )
    for row in Account.history.filter(named).only("history_id", "notes"):
        Account.history.filter(history_id=row.history_id).update(notes=name.sub(ERASED, row.notes))


@service
def personal_data_export(*, actor: User, contact: Contact, fmt: str) -> dict[str, Any]:
    """`contact_personal_data` as `actor` reads it, logged (who, which contact, which format,
    when) in the same transaction: no export leaves Koers without its row in the log."""
    data = contact_personal_data(user=actor, contact=contact)
    PersonalDataExport.objects.create(
        contact=contact, contact_number=contact.pk, exported_by=actor, format=fmt
    )
    return data


@service
def contact_erase(*, actor: User, contact: Contact, reason: str) -> Contact:
    """Anonymises the contact and its history rows; positions stay (job title cleared) so the
    statistics per account stay. The reason is recorded as the change reason of the history."""
    if not access.can_erase_contact(actor, contact):
        raise NotAllowed(_("You may not erase this contact."))
    if not reason.strip():
        raise NotAllowed(_("Say why the contact is erased."))
    holds = legal_holds(contact)
    if holds:
        raise NotAllowed(" ".join(holds))
    locked = Contact.objects.select_for_update().get(pk=contact.pk)
    if locked.erased_at is not None:
        raise NotAllowed(_("This contact's personal data is erased already."))
    _erase_mentions(locked)
    for hook in _ERASURE_HOOKS.values():
        hook(locked)
    contact.history.all().update(**_ERASED_VALUES)
    for position in locked.positions.all():
        position.history.all().update(job_title="")
    locked.positions.update(job_title="")
    for field, value in _ERASED_VALUES.items():
        setattr(locked, field, value)
    locked.erased_at = timezone.now()
    locked.version += 1
    locked._change_reason = f"erased: {reason.strip()}"  # type: ignore[attr-defined]
    locked.save()
    return locked
