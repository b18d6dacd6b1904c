"""The account health score, 0-100 (docs/decisions.md, 120).

Five components, each a fraction between 0 and 1 of its weight, or "not available" when the
account has no data for it: contact status (relations' contact norms), satisfaction (answered
after-sales surveys), complaints, revenue trend (our delivered orders, the last 12 months against
the 12 before) and plan progress (the share of the goals of the account's plan of the year on
track against their pro-rata part, decision 127). The score is
the weighted mean of the available components, so their weights are re-normalised; with none
available the score is not available. Never an error, never a division by zero.

`facts_for(account_ids, as_of)` reads what the components need for many accounts in a fixed
number of grouped queries (the monthly job does 500 accounts at a time); `health_of(facts)` is
pure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.aftersales.models import Survey
from koers.complaints.models import OPEN_STATUSES, Complaint
from koers.core.pdf import money
from koers.relations.models import ContactState
from koers.sales.models import Order
from koers.sales.models.orders import REVENUE_STATUSES

# The weights, in one place: points of each component when all are available.
WEIGHTS: dict[str, int] = {
    "contact": 25,
    "satisfaction": 25,
    "complaints": 20,
    "revenue": 20,
    "plan": 10,
}
LABELS = {
    "contact": gettext_lazy("Contact status"),
    "satisfaction": gettext_lazy("Satisfaction"),
    "complaints": gettext_lazy("Complaints"),
    "revenue": gettext_lazy("Revenue trend"),
    "plan": gettext_lazy("Plan progress"),
}
PERIOD_DAYS = 365
# Complaints: each open one costs 40 % of the component, each received in the last 12 months
# (open or not) 10 %.
OPEN_COMPLAINT_PENALTY = 0.4
RECENT_COMPLAINT_PENALTY = 0.1
# Revenue: falling by 40 % or more scores nothing, growing by 10 % or more everything; a flat
# year scores 80 %.
REVENUE_FLOOR = -0.4
REVENUE_FULL = 0.1
NPS_PROMOTER, NPS_DETRACTOR = 9, 6


@dataclass(frozen=True)
class ContactFacts:
    due_on: date
    norm_days: int
    last_contact_on: date | None


@dataclass(frozen=True)
class SurveyFacts:
    answers: int
    average: float
    promoters: int
    detractors: int


@dataclass(frozen=True)
class PlanFacts:
    year: int
    on_track: int
    measured: int


@dataclass(frozen=True)
class Facts:
    """What the components of one account are computed from, as of a day."""

    as_of: date
    contact: ContactFacts | None = None
    surveys: SurveyFacts | None = None
    open_complaints: int = 0
    recent_complaints: int = 0
    revenue_now: Decimal = Decimal(0)
    revenue_before: Decimal = Decimal(0)
    plan: PlanFacts | None = None


@dataclass(frozen=True)
class Part:
    """A component's result: its fraction of the weight (None: not available) and why."""

    fraction: float | None
    reason: str


@dataclass
class Component:
    key: str
    label: str
    weight: int
    fraction: float | None
    reason: str
    max_points: float = 0.0  # its weight re-normalised over the available components

    @property
    def available(self) -> bool:
        return self.fraction is not None

    @property
    def points(self) -> float | None:
        return None if self.fraction is None else self.max_points * self.fraction


@dataclass
class Health:
    score: int | None
    components: list[Component] = field(default_factory=list)

    def stored(self) -> dict[str, float | None]:
        """What the month's row keeps of each component: its points, rounded."""
        return {c.key: None if c.points is None else round(c.points, 1) for c in self.components}


def _clamp(value: float) -> float:
    return max(0.0, min(1.0, value))


def _number(value: float, places: int = 0) -> str:
    return number_format(round(value, places), decimal_pos=places, use_l10n=True)


def contact_part(facts: Facts) -> Part:
    state = facts.contact
    if state is None:
        return Part(None, _("No contact status yet."))
    norm = max(state.norm_days, 1)
    days_over = (facts.as_of - state.due_on).days
    if days_over <= 0:
        return Part(
            1.0,
            _("On track: contact due within %(days)s days; the norm is every %(norm)s days.")
            % {"days": -days_over, "norm": norm},
        )
    return Part(
        _clamp(1 - days_over / norm),
        _("Contact is %(days)s days overdue; the norm is every %(norm)s days.")
        % {"days": days_over, "norm": norm},
    )


def satisfaction_part(facts: Facts) -> Part:
    surveys = facts.surveys
    if surveys is None or surveys.answers == 0:
        return Part(None, _("No survey answered in the last 12 months."))
    nps = round(100 * (surveys.promoters - surveys.detractors) / surveys.answers)
    return Part(
        _clamp(surveys.average / 10),
        _("Survey score %(score)s of 10 on average from %(count)s answers (NPS %(nps)s).")
        % {"score": _number(surveys.average, 1), "count": surveys.answers, "nps": nps},
    )


def complaints_part(facts: Facts) -> Part:
    """Available for an account we delivered to in the last 24 months or that complained: "no
    complaints" says nothing of an account that never bought anything."""
    if facts.open_complaints == 0 and facts.recent_complaints == 0:
        if facts.revenue_now <= 0 and facts.revenue_before <= 0:
            return Part(None, _("No orders or complaints to judge by."))
        return Part(1.0, _("No complaints in the last 12 months."))
    penalty = (
        OPEN_COMPLAINT_PENALTY * facts.open_complaints
        + RECENT_COMPLAINT_PENALTY * facts.recent_complaints
    )
    return Part(
        _clamp(1 - penalty),
        _("%(open)s open; %(recent)s received in the last 12 months.")
        % {"open": facts.open_complaints, "recent": facts.recent_complaints},
    )


def revenue_part(facts: Facts) -> Part:
    now, before = facts.revenue_now, facts.revenue_before
    if now <= 0 and before <= 0:
        return Part(None, _("No delivered orders in the last 24 months."))
    if before <= 0:
        return Part(
            1.0,
            _("New revenue: %(now)s in the last 12 months, none in the 12 before.")
            % {"now": money(now)},
        )
    change = float((now - before) / before)
    return Part(
        _clamp((change - REVENUE_FLOOR) / (REVENUE_FULL - REVENUE_FLOOR)),
        _("%(now)s in the last 12 months against %(before)s in the 12 before (%(change)s %%).")
        % {
            "now": money(now),
            "before": money(before),
            "change": ("+" if change > 0 else "") + _number(change * 100),
        },
    )


def plan_part(facts: Facts) -> Part:
    """The share of the measured goals of the account's plan of the year on track (a goal with
    a number and a target, against its pro-rata part; `planning/plans/progress.py`)."""
    plan = facts.plan
    if plan is None:
        return Part(None, _("No account plan for this year."))
    if plan.measured == 0:
        return Part(
            None,
            _("The plan of %(year)s has no goals with a target to measure.") % {"year": plan.year},
        )
    return Part(
        plan.on_track / plan.measured,
        _("%(on)s of %(measured)s goals of the plan of %(year)s on track.")
        % {"on": plan.on_track, "measured": plan.measured, "year": plan.year},
    )


PARTS: dict[str, Callable[[Facts], Part]] = {
    "contact": contact_part,
    "satisfaction": satisfaction_part,
    "complaints": complaints_part,
    "revenue": revenue_part,
    "plan": plan_part,
}


def health_of(facts: Facts) -> Health:
    """The score and its components; the weights of the available ones re-normalised to 100."""
    components = []
    for key, part_of in PARTS.items():
        part = part_of(facts)
        components.append(
            Component(key, str(LABELS[key]), WEIGHTS[key], part.fraction, part.reason)
        )
    total = sum(c.weight for c in components if c.available)
    if total == 0:
        return Health(None, components)
    for c in components:
        if c.available:
            c.max_points = 100 * c.weight / total
    score = round(sum(c.points or 0.0 for c in components))
    return Health(score, components)


def _periods(as_of: date) -> tuple[date, date, date]:
    """The first day of the last 12 months, of the 12 before, and `as_of`."""
    start_now = as_of - timedelta(days=PERIOD_DAYS - 1)
    return start_now - timedelta(days=PERIOD_DAYS), start_now, as_of


def facts_for(account_ids: Iterable[int], as_of: date) -> dict[int, Facts]:
    """The facts of these accounts as of `as_of`: a fixed number of grouped queries."""
    ids = sorted(set(account_ids))
    if not ids:
        return {}
    start_before, start_now, end = _periods(as_of)
    contacts = {
        s.account_id: ContactFacts(s.due_on, s.norm_days, s.last_contact_on)
        for s in ContactState.objects.filter(account__in=ids)
    }
    surveys = {
        row["account_id"]: SurveyFacts(
            row["answers"], float(row["average"]), row["promoters"], row["detractors"]
        )
        for row in Survey.objects.filter(
            account__in=ids,
            score__isnull=False,
            answered_at__date__gte=start_now,
            answered_at__date__lte=end,
        )
        .values("account_id")
        .annotate(
            answers=Count("pk"),
            average=Avg("score"),
            promoters=Count("pk", filter=Q(score__gte=NPS_PROMOTER)),
            detractors=Count("pk", filter=Q(score__lte=NPS_DETRACTOR)),
        )
    }
    complaints = {
        row["account_id"]: (row["open"], row["recent"])
        for row in Complaint.objects.filter(account__in=ids)
        .filter(Q(status__in=OPEN_STATUSES) | Q(received_at__date__gte=start_now))
        .values("account_id")
        .annotate(
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            recent=Count(
                "pk", filter=Q(received_at__date__gte=start_now, received_at__date__lte=end)
            ),
        )
    }
    money_field: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)
    revenue = {
        row["account_id"]: (row["now"] or Decimal(0), row["before"] or Decimal(0))
        for row in Order.objects.filter(
            account__in=ids,
            status__in=REVENUE_STATUSES,
            delivered_on__gte=start_before,
            delivered_on__lte=end,
        )
        .values("account_id")
        .annotate(
            now=Sum("net_total", filter=Q(delivered_on__gte=start_now), output_field=money_field),
            before=Sum("net_total", filter=Q(delivered_on__lt=start_now), output_field=money_field),
        )
    }
    plans = _plan_facts(ids, as_of)
    result = {}
    for pk in ids:
        open_complaints, recent = complaints.get(pk, (0, 0))
        now, before = revenue.get(pk, (Decimal(0), Decimal(0)))
        result[pk] = Facts(
            as_of=as_of,
            contact=contacts.get(pk),
            surveys=surveys.get(pk),
            open_complaints=open_complaints,
            recent_complaints=recent,
            revenue_now=now,
            revenue_before=before,
            plan=plans.get(pk),
        )
    return result


def _plan_facts(ids: list[int], as_of: date) -> dict[int, PlanFacts]:
    """The progress of each account's plan of `as_of`'s year, whatever its status (followed
    from its start): the plans with their goals and actions, and the progress's grouped
    queries."""
    from koers.planning.models import AccountPlan
    from koers.planning.plans.overview import with_goals
    from koers.planning.plans.progress import progress_for

    plans = list(with_goals(AccountPlan.objects.filter(account__in=ids, year=as_of.year)))
    return {
        found.plan.account_id: PlanFacts(as_of.year, found.on_track, found.measured)
        for found in progress_for(plans, as_of).values()
    }


def health_now(account_id: int, as_of: date) -> Health:
    """One account's health as of a day (a fixed number of queries)."""
    return health_of(facts_for([account_id], as_of)[account_id])
