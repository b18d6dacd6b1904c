"""What the gifts register holds about a person, for their right of access and of erasure
(decision 62, accounts/services/privacy.py): the gifts given to or received from them, and
gifts whose text names them.

Erasure clears the personal interest a gift played on (personal data about the person, as the
contact's own interests, which the erasure clears) and replaces their full name in the gifts'
free text and history rows; the gifts stay, linked to the anonymised contact: what was given and
its value is the ethics register the manager must keep.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Contact
from koers.accounts.services.privacy import PersonalDataSource, erase_name_in
from koers.core.pdf import money
from koers.gifts.models import Gift

TEXT_FIELDS = ("description", "occasion", "interest", "decision_comment")


def _named(contact: Contact) -> Q:
    found = Q(contact=contact)
    if contact.first_name and contact.last_name:
        for field in TEXT_FIELDS:
            found |= Q(**{f"{field}__icontains": contact.full_name})
    return found


def export(contact: Contact) -> list[dict[str, Any]]:
    gifts = (
        Gift.objects.filter(_named(contact))
        .select_related("account", "person")
        .order_by("date", "pk")
    )
    return [
        {
            "record": "gift",
            "id": gift.pk,
            "when": gift.date,
            "account": gift.account.name,
            "what": f"{gift.get_direction_display()}: {gift.description} ({money(gift.value)})",
            "direction": gift.direction,
            "kind": gift.kind,
            "value": str(gift.value),
            "status": gift.status,
            "occasion": gift.occasion,
            "interest": gift.interest,
            "colleague": str(gift.person),
            "text": "\n".join(
                t for t in (gift.occasion, gift.interest, gift.decision_comment) if t
            ),
        }
        for gift in gifts
    ]


def erase(contact: Contact, name: re.Pattern[str]) -> None:
    own = Gift.objects.filter(contact=contact)
    Gift.history.filter(id__in=own.values("pk")).update(interest="")
    own.exclude(interest="").update(interest="", version=F("version") + 1)
    erase_name_in(Gift, TEXT_FIELDS, contact, name)


SOURCE = PersonalDataSource(
    key="gifts",
    title=_("Gifts and hospitality"),
    export=export,
    erase=erase,
)
