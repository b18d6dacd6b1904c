"""Rows that name a contact by Koers's id (the contacts export imported again): they change that
contact only, never an account, and only a contact the importer may change."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.core import access
from koers.core.models import User
from koers.transfer.changes import change

CHUNK = 5000


class ContactsById:
    """The contacts the rows name, loaded in a few queries, with those the importer may change."""

    def __init__(self, *, actor: User, prepared: list[dict[str, Any]], lock: bool) -> None:
        ids = sorted({p["contact_id"] for p in prepared if p.get("contact_id")})
        self.found: dict[int, Contact] = {}
        self.writable: set[int] = set()
        for start in range(0, len(ids), CHUNK):
            part = ids[start : start + CHUNK]
            query = Contact.objects.filter(pk__in=part)
            if lock:
                query = query.select_for_update(of=("self",))
            self.found.update((c.pk, c) for c in query.order_by("pk"))
            self.writable.update(
                access.contacts_writable(actor).filter(pk__in=part).values_list("pk", flat=True)
            )

    def resolve(self, result: Any, p: dict[str, Any]) -> tuple[Contact | None, set[str]]:
        """The contact and its changed fields (applied to it), or (None, set()) with an error
        on `result`."""
        contact = self.found.get(p["contact_id"])
        value = str(p["contact_id"])
        if contact is None:
            result.error("contact_koers_id", _("There is no contact with this Koers id."), value)
            return None, set()
        if contact.pk not in self.writable:
            message = _("This contact exists already and you may not change it.")
            result.error("contact_koers_id", message, value)
            return None, set()
        changed = set()
        for key, new in (p["contact"] or {}).items():
            # As everywhere in the import: an empty cell leaves the field as it is.
            if new and new != getattr(contact, key):
                result.changes.append(change(Contact, key, getattr(contact, key), new))
                setattr(contact, key, new)
                changed.add(key)
        # Named by Koers's own key: the changes are shown, and need no confirmation.
        result.contact_action = "update" if changed else "unchanged"
        return contact, changed
