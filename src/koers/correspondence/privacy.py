"""What correspondence holds about a person, for their right of access and of erasure (decision
62, accounts/services/privacy.py): the e-mails sent to them (their copy: address, name, text)
and the letters written to them, with the activities that record them on the timeline.

Erasure: their copy of a mail and their letter are addressed to them, so there their first and
last name are replaced as words too ("Beste Annabel"), their address in the copy becomes an
address of no one (unique per copy, as a mail names each address once), and the letter's PDF,
which cannot be edited, is deleted after the commit (the letter's row stays, so the timeline
still says a letter went out; its download is then "not found"). The text a colleague typed for
a mail to several people loses only the full name, as free text elsewhere.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Contact
from koers.accounts.services.privacy import (
    ERASED,
    PersonalDataSource,
    erase_name_in,
    own_copy_pattern,
)
from koers.correspondence.models import Letter, SentMail, SentMailRecipient
from koers.relations.models import Activity


def export(contact: Contact) -> list[dict[str, Any]]:
    copies = (
        SentMailRecipient.objects.filter(contact=contact)
        .select_related("mail__account")
        .order_by("mail__created_at", "pk")
    )
    rows = [
        {
            "record": "sent_mail",
            "id": copy.mail_id,
            "when": copy.sent_at or copy.mail.created_at,
            "account": copy.mail.account.name,
            "what": f"{_('E-mail')}: {copy.subject}",
            "email": copy.email,
            "sent": copy.sent_at is not None,
            "text": copy.body,
        }
        for copy in copies
    ]
    letters = Letter.objects.filter(contact=contact).select_related("account")
    rows += [
        {
            "record": "letter",
            "id": letter.pk,
            "when": letter.created_at,
            "account": letter.account.name,
            "what": f"{_('Letter')}: {letter.subject}",
            "address": letter.address,
            "text": letter.body,
        }
        for letter in letters.order_by("created_at", "pk")
    ]
    return rows


def erase(contact: Contact, name: re.Pattern[str]) -> None:
    own = own_copy_pattern(contact)
    if contact.email:
        # The address first: "anna.zwanenburg@…" goes as a whole, not only its last name.
        own = re.compile(rf"{re.escape(contact.email)}|{own.pattern}", re.IGNORECASE)
    activities = set(
        SentMailRecipient.objects.filter(contact=contact, mail__activity__isnull=False).values_list(
            "mail__activity_id", flat=True
        )
    )
    activities |= set(
        Letter.objects.filter(contact=contact, activity__isnull=False).values_list(
            "activity_id", flat=True
        )
    )
    for copy in SentMailRecipient.objects.select_for_update().filter(contact=contact):
        copy.email = f"verwijderd-{copy.pk}@example.invalid"
        copy.name = ERASED
        copy.subject = own.sub(ERASED, copy.subject)
        copy.body = own.sub(ERASED, copy.body)
        copy.save(update_fields=["email", "name", "subject", "body"])
    for letter in Letter.objects.select_for_update().filter(contact=contact):
        letter.subject = own.sub(ERASED, letter.subject)
        letter.body = own.sub(ERASED, letter.body)
        letter.address = [own.sub(ERASED, line) for line in letter.address]
        letter.save(update_fields=["subject", "body", "address"])
        if letter.pdf.name:
            transaction.on_commit(partial(letter.pdf.storage.delete, letter.pdf.name))
    for model in (SentMail, SentMailRecipient, Letter):
        erase_name_in(model, ("subject", "body"), contact, name)
    # The mail's or letter's activity on the timeline: its outcome holds the copy as sent.
    rows = Q(pk__in=activities)
    erase_name_in(Activity, ("subject", "outcome"), contact, own, rows=rows)


SOURCE = PersonalDataSource(
    key="correspondence",
    title=_("E-mails and letters"),
    export=export,
    erase=erase,
)
