"""The person's rights under the AVG/GDPR: access to everything Koers holds about a contact,
and erasure (anonymisation) of a contact on request. One transaction each."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from koers.accounts.models import Contact
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

_CONTACT_FIELDS = (
    "first_name", "last_name", "email", "phone", "mobile", "preferred_language",
    "personal_interests", "mailing_consent", "consent_date", "consent_source", "opted_out",
    "opted_out_at", "notes", "created_at",
)  # fmt: skip


def legal_holds(contact: Contact) -> list[str]:
    """Why the contact must be kept by law (an open contract, an invoice): none in Koers yet.
    The erasure refuses while this returns a reason; later modules add theirs here."""
    return []


def contact_personal_data(*, user: User, contact: Contact) -> dict[str, Any]:
    """Everything Koers holds about the person, positions at every account included: the
    person's right is to all of it, so `can_export_personal_data` restricts who asks."""
    if not access.can_export_personal_data(user, contact):
        raise NotAllowed(_("You may not export this contact's personal data."))
    return {
        "contact": {f: _plain(getattr(contact, f)) for f in _CONTACT_FIELDS} | {"id": contact.pk},
        "positions": [
            {
                "account": p.account.name,
                "job_title": p.job_title,
                "buying_role": p.buying_role,
                "attitude": p.attitude,
                "start_date": _plain(p.start_date),
                "end_date": _plain(p.end_date),
            }
            for p in contact.positions.select_related("account").order_by("pk")
        ],
        "history": [
            {f: _plain(getattr(h, f)) for f in _CONTACT_FIELDS}
            | {"changed_at": _plain(h.history_date), "change": h.history_type}
            for h in contact.history.order_by("history_date", "history_id")
        ],
    }


def _plain(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


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
    contact.history.all().update(**_ERASED_VALUES)
    for position in locked.positions.all():
        position.history.all().update(job_title="")
    locked.positions.update(job_title="")
    for field, value in _ERASED_VALUES.items():
        setattr(locked, field, value)
    locked.version += 1
    locked._change_reason = f"erased: {reason.strip()}"  # type: ignore[attr-defined]
    locked.save()
    return locked
