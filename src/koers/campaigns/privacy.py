"""What campaigns keeps of a person, cleared when their contact is erased (AVG/GDPR, decision
147): registered with accounts' erasure (`register_erasure_hook`), so that accounts imports no
campaign, and run inside its transaction.

A lead and a registration hold the person's details as they were typed (at the fair, on the
public page), apart from the contact's own: those are cleared, the records stay (a lead's
account, owner and opportunity, a registration's status and check-in count in the results).
A registration that matched nobody but carries the person's address is theirs too; one
matched to another contact (a shared address) is left to that person."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import F, Q
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Contact
from koers.accounts.services.privacy import ERASED, PersonalDataSource, erase_name_in
from koers.campaigns.event_models import Registration
from koers.campaigns.lead_models import Lead, Response
from koers.campaigns.models import MailingSend
from koers.relations.models import Activity
from koers.sales.models import Opportunity


def erase_contact(contact: Contact) -> None:
    """Clears the person's typed details in leads (name, e-mail, phone, company, the need they
    told) and in the copies of the need (the follow-up's instructions, the opportunity made of
    the lead), registrations (name, company, e-mail, answers), the address a mailing's copy went
    to, and the notes on their responses (a reply's gist)."""
    for lead in Lead.objects.filter(contact=contact).select_related("opportunity"):
        _erase_copies(lead, contact)
    Lead.objects.filter(contact=contact).update(
        name=ERASED, email="", phone="", company=ERASED, need=""
    )
    Registration.objects.filter(_their_registrations(contact)).update(
        name=ERASED, company="", email="", answers={}
    )
    MailingSend.objects.filter(contact=contact).update(email="")
    Response.objects.filter(contact=contact).update(note="")


# Name parts that name nobody on their own ("Jan van der Berg": "van", "der").
_PARTICLES = frozenset(
    {"van", "der", "den", "de", "het", "ter", "ten", "te", "von", "la", "le", "du", "da", "di"}
)
_SEPARATORS = r"[\s\-./()]*"


def _phone(number: str) -> str | None:
    """The number's digits whatever the way it was written ("020-123 4567", "+31 20 1234567");
    none for a number too short to tell from any other figure in the text."""
    digits = re.sub(r"\D", "", number)
    if len(digits) < 6:
        return None
    if digits.startswith("0031"):
        digits = "0" + digits[4:]
    elif digits.startswith("31") and number.strip().startswith("+"):
        digits = "0" + digits[2:]
    if not digits.startswith("0"):
        return rf"(?<!\d){_SEPARATORS.join(digits)}(?!\d)"
    # A Dutch number: 020…, +31 20…, 0031 20…, +31 (0)20….
    prefix = rf"(?:0|(?:\+|00)31{_SEPARATORS}(?:\(0\))?)"
    return rf"(?<![\d+]){prefix}{_SEPARATORS}{_SEPARATORS.join(digits[1:])}(?!\d)"


def typed_values(lead: Lead, contact: Contact) -> re.Pattern[str] | None:
    """The person's values as typed in the lead and as the contact holds them: the name, its
    parts (first name, last name: "bel Annabel" names her in a lead's need, unlike free text
    elsewhere), the e-mail addresses and the phone numbers however they were written."""
    names = {n.strip() for n in (lead.name, contact.full_name) if n.strip()}
    for name in [*names, contact.first_name, contact.last_name]:
        names |= {w for w in name.split() if len(w) > 2 and w.lower() not in _PARTICLES}
    alternatives = [rf"\b{re.escape(n)}\b" for n in sorted(names, key=len, reverse=True)]
    emails = {e.strip() for e in (lead.email, contact.email) if e.strip()}
    alternatives[:0] = [re.escape(e) for e in sorted(emails, key=len, reverse=True)]
    phones = {p for n in (lead.phone, contact.phone, contact.mobile) if (p := _phone(n))}
    alternatives[:0] = sorted(phones, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile("|".join(alternatives), re.IGNORECASE)


def neutral_title(lead: Lead) -> str:
    when = timezone.localtime(lead.created_at).date()
    return gettext("Lead %(date)s") % {"date": formats.date_format(when, "SHORT_DATE_FORMAT")}


def _erase_copies(lead: Lead, contact: Contact) -> None:
    """The lead's need was copied into its follow-up's instructions and, on conversion, into
    the opportunity (its first line as the title, the whole as the customer's need). The typed
    values are replaced there and in their history rows; a title made of the need becomes
    "Lead <date>", since even without the values it retells what the person told."""
    pattern = typed_values(lead, contact)
    if pattern is None:
        return
    if lead.follow_up_id is not None:
        erase_name_in(Activity, ("instructions",), contact, pattern, rows=Q(pk=lead.follow_up_id))
    opportunity = lead.opportunity
    if opportunity is None:
        return
    first_line = lead.need.strip().splitlines()[0][:200] if lead.need.strip() else ""
    if first_line:
        neutral = neutral_title(lead)
        Opportunity.objects.filter(pk=opportunity.pk, title=first_line).update(
            title=neutral, version=F("version") + 1
        )
        Opportunity.history.filter(id=opportunity.pk, title=first_line).update(title=neutral)
    erase_name_in(Opportunity, ("title", "need"), contact, pattern, rows=Q(pk=opportunity.pk))


# -- The person's right of access: what campaigns holds of them, for accounts' export --------


def _their_registrations(contact: Contact) -> Q:
    """The registrations the erasure clears: the contact's, and those that matched nobody but
    carry their address."""
    theirs = Q(contact=contact)
    if contact.email:
        theirs |= Q(contact__isnull=True, email__iexact=contact.email)
    return theirs


def _lead_rows(contact: Contact) -> list[dict[str, Any]]:
    leads = Lead.objects.filter(contact=contact).select_related("campaign", "account")
    return [
        {
            "record": "lead",
            "id": lead.pk,
            "when": lead.created_at,
            "account": lead.account.name,
            "what": str(_("Lead at %(campaign)s") % {"campaign": lead.campaign.name}),
            "text": "\n".join(t for t in (lead.name, lead.email, lead.phone, lead.need) if t),
            "campaign": lead.campaign.name,
            "name": lead.name,
            "company": lead.company,
            "email": lead.email,
            "phone": lead.phone,
            "need": lead.need,
            "follow_up_on": lead.follow_up_on,
            "follow_up_kind": lead.follow_up_kind,
            "follow_up_activity_id": lead.follow_up_id,
            "opportunity_id": lead.opportunity_id,
        }
        for lead in leads.order_by("created_at", "pk")
    ]


def _answers(answers: dict[str, Any]) -> str:
    return "\n".join(f"{question}: {answer}" for question, answer in answers.items())


def _registration_rows(contact: Contact) -> list[dict[str, Any]]:
    registrations = Registration.objects.filter(_their_registrations(contact)).select_related(
        "event", "account"
    )
    return [
        {
            "record": "registration",
            "id": r.pk,
            "when": r.registered_at,
            "account": r.account.name if r.account else "",
            "what": str(
                _("Registration for %(event)s: %(status)s")
                % {"event": r.event.name, "status": r.get_status_display()}
            ),
            "text": _answers(r.answers),
            "event": r.event.name,
            "event_starts_at": r.event.starts_at,
            "status": r.status,
            "source": r.source,
            "name": r.name,
            "company": r.company,
            "email": r.email,
            "language": r.language,
            "answers": r.answers,
            "registered_at": r.registered_at,
            "moved_up_at": r.moved_up_at,
            "cancelled_at": r.cancelled_at,
            "checked_in_at": r.checked_in_at,
        }
        for r in registrations.order_by("registered_at", "pk")
    ]


def _response_rows(contact: Contact) -> list[dict[str, Any]]:
    found = Response.objects.filter(contact=contact).select_related("campaign", "account")
    return [
        {
            "record": "response",
            "id": r.pk,
            "when": r.at,
            "account": r.account.name if r.account else "",
            "what": str(
                _("Response to %(campaign)s: %(kind)s")
                % {"campaign": r.campaign.name, "kind": r.get_kind_display()}
            ),
            "text": r.note,
            "campaign": r.campaign.name,
            "kind": r.kind,
            "at": r.at,
            "note": r.note,
        }
        for r in found.order_by("at", "pk")
    ]


def _subject(send: MailingSend) -> str:
    mailing = send.mailing
    return mailing.subject_en if send.language == "en" else mailing.subject_nl


def _send_rows(contact: Contact) -> list[dict[str, Any]]:
    """Each copy of a mailing sent (or meant) to the person, and, apart, each unsubscribe
    through one of them: the date and the way (the page, or the mail program's one click)."""
    sends = list(
        MailingSend.objects.filter(contact=contact)
        .select_related("mailing__campaign", "account")
        .order_by("pk")
    )
    rows: list[dict[str, Any]] = []
    for send in sends:
        account = send.account.name if send.account else ""
        rows.append(
            {
                "record": "mailing_copy",
                "id": send.pk,
                "when": send.sent_at,
                "account": account,
                "what": str(
                    _("Mailing %(subject)s: %(status)s")
                    % {"subject": _subject(send), "status": send.get_status_display()}
                ),
                "text": send.email,
                "campaign": send.mailing.campaign.name,
                "mailing_id": send.mailing_id,
                "subject": _subject(send),
                "status": send.status,
                "reason": send.reason,
                "email": send.email,
                "language": send.language,
                "sent_at": send.sent_at,
                "bounced_at": send.bounced_at,
                "unsubscribed_at": send.unsubscribed_at,
            }
        )
    for send in sends:
        if send.unsubscribed_at is None:
            continue
        rows.append(
            {
                "record": "unsubscribe",
                "id": send.pk,
                "when": send.unsubscribed_at,
                "account": send.account.name if send.account else "",
                "what": str(_("Unsubscribed through %(subject)s") % {"subject": _subject(send)}),
                "text": send.unsubscribed_via,
                "mailing_id": send.mailing_id,
                "at": send.unsubscribed_at,
                "source": send.unsubscribed_via,
            }
        )
    return rows


def export(contact: Contact) -> list[dict[str, Any]]:
    """Leads, registrations, responses, mailing copies and unsubscribes of the person: rows
    as accounts' export reads them (`when`, `account`, `what`, `text` on the page, every key in
    the JSON), each with its `record`."""
    return (
        _lead_rows(contact)
        + _registration_rows(contact)
        + _response_rows(contact)
        + _send_rows(contact)
    )


def _erase_by_name(contact: Contact, name: re.Pattern[str]) -> None:
    """Nothing: campaigns clears its records by key in `erase_contact` (an erasure hook), which
    runs for every contact, whether or not their full name is known."""


SOURCE = PersonalDataSource(
    key="campaigns",
    title=_("Campaigns: leads, registrations, responses and mailings"),
    export=export,
    erase=_erase_by_name,
)
