"""What campaigns keeps of a person, cleared when their contact is erased (AVG/GDPR, decision
147): registered with accounts' erasure (`register_erasure_hook`), so that accounts imports no
campaign, and run inside its transaction.

A lead and a registration hold the person's details as they were typed (at the fair, on the
public page), apart from the contact's own: those are cleared, the records stay (a lead's
account, owner and opportunity, a registration's status and check-in count in the results).
A registration that matched nobody but carries the person's address is theirs too; one
matched to another contact (a shared address) is left to that person."""

from __future__ import annotations

from django.db.models import Q

from koers.accounts.models import Contact
from koers.accounts.services.privacy import ERASED
from koers.campaigns.event_models import Registration
from koers.campaigns.lead_models import Lead, Response
from koers.campaigns.models import MailingSend


def erase_contact(contact: Contact) -> None:
    """Clears the person's typed details in leads (name, e-mail, phone, company, the need they
    told), registrations (name, company, e-mail, answers), the address a mailing's copy went
    to, and the notes on their responses (a reply's gist)."""
    Lead.objects.filter(contact=contact).update(
        name=ERASED, email="", phone="", company=ERASED, need=""
    )
    theirs = Q(contact=contact)
    if contact.email:
        theirs |= Q(contact__isnull=True, email__iexact=contact.email)
    Registration.objects.filter(theirs).update(name=ERASED, company="", email="", answers={})
    MailingSend.objects.filter(contact=contact).update(email="")
    Response.objects.filter(contact=contact).update(note="")
