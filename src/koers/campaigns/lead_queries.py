"""Reads of leads and responses, scoped by the access policy (decision 140): who reads the whole
file (marketing, administrators, the sales director) reads every lead and response; the others
the leads they recorded or own and those at accounts they may read, and the responses at
accounts they may read."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from koers.campaigns.lead_models import Lead, Response, ResponseKind
from koers.campaigns.models import Campaign, CampaignKind, MailingSend
from koers.core import access
from koers.core.models import User

LEAD_RELATED = ("campaign", "account", "contact", "owner", "recorded_by", "opportunity")
# The kinds of campaign with a place to meet people, where leads are recorded.
EVENT_KINDS = (
    CampaignKind.TRADE_FAIR,
    CampaignKind.SEMINAR,
    CampaignKind.CUSTOMER_EVENT,
    CampaignKind.WEBINAR,
)
# A fair is open for leads from a week before it starts until a month after it ends (the notes
# of the last day are typed in at the office).
OPEN_BEFORE, OPEN_AFTER = timedelta(days=7), timedelta(days=30)


def leads_filter(user: User) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if access.reads_everything(user):
        return Q()
    return Q(recorded_by=user) | Q(owner=user) | access.readable_through(user, "account")


def leads_readable(user: User) -> QuerySet[Lead]:
    return Lead.objects.filter(leads_filter(user))


def lead_for_detail(user: User, pk: int) -> Lead:
    """Raises Lead.DoesNotExist for a lead the user may not read."""
    return leads_readable(user).select_related(*LEAD_RELATED).get(pk=pk)


def lead_campaigns(user: User) -> QuerySet[Campaign]:
    """The campaigns `user` may record a lead for: events open for leads now, and any event
    they may read (a lead typed in later)."""
    if not access.can_record_leads(user):
        return Campaign.objects.none()
    from koers.campaigns.queries import campaigns_readable_filter  # it reads leads: no cycle

    today = timezone.localdate()
    open_now = Q(starts_on__lte=today + OPEN_BEFORE, ends_on__gte=today - OPEN_AFTER)
    return Campaign.objects.filter(
        Q(kind__in=EVENT_KINDS) & (open_now | campaigns_readable_filter(user))
    ).order_by("-starts_on", "-pk")


def responses_readable(user: User, campaign: Campaign) -> QuerySet[Response]:
    rows = Response.objects.filter(campaign=campaign)
    if not access.reads_everything(user):
        rows = rows.filter(access.readable_through(user, "account"))
    return rows.select_related("contact", "account").order_by("-at", "-pk")


def with_responses(rows: QuerySet[MailingSend]) -> QuerySet[MailingSend]:
    """The copies with whether each was clicked and answered (two EXISTS, no query per row)."""

    def kind(value: str) -> Exists:
        return Exists(Response.objects.filter(send=OuterRef("pk"), kind=value))

    return rows.annotate(clicked=kind(ResponseKind.CLICK), replied=kind(ResponseKind.REPLY))
