"""Recording a lead at a campaign's event and turning it into an opportunity (decision 140).

`lead_record` matches the conversation to the file (`lead_matching.suggest`), or makes a new
prospect with its contact, gives the lead its owner (the account's account manager, or the
recorder for a new prospect) and plans the owner's follow-up activity through relations'
`activity_plan`, and records the contact's `lead` response: one transaction, so a refusal
anywhere leaves no prospect, contact or activity behind.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, AccountStatus, Contact
from koers.accounts.services.accounts import account_create
from koers.accounts.services.contacts import contact_create
from koers.campaigns.lead_matching import NEW_PROSPECT, Match, split_name, suggest
from koers.campaigns.lead_models import FollowUpKind, Lead, LeadMatch, ResponseKind
from koers.campaigns.lead_queries import lead_campaigns
from koers.campaigns.models import Campaign
from koers.campaigns.responses import record_response
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.relations.services.activities import activity_plan
from koers.sales.models import Opportunity, Source
from koers.sales.opportunities.services.opportunities import opportunity_create

# The follow-up is planned for this hour of its day; the owner moves it in the agenda.
FOLLOW_UP_AT = time(9, 0)
# A deal from a fair is expected to close in about a quarter.
CLOSE_AFTER = timedelta(days=90)


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check(campaign: Campaign, actor: User, name: str, company: str, follow_up_on: date) -> None:
    if not lead_campaigns(actor).filter(pk=campaign.pk).exists():
        raise _error("campaign", _("Choose an event that is open for leads."), "not_open")
    errors = {}
    if not name.strip():
        errors["name"] = ValidationError(_("Who did you talk to?"), code="required")
    if not company.strip():
        errors["company"] = ValidationError(_("Which company?"), code="required")
    if follow_up_on < timezone.localdate():
        errors["follow_up_on"] = ValidationError(_("The follow-up lies in the past."), code="past")
    if errors:
        raise ValidationError(errors)


def _writer(actor: User, account: Account) -> User:
    """Who writes on the matched account: the recorder when they may change it, else its
    account manager, to whom the lead goes (the recorder stays on the lead as its recorder)."""
    return actor if access.can_change_account(actor, account) else account.owner


def _owner(actor: User, match: Match) -> User:
    owner = match.account.owner if match.account is not None else None
    return owner if owner is not None and owner.is_active else actor


def _person(name: str, email: str, phone: str) -> dict[str, str]:
    first, last = split_name(name.strip())
    return {"first_name": first, "last_name": last, "email": email.strip(), "phone": phone}


def _file(actor: User, match: Match, *, name: str, email: str, phone: str, company: str) -> Match:
    """The account and contact of the lead, created where the match has none."""
    if match.kind == LeadMatch.CONTACT:
        return match
    if match.kind == LeadMatch.ACCOUNT and match.account is not None:
        account = match.account
        writer = _writer(actor, account)
    else:
        if not access.can_create_account(actor):
            raise NotAllowed(_("You may not add prospects to the customer file."))
        data = {"name": company.strip(), "status": AccountStatus.PROSPECT, "owner": actor}
        account = account_create(actor=actor, data=data)
        writer = actor
    contact: Contact = contact_create(
        actor=writer, data=_person(name, email, phone), account=account
    )
    return Match(match.kind, account, contact)


@service
def lead_record(
    *,
    actor: User,
    campaign: Campaign,
    name: str,
    company: str,
    follow_up_on: date,
    email: str = "",
    phone: str = "",
    need: str = "",
    follow_up_kind: str = FollowUpKind.PHONE_CALL,
    new_prospect: bool = False,
) -> Lead:
    """A lead at `campaign`'s event, matched to the file as `suggest` finds it (or a new
    prospect when the recorder chose so), with its owner and the follow-up activity."""
    if not access.can_record_leads(actor):
        raise NotAllowed(_("You may not record leads."))
    _check(campaign, actor, name, company, follow_up_on)
    found = NEW_PROSPECT if new_prospect else suggest(email=email, company=company, name=name)
    match = _file(actor, found, name=name, email=email, phone=phone, company=company)
    assert match.account is not None and match.contact is not None
    owner = _owner(actor, match)
    need = need.strip()
    start = timezone.make_aware(datetime.combine(follow_up_on, FOLLOW_UP_AT))
    activity = activity_plan(
        actor=_writer(actor, match.account),
        account=match.account,
        kind=follow_up_kind,
        subject=(_("Follow-up of %(campaign)s") % {"campaign": campaign.name})[:200],
        planned_start=start,
        duration=30,
        owner=owner,
        contacts=[match.contact],
        instructions=need,
    )
    lead = Lead(
        campaign=campaign,
        name=name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        company=company.strip(),
        need=need,
        follow_up_on=follow_up_on,
        follow_up_kind=follow_up_kind,
        match=match.kind,
        account=match.account,
        contact=match.contact,
        owner=owner,
        recorded_by=actor,
        follow_up=activity,
    )
    lead.full_clean()
    lead.save()
    record_response(
        contact=match.contact,
        campaign=campaign,
        kind=ResponseKind.LEAD,
        account=match.account,
        by=actor,
    )
    return lead


def _title(lead: Lead) -> str:
    first_line = lead.need.strip().splitlines()[0] if lead.need.strip() else ""
    title = first_line or _("Lead at %(campaign)s") % {"campaign": lead.campaign.name}
    return title[:200]


@service
def lead_convert(*, actor: User, lead: Lead) -> Opportunity:
    """The lead as an opportunity of its account, the campaign as its source, its contact in
    the deal's DMU and its owner as the deal's; once: a second call returns the same one."""
    locked = Lead.objects.select_for_update().select_related("campaign").get(pk=lead.pk)
    if locked.opportunity_id is not None:
        return Opportunity.objects.get(pk=locked.opportunity_id)
    opportunity = opportunity_create(
        actor=actor,
        account=locked.account,
        title=_title(locked),
        need=locked.need,
        close_on=timezone.localdate() + CLOSE_AFTER,
        source=Source.CAMPAIGN,
        campaign=locked.campaign,
        owner=locked.owner if locked.owner.is_active else None,
        contacts=[locked.contact],
    )
    locked.opportunity = opportunity
    locked.save(update_fields=["opportunity"])
    lead.opportunity = opportunity
    return opportunity
