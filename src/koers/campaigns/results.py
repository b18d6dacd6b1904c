"""A campaign's results (decision 140): what it reached and what it brought, against its goals,
and per account manager how their accounts responded. Every figure is an aggregate in the
database, a fixed number of queries whatever the campaign's size:

- selected: the contacts of the selection (included and excluded); excluded by reason;
- sent, bounced, unsubscribed: the copies of its mailings (a bounced copy was sent);
- responded: the contacts with a response (click, reply, registration or lead), each once;
- leads; opportunities with this campaign as source and the revenue of the won ones;
- cost per lead (actual cost over leads) and return (won revenue over actual cost);
- registered and attended: `event_counts`, a hook for the events of the campaign.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from koers.campaigns.event_models import Event, RegistrationStatus
from koers.campaigns.lead_models import Lead, Response, ResponseKind
from koers.campaigns.models import Campaign, Exclusion, MailingSend, SelectionMember, SendStatus
from koers.core import access
from koers.core.models import Role, User
from koers.sales.models import Opportunity, Stage

ZERO = Decimal("0.00")
MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def event_counts(campaign: Campaign) -> dict[str, int | None]:
    """Registered (not cancelled; the waiting list counts) and attended (checked in, walk-ins
    included) over the campaign's events, in one query; None ("—") while it has no events."""
    found = Event.objects.filter(campaign=campaign).aggregate(
        events=Count("pk", distinct=True),
        registered=Count(
            "registrations",
            filter=~Q(registrations__status=RegistrationStatus.CANCELLED),
        ),
        attended=Count("registrations", filter=Q(registrations__checked_in_at__isnull=False)),
    )
    if not found["events"]:
        return {"registered": None, "attended": None}
    return {"registered": found["registered"], "attended": found["attended"]}


@dataclass
class Goal:
    label: str
    actual: Any
    goal: Any

    @property
    def share(self) -> int | None:
        """The actual as a whole percentage of the goal; None without a goal."""
        if not self.goal:
            return None
        return int(Decimal(self.actual) * 100 / Decimal(self.goal))


@dataclass
class OwnerRow:
    owner_id: int
    name: str
    sent: int = 0
    responded: int = 0
    leads: int = 0
    opportunities: int = 0

    @property
    def rate(self) -> int | None:
        return int(self.responded * 100 / self.sent) if self.sent else None


@dataclass
class Results:
    selected: int
    included: int
    excluded: dict[str, int]
    sent: int
    bounced: int
    unsubscribed: int
    responded: int
    responses: dict[str, int]
    registered: int | None
    attended: int | None
    leads: int
    opportunities: int
    won: int
    won_revenue: Decimal
    actual_cost: Decimal
    goals: list[Goal] = field(default_factory=list)
    owners: list[OwnerRow] = field(default_factory=list)

    @property
    def cost_per_lead(self) -> Decimal | None:
        if not self.leads:
            return None
        return (self.actual_cost / self.leads).quantize(Decimal("0.01"))

    @property
    def return_ratio(self) -> Decimal | None:
        """Won revenue over actual cost (2.50: each euro spent brought two and a half)."""
        if not self.actual_cost:
            return None
        return (self.won_revenue / self.actual_cost).quantize(Decimal("0.01"))

    @property
    def excluded_total(self) -> int:
        return sum(self.excluded.values())


def _members(campaign: Campaign) -> tuple[int, dict[str, int]]:
    rows = (
        SelectionMember.objects.filter(selection__campaign=campaign)
        .values("reason")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_reason = {row["reason"]: row["n"] for row in rows}
    excluded = {r.value: by_reason.get(r.value, 0) for r in Exclusion}
    return by_reason.get("", 0), excluded


def _sends(campaign: Campaign) -> dict[str, int]:
    went = Q(status__in=[SendStatus.SENT, SendStatus.BOUNCED])
    return MailingSend.objects.filter(mailing__campaign=campaign).aggregate(
        sent=Count("pk", filter=went),
        bounced=Count("pk", filter=Q(status=SendStatus.BOUNCED)),
        unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
    )


def _responses(campaign: Campaign) -> tuple[int, dict[str, int]]:
    rows = Response.objects.filter(campaign=campaign)
    kinds = {kind.value: Count("pk", filter=Q(kind=kind.value)) for kind in ResponseKind}
    found = rows.aggregate(responded=Count("contact", distinct=True), **kinds)
    return found.pop("responded"), found


def _deals(campaign: Campaign) -> dict[str, Any]:
    won = Q(stage=Stage.WON)
    return Opportunity.objects.filter(campaign=campaign).aggregate(
        opportunities=Count("pk"),
        won=Count("pk", filter=won),
        revenue=Coalesce(Sum("amount", filter=won), ZERO, output_field=MONEY),
    )


def _owners(campaign: Campaign) -> list[OwnerRow]:
    """Per account manager (the owner of the account a contact was reached at): copies sent,
    contacts who responded, leads and opportunities. Four grouped queries and one for names."""
    went = [SendStatus.SENT, SendStatus.BOUNCED]
    counts: dict[int, dict[str, int]] = {}

    def add(key: str, rows: Any, owner: str, counted: Count) -> None:
        for row in rows.values(owner).annotate(n=counted).order_by():
            if row[owner] is not None:
                counts.setdefault(row[owner], {})[key] = row["n"]

    sends = MailingSend.objects.filter(mailing__campaign=campaign, status__in=went)
    add("sent", sends, "account__owner", Count("pk"))
    responses = Response.objects.filter(campaign=campaign)
    add("responded", responses, "account__owner", Count("contact", distinct=True))
    add("leads", Lead.objects.filter(campaign=campaign), "owner", Count("pk"))
    add("opportunities", Opportunity.objects.filter(campaign=campaign), "owner", Count("pk"))
    names = {u.pk: str(u) for u in User.objects.filter(pk__in=counts)}
    rows = [OwnerRow(pk, names.get(pk, "—"), **values) for pk, values in counts.items()]
    return sorted(rows, key=lambda row: (-row.responded, -row.sent, row.name))


def campaign_results(campaign: Campaign) -> Results:
    included, excluded = _members(campaign)
    sends = _sends(campaign)
    responded, kinds = _responses(campaign)
    deals = _deals(campaign)
    leads = Lead.objects.filter(campaign=campaign).count()
    events = event_counts(campaign)
    results = Results(
        selected=included + sum(excluded.values()),
        included=included,
        excluded=excluded,
        sent=sends["sent"],
        bounced=sends["bounced"],
        unsubscribed=sends["unsubscribed"],
        responded=responded,
        responses=kinds,
        registered=events["registered"],
        attended=events["attended"],
        leads=leads,
        opportunities=deals["opportunities"],
        won=deals["won"],
        won_revenue=deals["revenue"],
        actual_cost=campaign.actual_cost,
        owners=_owners(campaign),
    )
    results.goals = _goals(campaign, results)
    return results


def _goals(campaign: Campaign, results: Results) -> list[Goal]:
    return [
        Goal(_("Responses"), results.responded, campaign.goal_responses),
        Goal(_("Leads"), results.leads, campaign.goal_leads),
        Goal(_("Opportunities"), results.opportunities, campaign.goal_opportunities),
        Goal(_("Won revenue"), results.won_revenue, campaign.goal_revenue),
    ]


def owner_rows_for(user: User, campaign: Campaign, rows: list[OwnerRow]) -> list[OwnerRow]:
    """The rows of the table per account manager that `user` sees: all for who reads the whole
    file and for the campaign's owner (decision 147), a manager their team's, the others (an
    account manager who reads the campaign because it touches their accounts) their own: the
    totals are the campaign's, but no colleague is named with their figures."""
    if access.reads_everything(user) or access.can_manage_campaign(
        user, owner_id=campaign.owner_id
    ):
        return rows
    people = {user.pk}
    if user.role == Role.MANAGER:
        people |= set(User.objects.filter(teams__manager=user).values_list("pk", flat=True))
    return [row for row in rows if row.owner_id in people]
