"""Win and loss (decision 148): the opportunities won and lost in the period (by the moment they
were closed, as the funnel counts them), counted and summed by the reason they were won or
lost and by the competitor who won; the opportunities behind each row; and the indicator "lost
to a competitor".

A won opportunity's reason is optional (decision 155: accepting a quote wins a deal without
asking), so the won ones without it are a row of their own. The estimated value of the
opportunity is what is summed. Every row and figure is over the reader's opportunities
(`opportunities_readable`), of the period's segment and tier.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    SUM,
    account_column,
    amount,
    link_to,
    owner_column,
)
from koers.insights.indicators.funnel import closed
from koers.insights.periods import Period
from koers.insights.registry import (
    MONEY,
    Drill,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)
from koers.sales.models import CLOSED_STAGES, LostReason, Opportunity, Stage, WonReason

# The key of a row without a reason or a named competitor.
NONE = "none"
OUTCOMES = (Stage.WON, Stage.LOST)


@dataclass(frozen=True)
class Bucket:
    """One row of the distribution: what it groups (`outcome`, and a `reason` or a
    `competitor`), its label, and how many opportunities of how much."""

    outcome: str
    label: str
    count: int
    value: Decimal
    reason: str = ""
    competitor: str = ""  # a competitor's id, or NONE
    share: Decimal | None = None  # of the value won or lost, in percent (a reason's row)

    def query(self) -> str:
        """The filters of the list behind the row."""
        found = f"outcome={self.outcome}"
        found += f"&reason={self.reason}" if self.reason else ""
        return found + (f"&competitor={self.competitor}" if self.competitor else "")

    def with_share_of(self, total: Decimal) -> Bucket:
        share = (self.value * 100 / total).quantize(Decimal("0.1")) if total else None
        return replace(self, share=share)


@dataclass
class WinLoss:
    won: Bucket
    lost: Bucket
    reasons: list[Bucket] = field(default_factory=list)
    competitors: list[Bucket] = field(default_factory=list)
    won_reasons: list[Bucket] = field(default_factory=list)

    @property
    def outcomes(self) -> list[Bucket]:
        return [self.won, self.lost]

    @property
    def win_rate(self) -> Decimal | None:
        """Won of all closed, by count."""
        closed = self.won.count + self.lost.count
        return (Decimal(self.won.count) * 100 / closed).quantize(Decimal("0.1")) if closed else None

    @property
    def value_win_rate(self) -> Decimal | None:
        """Won of all closed, by value."""
        total = self.won.value + self.lost.value
        return (self.won.value * 100 / total).quantize(Decimal("0.1")) if total else None


def closed_deals(user: User | None, period: Period, owners: list[int] | None) -> QuerySet[Any]:
    return by_owners(closed(user, period, CLOSED_STAGES), owners)


def _sum(rows: Iterable[dict[str, Any]]) -> tuple[int, Decimal]:
    rows = list(rows)
    return sum(r["n"] for r in rows), sum((Decimal(r["value"] or 0) for r in rows), Decimal(0))


def _by_reason(
    outcome: str, rows: list[dict[str, Any]], key: str, choices: Iterable[tuple[Any, Any]]
) -> list[Bucket]:
    """The rows of one outcome by reason, in the order of the list, then those without."""
    found = []
    labels = [(str(v), str(label)) for v, label in choices]
    for reason, label in [*labels, ("", gettext("No reason recorded"))]:
        mine = [r for r in rows if r[key] == reason]
        if mine:
            found.append(Bucket(outcome, label, *_sum(mine), reason=reason or NONE))
    return found


def win_loss(user: User, period: Period, owners: list[int] | None) -> WinLoss:
    """The distribution in one grouped query; reasons won and lost in the order of their
    lists, then those without a reason; competitors by value lost, then the lost to no one
    named."""
    rows = list(
        closed_deals(user, period, owners)
        .order_by()
        .values("stage", "won_reason", "lost_reason", "lost_to", "lost_to__name")
        .annotate(n=Count("pk"), value=Sum("amount", output_field=SUM))
    )
    won = [r for r in rows if r["stage"] == Stage.WON]
    lost = [r for r in rows if r["stage"] == Stage.LOST]
    found = WinLoss(
        won=Bucket(Stage.WON, gettext("Won"), *_sum(won)),
        lost=Bucket(Stage.LOST, gettext("Lost"), *_sum(lost)),
        reasons=_by_reason(Stage.LOST, lost, "lost_reason", LostReason.choices),
        won_reasons=_by_reason(Stage.WON, won, "won_reason", WonReason.choices),
    )
    names: dict[Any, str] = {r["lost_to"]: r["lost_to__name"] for r in lost if r["lost_to"]}
    for pk, name in names.items():
        mine = [r for r in lost if r["lost_to"] == pk]
        found.competitors.append(Bucket(Stage.LOST, name, *_sum(mine), competitor=str(pk)))
    found.competitors.sort(key=lambda b: (-b.value, b.label))
    nobody = [r for r in lost if not r["lost_to"]]
    if nobody:
        label = gettext("No competitor named")
        found.competitors.append(Bucket(Stage.LOST, label, *_sum(nobody), competitor=NONE))
    total = found.lost.value
    found.reasons = [b.with_share_of(total) for b in found.reasons]
    found.competitors = [b.with_share_of(total) for b in found.competitors]
    found.won_reasons = [b.with_share_of(found.won.value) for b in found.won_reasons]
    return found


@dataclass(frozen=True)
class Choice:
    """Which opportunities the list behind a row holds: won or lost, for the won a reason
    won, for the lost a reason lost and/or a competitor (NONE: without one). A reason or a
    competitor without an outcome is of the lost (as before reasons won were recorded).
    Unknown values choose nothing (the whole outcome), as a bad period falls back to this
    month."""

    outcome: str = ""
    reason: str = ""
    competitor: str = ""

    @classmethod
    def of(cls, params: Any) -> Choice:
        outcome = str(params.get("outcome") or "")
        outcome = outcome if outcome in OUTCOMES else ""
        reason = str(params.get("reason") or "")
        if outcome == Stage.WON:
            return cls(outcome, reason if reason in (*WonReason.values, NONE) else "")
        reason = reason if reason in (*LostReason.values, NONE) else ""
        competitor = str(params.get("competitor") or "")
        ok = competitor == NONE or (competitor.isdigit() and len(competitor) < 10)
        return cls(outcome, reason, competitor if ok else "")

    def filter(self, rows: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
        if self.outcome == Stage.WON:
            rows = rows.filter(stage=Stage.WON)
            if self.reason:
                return rows.filter(won_reason="" if self.reason == NONE else self.reason)
            return rows
        if self.outcome:
            rows = rows.filter(stage=self.outcome)
        if self.reason or self.competitor:
            rows = rows.filter(stage=Stage.LOST)
        if self.reason:
            rows = rows.filter(lost_reason="" if self.reason == NONE else self.reason)
        if self.competitor == NONE:
            rows = rows.filter(lost_to__isnull=True)
        elif self.competitor:
            rows = rows.filter(lost_to=int(self.competitor))
        return rows

    def query(self) -> str:
        pairs = (
            ("outcome", self.outcome),
            ("reason", self.reason),
            ("competitor", self.competitor),
        )
        return "".join(f"&{k}={v}" for k, v in pairs if v)


def deal_columns() -> tuple[Column, ...]:
    return (
        Column(_("title"), lambda o: o.title),
        account_column(),
        owner_column(),
        Column(_("closed"), lambda o: o.closed_at),
        Column(_("stage"), lambda o: o.get_stage_display()),
        Column(_("reason won"), lambda o: o.get_won_reason_display()),
        Column(_("reason lost"), lambda o: o.get_lost_reason_display()),
        Column(_("competitor who won"), lambda o: o.lost_to.name if o.lost_to else ""),
        Column(_("price gap (percent)"), lambda o: o.price_gap),
        Column(_("estimated value"), lambda o: amount(o.amount)),
    )


def deals(
    user: User, period: Period, owners: list[int] | None, choice: Choice
) -> QuerySet[Opportunity]:
    """The opportunities behind a row, newest closed first."""
    rows = choice.filter(closed_deals(user, period, owners))
    return rows.select_related("account", "owner", "lost_to").order_by("-closed_at", "-pk")


def deals_drill(user: User, period: Period, owners: list[int] | None, choice: Choice) -> Drill:
    return Drill(
        deals(user, period, owners, choice),
        deal_columns(),
        link=link_to("sales:opportunity_detail"),
        total="amount",
    )


# ---------------------------------------------------------------- the indicator


def lost_to_competitor(user: User | None, period: Period) -> QuerySet[Opportunity]:
    return closed(user, period, (Stage.LOST,)).filter(lost_to__isnull=False)


def _compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(lost_to_competitor(user, period), owners).order_by().values("owner")
    return grouped(rows.annotate(value=Sum("amount", output_field=SUM)))


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(lost_to_competitor(user, period), None if owner is None else [owner])
    return Drill(
        rows.select_related("account", "owner", "lost_to").order_by("-closed_at", "-pk"),
        deal_columns(),
        link=link_to("sales:opportunity_detail"),
        total="amount",
    )


register(
    Indicator(
        key="lost_to_competitor",
        area="pipeline",
        name=_("Lost to competitors"),
        definition=_("What the opportunities lost in the period to a named competitor were worth."),
        formula=_(
            "Sum of the estimated values of the opportunities lost in the period with the "
            "competitor who won recorded."
        ),
        source=_(
            "Opportunities: lost, by the moment they were closed, with the competitor who won; "
            "the opportunity's owner."
        ),
        unit=MONEY,
        compute=_compute,
        drill=_drill,
    )
)
