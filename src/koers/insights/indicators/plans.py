"""Account plans and sales plans (decision 148; seeds/003 area 1, seeds/002 area 1): the share of
account plans approved, the drafts a plan needs, revisions during the year, the share of the
plans' visits made, and the proposals the manager adopted.

Each submission of an account plan is kept as a `PlanVersion`; the manager's answer to it is
read from what followed (the plan keeps only the moment of its latest decision):

- **returned**: a return (a `PlanComment` of kind return, always written with it) between its
  submission and the next one;
- **approved**: not returned, and submitted again later (an approved plan is submitted again
  only after a revision) or no longer waiting (`status` is not submitted);
- **waiting**: the latest version of a plan still submitted.

A plan's drafts (`AccountPlan.drafts`) are its submissions up to its first approval, so the
version numbered `drafts` is the one first approved. Versions count by the moment they were
submitted, for the plan's owner.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    account_column,
    amount,
    at_least,
    link_to,
    moments,
    owner_column,
    source,
)
from koers.insights.periods import Period
from koers.insights.registry import (
    AVERAGE,
    COUNT,
    PERCENT,
    Drill,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)
from koers.planning.models import (
    ADOPTED_DECISIONS,
    AccountPlan,
    CommentKind,
    GoalMetric,
    PlanComment,
    PlanGoal,
    PlanStatus,
    PlanVersion,
    SalesProposal,
)
from koers.planning.plans.queries import plans_readable
from koers.planning.salesplans.queries import sales_plans_readable
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.relations.queries import activities_readable

PLAN_OWNER = "plan__owner"
APPROVED, RETURNED, WAITING = "approved", "returned", "waiting"
# Later than any next submission: a version that has none.
NEVER = datetime(2199, 12, 31, tzinfo=UTC)
INTEGER: IntegerField[int, int] = IntegerField()

# --------------------------------------------------------------- versions and their answer


def _of_readable_plans(user: User) -> Exists:
    # Checked per row, once the period has narrowed the rows: `plan__in` would first list
    # every plan the reader may read (50,000 at size L for those who read everything).
    return Exists(plans_readable(user).filter(pk=OuterRef("plan")))


def _versions_readable(user: User) -> QuerySet[PlanVersion]:
    return PlanVersion.objects.filter(_of_readable_plans(user))


def submitted(user: User | None, period: Period) -> QuerySet[PlanVersion]:
    """The plan versions submitted in the period, each with its `outcome`."""
    start, end = moments(period)
    later = PlanVersion.objects.filter(plan=OuterRef("plan"), number__gt=OuterRef("number"))
    next_at = Coalesce(Subquery(later.order_by("number").values("submitted_at")[:1]), Value(NEVER))
    returns = PlanComment.objects.filter(
        plan=OuterRef("plan"),
        kind=CommentKind.RETURN,
        created_at__gte=OuterRef("submitted_at"),
        created_at__lt=OuterRef("next_at"),
    )
    rows = source(user, PlanVersion.objects.all(), _versions_readable, period, "plan__account")
    return (
        rows.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(next_at=next_at, returned=Exists(returns), resubmitted=Exists(later))
        .annotate(
            outcome=Case(
                When(returned=True, then=Value(RETURNED)),
                When(resubmitted=True, then=Value(APPROVED)),
                When(plan__status=PlanStatus.SUBMITTED, then=Value(WAITING)),
                default=Value(APPROVED),
                output_field=CharField(),
            )
        )
    )


def decided(user: User | None, period: Period) -> QuerySet[PlanVersion]:
    return submitted(user, period).filter(Q(outcome__in=(APPROVED, RETURNED)))


def first_approved(user: User | None, period: Period) -> QuerySet[PlanVersion]:
    """The versions that were a plan's first approval (numbered as its drafts)."""
    return submitted(user, period).filter(Q(outcome=APPROVED), number=F("plan__drafts"))


def _approved(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(decided(user, period), owners, PLAN_OWNER).order_by().values(PLAN_OWNER)
    return grouped(
        rows.annotate(value=Count("pk", filter=Q(outcome=APPROVED)), base=Count("pk")),
        owner=PLAN_OWNER,
    )


def _drafts(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(first_approved(user, period), owners, PLAN_OWNER).order_by()
    return grouped(
        rows.values(PLAN_OWNER).annotate(value=Sum("number"), base=Count("pk")),
        owner=PLAN_OWNER,
    )


def outcome_label(outcome: str) -> str:
    return {
        APPROVED: gettext("approved"),
        RETURNED: gettext("returned"),
        WAITING: gettext("waiting for a decision"),
    }.get(outcome, outcome)


def _version_columns() -> tuple[Column, ...]:
    return (
        account_column("plan__account"),
        Column(_("year"), lambda v: v.plan.year),
        owner_column(PLAN_OWNER),
        Column(_("version"), lambda v: v.number),
        Column(_("submitted"), lambda v: v.submitted_at),
        Column(_("the manager's answer"), lambda v: outcome_label(v.outcome)),
    )


def _version_drill(rows: QuerySet[PlanVersion], owner: int | None) -> Drill:
    rows = by_owners(rows, None if owner is None else [owner], PLAN_OWNER)
    return Drill(
        rows.select_related("plan", "plan__account", "plan__owner").order_by(
            "-submitted_at", "-pk"
        ),
        _version_columns(),
        link=link_to("planning:plan_detail", "plan_id"),
        owner=PLAN_OWNER,
    )


register(
    Indicator(
        key="plans_approved",
        area="plans",
        name=_("Account plans approved"),
        definition=_(
            "Of the account plan versions submitted in the period that the manager has "
            "answered, the share approved."
        ),
        formula=_(
            "Versions approved ÷ versions approved or returned x 100, by the moment they "
            "were submitted; a version still waiting for the manager does not count yet."
        ),
        source=_(
            "Account plans: every submitted version, and the manager's returns with their "
            "comments; the plan's owner."
        ),
        unit=PERCENT,
        compute=_approved,
        drill=lambda user, period, owner: _version_drill(decided(user, period), owner),
    )
)

register(
    Indicator(
        key="plan_drafts",
        area="plans",
        name=_("Drafts per account plan"),
        definition=_("How many versions an account plan needed before it was first approved."),
        formula=_(
            "Sum of the drafts of the plans first approved ÷ the number of those plans, for "
            "the plans whose approved version was submitted in the period."
        ),
        source=_(
            "Account plans: the versions submitted up to the first approval (the drafts "
            "counted on the plan); the plan's owner."
        ),
        unit=AVERAGE,
        compute=_drafts,
        drill=lambda user, period, owner: _version_drill(first_approved(user, period), owner),
    )
)


# --------------------------------------------------------------------------- revisions


def _comments_readable(user: User) -> QuerySet[PlanComment]:
    return PlanComment.objects.filter(_of_readable_plans(user))


def revisions(user: User | None, period: Period) -> QuerySet[PlanComment]:
    start, end = moments(period)
    rows = source(user, PlanComment.objects.all(), _comments_readable, period, "plan__account")
    return rows.filter(kind=CommentKind.REVISION, created_at__gte=start, created_at__lt=end)


def _revisions(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(revisions(user, period), owners, PLAN_OWNER).order_by().values(PLAN_OWNER)
    return grouped(rows.annotate(value=Count("pk")), owner=PLAN_OWNER)


def _revisions_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(revisions(user, period), None if owner is None else [owner], PLAN_OWNER)
    columns = (
        account_column("plan__account"),
        Column(_("year"), lambda c: c.plan.year),
        owner_column(PLAN_OWNER),
        Column(_("revised"), lambda c: c.created_at),
        Column(_("reason for the revision"), lambda c: c.text),
    )
    return Drill(
        rows.select_related("plan", "plan__account", "plan__owner").order_by("-created_at", "-pk"),
        columns,
        link=link_to("planning:plan_detail", "plan_id"),
        owner=PLAN_OWNER,
    )


register(
    Indicator(
        key="plan_revisions",
        area="plans",
        name=_("Account plan revisions"),
        definition=_("How often approved account plans were revised during the year."),
        formula=_("Number of revisions of approved account plans made in the period."),
        source=_("Account plans: each revision with its reason; the plan's owner."),
        unit=COUNT,
        compute=_revisions,
        drill=_revisions_drill,
    )
)


# -------------------------------------------------------------------- planned visits made


def year_share(year: int, period: Period) -> Decimal:
    """The share of `year` that lies in the period (its days there over the year's days)."""
    first = max(period.start, date(year, 1, 1))
    last = min(period.end, date(year, 12, 31))
    if last < first:
        return Decimal(0)
    days = 366 if calendar.isleap(year) else 365
    return Decimal((last - first).days + 1) / Decimal(days)


def _visit_goal() -> Subquery:
    goals = PlanGoal.objects.filter(
        plan=OuterRef("pk"), metric=GoalMetric.VISITS, branch__isnull=True, target__isnull=False
    )
    return Subquery(goals.order_by().values("plan").annotate(s=Sum("target")).values("s"))


def _window(year: int, period: Period) -> tuple[datetime, datetime]:
    """The moments of the period within `year`."""
    first = max(period.start, date(year, 1, 1))
    last = min(period.end, date(year, 12, 31))
    return moments(Period("range", first, last))


def _count(visits: QuerySet[Activity], **where: Any) -> Coalesce:
    found = visits.filter(**where).order_by().annotate(n=Func(F("pk"), function="COUNT"))
    return Coalesce(Subquery(found.values("n"), output_field=INTEGER), Value(0))


def _visits_done(user: User | None, period: Period) -> Case:
    """The done visits of a plan's account and of its branches in the part of the period in
    the plan's year: per year a pair of counts, each walking the index (account, status,
    kind, planned_start); a year's bounds as values, so no date is computed per row. The
    plan's own account is readable (the plan is read through it), and so are its activities;
    a branch is an account of its own, whose visits count only where the reader may read
    them."""
    readable = source(user, Activity.objects.all(), activities_readable)
    whens = []
    for year in range(period.start.year, period.end.year + 1):
        start, end = _window(year, period)
        done = {
            "kind": ActivityKind.VISIT,
            "status": ActivityStatus.DONE,
            "planned_start__gte": start,
            "planned_start__lt": end,
        }
        own = _count(Activity.objects.filter(**done), account=OuterRef("account"))
        # The branches' ids first: joined to the account, a database may walk every visit
        # of the reader's people in the year for each plan instead.
        ids = Account.objects.filter(parent=OuterRef(OuterRef("account"))).values("pk")
        branches = _count(readable.filter(**done), account__in=ids)
        whens.append(When(year=year, then=own + branches))
    return Case(*whens, default=Value(0), output_field=INTEGER)


def visit_plans(user: User | None, period: Period) -> QuerySet[AccountPlan]:
    """The plans of the years in the period that were approved (and are still, or are being
    revised), with a visit goal for the whole account: `visit_goal` (the year's visits) and
    `visits_done` (the done visits of the account and its branches in the period)."""
    years = range(period.start.year, period.end.year + 1)
    rows = source(user, AccountPlan.objects.all(), plans_readable, period)
    return (
        rows.filter(Q(status=PlanStatus.APPROVED) | Q(revisions__gt=0), year__in=years)
        .annotate(visit_goal=_visit_goal())
        .filter(visit_goal__gt=0)
        .annotate(visits_done=_visits_done(user, period))
    )


def expected_visits(plan: Any, period: Period) -> Decimal:
    """A plan's visit goal for the part of its year in the period."""
    return (Decimal(plan.visit_goal) * year_share(plan.year, period)).quantize(Decimal("0.1"))


def _visits(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(visit_plans(user, period), owners).order_by().values("owner", "year")
    parts: dict[int, Part] = {}
    for row in rows.annotate(goal=Sum("visit_goal"), done=Sum("visits_done")):
        before = parts.get(row["owner"], Part(Decimal(0), Decimal(0)))
        expected = Decimal(row["goal"] or 0) * year_share(row["year"], period)
        parts[row["owner"]] = Part(
            before.value + Decimal(row["done"] or 0), (before.base or Decimal(0)) + expected
        )
    return parts


def _visits_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(visit_plans(user, period), None if owner is None else [owner])
    columns = (
        account_column(),
        Column(_("year"), lambda p: p.year),
        owner_column(),
        Column(_("status"), lambda p: p.get_status_display()),
        Column(_("visits planned in the year"), lambda p: Decimal(p.visit_goal)),
        Column(_("visits planned in the period"), lambda p: expected_visits(p, period)),
        Column(_("visits made in the period"), lambda p: p.visits_done),
    )
    return Drill(
        rows.select_related("account", "owner").order_by("account__name", "year", "pk"),
        columns,
        link=link_to("planning:plan_detail"),
    )


register(
    Indicator(
        key="plan_visits_made",
        area="plans",
        name=_("Planned visits made"),
        definition=_(
            "How many of the visits the approved account plans call for in the period were made."
        ),
        formula=_(
            "Done visits at the plan's account and its branches in the period ÷ the plan's "
            "visit goals for the whole account, for the part of the plan's year in the period "
            "(days in the period ÷ days in the year) x 100."
        ),
        source=_(
            "Account plans that were approved: the targets of their visit goals; activities: "
            "done visits by their date; the plan's owner."
        ),
        unit=PERCENT,
        compute=_visits,
        drill=_visits_drill,
        light=at_least(Decimal(100), Decimal(80)),
    )
)


# ------------------------------------------------------------ sales plans: adopted proposals


def _proposals_readable(user: User) -> QuerySet[SalesProposal]:
    return SalesProposal.objects.filter(plan__in=sales_plans_readable(user))


def adopted(user: User | None, period: Period) -> QuerySet[SalesProposal]:
    """The proposals of sales plans the manager adopted (as proposed or adjusted) in the
    period. With a segment or tier, only proposals for an account of it."""
    start, end = moments(period)
    rows = source(user, SalesProposal.objects.all(), _proposals_readable, period)
    return rows.filter(decision__in=ADOPTED_DECISIONS, decided_at__gte=start, decided_at__lt=end)


def _adopted(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(adopted(user, period), owners, PLAN_OWNER).order_by().values(PLAN_OWNER)
    return grouped(rows.annotate(value=Count("pk")), owner=PLAN_OWNER)


def _adopted_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(adopted(user, period), None if owner is None else [owner], PLAN_OWNER)
    columns = (
        Column(_("proposal"), lambda p: p.title),
        Column(_("account"), lambda p: p.account.name if p.account else ""),
        owner_column(PLAN_OWNER),
        Column(_("sales plan"), lambda p: p.plan.period_label),
        Column(_("decision"), lambda p: p.get_decision_display()),
        Column(_("decided"), lambda p: p.decided_at),
        Column(_("expected revenue"), lambda p: amount(p.expected_revenue)),
        Column(_("adopted revenue"), lambda p: amount(p.adopted_revenue)),
    )
    return Drill(
        rows.select_related("plan", "plan__owner", "account").order_by("-decided_at", "-pk"),
        columns,
        link=link_to("planning:salesplan_detail", "plan_id"),
        owner=PLAN_OWNER,
    )


register(
    Indicator(
        key="proposals_adopted",
        area="plans",
        name=_("Proposals adopted"),
        definition=_("The proposals of the sales plans that the manager adopted in the period."),
        formula=_(
            "Number of sales plan proposals adopted as proposed or with changes, by the "
            "moment of the decision."
        ),
        source=_("Sales plans: each proposal's decision and its moment; the plan's owner."),
        unit=COUNT,
        compute=_adopted,
        drill=_adopted_drill,
    )
)
