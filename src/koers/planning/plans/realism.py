"""The realism check of a plan's expected revenue (issue 14, docs/decisions.md, 128): against
the account's order revenue of the three years before the plan's year, the open pipeline
(weighted by probability) and the account's purchases in our categories (the analysis).

`realism_of(facts)` is pure: figures in, measures with a translated sentence out, "not
available" instead of a division by zero. `facts_of(user, plan, expected)` reads the figures in
four queries (the yearly revenue, the pipeline per stage, the stages' default probabilities and
the purchase volume), for the account and, for a chain's top, its branches.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.core.pdf import money
from koers.planning.models import AccountAnalysis, AccountPlan
from koers.planning.plans.whitespace import MONEY, open_deals, tree_ids
from koers.sales.models import Order
from koers.sales.models.orders import REVENUE_STATUSES
from koers.sales.opportunities.board import default_probabilities, value_sums, weighted_of

ZERO = Decimal("0.00")
YEARS = 3
# Above these the line is marked: a plan far above last year, a pipeline covering little of it,
# or more than the account buys in our categories at all.
AMBITIOUS = Decimal(150)
THIN_PIPELINE = Decimal(25)
WHOLE_WALLET = Decimal(100)


@dataclass(frozen=True)
class Facts:
    expected: Decimal | None
    year: int
    revenue: dict[int, Decimal]  # the three years before `year`; a year without orders is 0
    pipeline: Decimal  # open deals, weighted
    purchase_volume: Decimal | None


@dataclass(frozen=True)
class Measure:
    key: str  # last_year, average, pipeline, wallet
    percent: Decimal | None  # None: not available
    text: str
    warning: bool = False


@dataclass(frozen=True)
class Realism:
    facts: Facts
    measures: list[Measure]

    @property
    def summary(self) -> str:
        return " ".join(m.text for m in self.measures if m.percent is not None)


def percent_of(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """`part` as a percentage of `whole`, to whole per cents; None when either is missing or
    the whole is 0 or less."""
    if part is None or whole is None or whole <= 0:
        return None
    return (part * 100 / whole).quantize(Decimal(1))


def _pct(value: Decimal) -> str:
    return f"{number_format(value, decimal_pos=0, use_l10n=True, force_grouping=True)} %"


def _last_year(facts: Facts) -> Measure:
    last = facts.revenue.get(facts.year - 1)
    value = percent_of(facts.expected, last)
    if value is None:
        text = _("Against last year: not available (no revenue in %(year)s).") % {
            "year": facts.year - 1
        }
        return Measure("last_year", None, text)
    text = _("The plan is %(percent)s of last year's revenue (%(amount)s).") % {
        "percent": _pct(value),
        "amount": money(last or ZERO),
    }
    return Measure("last_year", value, text, warning=value > AMBITIOUS)


def _average(facts: Facts) -> Measure:
    years = [facts.revenue.get(facts.year - n, ZERO) for n in range(1, YEARS + 1)]
    average = sum(years, ZERO) / YEARS
    value = percent_of(facts.expected, average)
    if value is None:
        text = _("Against the last three years: not available (no revenue).")
        return Measure("average", None, text)
    text = _("The plan is %(percent)s of the average of the last three years (%(amount)s).") % {
        "percent": _pct(value),
        "amount": money(average.quantize(Decimal("0.01"))),
    }
    return Measure("average", value, text, warning=value > AMBITIOUS)


def _pipeline(facts: Facts) -> Measure:
    value = percent_of(facts.pipeline, facts.expected)
    if value is None:
        text = _("Pipeline coverage: not available (no expected revenue).")
        return Measure("pipeline", None, text)
    text = _("The open pipeline (weighted, %(amount)s) covers %(percent)s of the plan.") % {
        "percent": _pct(value),
        "amount": money(facts.pipeline.quantize(Decimal("0.01"))),
    }
    return Measure("pipeline", value, text, warning=value < THIN_PIPELINE)


def _wallet(facts: Facts) -> Measure:
    value = percent_of(facts.expected, facts.purchase_volume)
    if value is None:
        text = _("Share of its purchases: not available (no purchase volume in an analysis).")
        return Measure("wallet", None, text)
    text = _("The plan is %(percent)s of what the account buys in our categories (%(amount)s).") % {
        "percent": _pct(value),
        "amount": money(facts.purchase_volume or ZERO),
    }
    return Measure("wallet", value, text, warning=value > WHOLE_WALLET)


def realism_of(facts: Facts) -> Realism:
    return Realism(facts, [_last_year(facts), _average(facts), _pipeline(facts), _wallet(facts)])


# ------------------------------------------------------------------------------- the figures


def yearly_revenue(plan: AccountPlan) -> dict[int, Decimal]:
    """Delivered order revenue of the three years before the plan's year (one query)."""
    first, last = plan.year - YEARS, plan.year - 1
    tree = tree_ids(plan.account)
    sums = Order.objects.filter(
        Q(account_id__in=tree) | Q(branch_id__in=tree),
        status__in=REVENUE_STATUSES,
        delivered_on__gte=date(first, 1, 1),
        delivered_on__lte=date(last, 12, 31),
    ).aggregate(
        **{
            f"y{year}": Sum("net_total", filter=Q(delivered_on__year=year), output_field=MONEY)
            for year in range(first, last + 1)
        }
    )
    return {year: Decimal(sums[f"y{year}"] or 0) for year in range(first, last + 1)}


def weighted_pipeline(user: User, plan: AccountPlan) -> Decimal:
    """The readable open deals of the account (and its branches), value x probability (two
    queries: the deals per stage, the stages' default probabilities)."""
    deals = open_deals(user, tree_ids(plan.account))
    rows = list(deals.order_by().values("stage").annotate(**value_sums()))
    if not rows:
        return ZERO
    defaults = default_probabilities()
    return sum((weighted_of(row, defaults) for row in rows), ZERO)


def purchase_volume(plan: AccountPlan) -> Decimal | None:
    """The plan's analysis' purchase volume, else the latest analysis that has one."""
    if plan.analysis is not None and plan.analysis.purchase_volume is not None:
        return plan.analysis.purchase_volume
    return (
        AccountAnalysis.objects.filter(account_id=plan.account_id, purchase_volume__isnull=False)
        .order_by("-analysed_on", "-pk")
        .values_list("purchase_volume", flat=True)
        .first()
    )


def facts_of(user: User, plan: AccountPlan, expected: Decimal | None) -> Facts:
    return Facts(
        expected=expected,
        year=plan.year,
        revenue=yearly_revenue(plan),
        pipeline=weighted_pipeline(user, plan),
        purchase_volume=purchase_volume(plan),
    )
