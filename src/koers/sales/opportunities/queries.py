"""Reads of opportunities, scoped by the access policy: an opportunity is readable and writable
like its account (`access.scope_through_account`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.relations.models import Activity, ActivityStatus
from koers.sales.models import (
    OPEN_STAGES,
    Competitor,
    DealContact,
    Opportunity,
    OpportunityMember,
    StageChange,
    StageSetting,
)


def opportunities_readable(user: User) -> QuerySet[Opportunity]:
    return access.scope_through_account(Opportunity.objects.all(), user)


def opportunities_readable_for_page(user: User) -> QuerySet[Opportunity]:
    """The same opportunities, for walking a list in order (`access.through_account_for_page`)."""
    return Opportunity.objects.filter(access.through_account_for_page(user))


def opportunities_writable(user: User) -> QuerySet[Opportunity]:
    return access.scope_through_account(Opportunity.objects.all(), user, write=True)


def may_change(user: User, opportunity: Opportunity) -> bool:
    return opportunities_writable(user).filter(pk=opportunity.pk).exists()


def may_create_for(user: User, account: Account) -> bool:
    return access.can_change_account(user, account)


def opportunity_for_detail(user: User, pk: int) -> Opportunity:
    """Raises Opportunity.DoesNotExist for one the user may not read; the related rows of the
    page are taken with it."""
    return (
        opportunities_readable(user)
        .select_related(
            "account",
            "account__owner",
            "branch",
            "owner",
            "lost_to",
            "decided_by",
            "room_approved_by",
        )
        .prefetch_related(
            Prefetch(
                "deal_contacts",
                DealContact.objects.select_related("contact").order_by("pk"),
            ),
            Prefetch("members", OpportunityMember.objects.select_related("user")),
            Prefetch("stage_changes", StageChange.objects.select_related("by")),
            "competitors",
            "lines__product",
        )
        .get(pk=pk)
    )


def stage_settings() -> dict[str, StageSetting]:
    """Every stage's setting, by stage (one query)."""
    return {s.stage: s for s in StageSetting.objects.all()}


def probability_of(
    opportunity: Opportunity, settings: dict[str, StageSetting] | None = None
) -> int:
    """The override, else the stage's default."""
    if opportunity.probability is not None:
        return opportunity.probability
    settings = settings if settings is not None else stage_settings()
    setting = settings.get(opportunity.stage)
    return setting.probability if setting else 0


def deal_activities(opportunity: Opportunity) -> QuerySet[Activity]:
    """The activities at the deal's account that are for this deal or for no deal in
    particular (an activity for another deal is that deal's: `stale.py`), its own first."""
    return (
        Activity.objects.filter(
            Q(deal_link__isnull=True) | Q(deal_link__opportunity=opportunity),
            account_id=opportunity.account_id,
        )
        .select_related("owner")
        .annotate(for_deal=F("deal_link__opportunity_id"))
    )


def next_step(opportunity: Opportunity) -> Activity | None:
    """The deal's own next planned activity, else the account's next one for no deal (one
    query); `for_deal` tells them apart."""
    planned = deal_activities(opportunity).filter(status=ActivityStatus.PLANNED)
    return planned.order_by(
        F("deal_link__opportunity_id").asc(nulls_last=True), "planned_start", "pk"
    ).first()


def last_done(opportunity: Opportunity, size: int = 5) -> list[Activity]:
    rows = deal_activities(opportunity).filter(status=ActivityStatus.DONE)
    return list(rows.order_by("-planned_start", "-pk")[:size])


def account_opportunities(
    user: User, account: Account, *, recent_days: int = 365
) -> list[Opportunity]:
    """The account's open opportunities and those closed in the last year, for its page."""
    since = timezone.now() - timedelta(days=recent_days)
    rows = (
        opportunities_readable(user)
        .filter(account=account)
        .select_related("owner")
        .order_by("close_on", "pk")
    )
    open_rows = list(rows.filter(stage__in=OPEN_STAGES)[:50])
    closed = list(
        rows.exclude(stage__in=OPEN_STAGES).filter(closed_at__gte=since).order_by("-closed_at")[:10]
    )
    return open_rows + closed


def competitors_in_use() -> QuerySet[Competitor]:
    return Competitor.objects.filter(active=True)


def is_past_close(opportunity: Opportunity, today: date | None = None) -> bool:
    return opportunity.is_open and opportunity.close_on < (today or timezone.localdate())
