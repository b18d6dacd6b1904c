"""The pipeline: the open opportunities expected to close in the period, their value and their
weighted value (value x probability: the deal's own, else its stage's default), per stage."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    SUM,
    WIDE,
    account_column,
    amount,
    link_to,
    owner_column,
    source,
)
from koers.insights.periods import Period
from koers.insights.registry import (
    MONEY,
    Drill,
    Indicator,
    Part,
    by_owners,
    grouped,
    once,
    register,
)
from koers.sales.models import OPEN_STAGES, Opportunity, Stage
from koers.sales.opportunities.board import default_probabilities
from koers.sales.opportunities.queries import opportunities_readable


def open_deals(user: User | None, period: Period) -> QuerySet[Opportunity]:
    return source(user, Opportunity.objects.all(), opportunities_readable, period).filter(
        stage__in=OPEN_STAGES, close_on__gte=period.start, close_on__lte=period.end
    )


def weighted() -> Any:
    """The weighted value of one deal, in the database (the stage defaults: one query a
    page)."""
    defaults = once(("stage probabilities",), default_probabilities)
    default = Case(
        *(When(stage=stage, then=Value(p)) for stage, p in defaults.items()),
        default=Value(0),
    )
    return ExpressionWrapper(
        F("amount") * Coalesce("probability", default) / Value(Decimal(100)), output_field=WIDE
    )


def _value(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(open_deals(user, period), owners)
    return grouped(rows.order_by().values("owner").annotate(value=Sum("amount", output_field=SUM)))


def _weighted(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(open_deals(user, period), owners)
    return grouped(
        rows.order_by().values("owner").annotate(value=Sum(weighted(), output_field=WIDE))
    )


def weighted_parts(
    user: User | None, period: Period, owners: list[int] | None
) -> Mapping[int, Part]:
    return _weighted(user, period, owners)


def weighted_drill(user: User, period: Period, owners: list[int]) -> Drill:
    return _drill_of(user, period, owners, "weighted")


def _drill(user: User, period: Period, owner: int | None, total: str) -> Drill:
    return _drill_of(user, period, None if owner is None else [owner], total)


def _drill_of(user: User, period: Period, owners: list[int] | None, total: str) -> Drill:
    rows = by_owners(open_deals(user, period), owners)
    rows = rows.annotate(weighted=weighted()).select_related("account", "owner")
    columns = (
        Column(_("title"), lambda o: o.title),
        account_column(),
        owner_column(),
        Column(_("stage"), lambda o: o.get_stage_display()),
        Column(_("expected close date"), lambda o: o.close_on),
        Column(_("estimated value"), lambda o: amount(o.amount)),
        Column(_("weighted value"), lambda o: amount(o.weighted)),
    )
    return Drill(
        rows.order_by("close_on", "pk"),
        columns,
        link=link_to("sales:opportunity_detail"),
        total=total,
    )


register(
    Indicator(
        key="pipeline_value",
        area="pipeline",
        name=_("Pipeline value"),
        definition=_("What the open opportunities expected to close in the period are worth."),
        formula=_(
            "Sum of the estimated values of the open opportunities with their expected "
            "close date in the period."
        ),
        source=_(
            "Opportunities: open stages (prepare to negotiation), by expected close date; "
            "the opportunity's owner."
        ),
        unit=MONEY,
        compute=_value,
        drill=lambda user, period, owner: _drill(user, period, owner, "amount"),
    )
)

register(
    Indicator(
        key="pipeline_weighted",
        area="pipeline",
        name=_("Weighted pipeline"),
        definition=_("The pipeline value, each opportunity counted at its chance of winning."),
        formula=_(
            "Sum of (estimated value x probability) of the open opportunities with their "
            "expected close date in the period; the probability is the opportunity's own, "
            "else its stage's default."
        ),
        source=_("Opportunities and the probabilities of the pipeline stages (settings)."),
        unit=MONEY,
        compute=_weighted,
        drill=lambda user, period, owner: _drill(user, period, owner, "weighted"),
    )
)


@dataclass(frozen=True)
class StageFigure:
    stage: str
    label: str
    count: int
    value: Decimal
    weighted: Decimal


def by_stage(user: User, period: Period, owners: list[int] | None) -> list[StageFigure]:
    """Per open stage, in pipeline order: count, value and weighted value (one grouped query)."""
    rows = by_owners(open_deals(user, period), owners)
    found = {
        r["stage"]: r
        for r in rows.order_by()
        .values("stage")
        .annotate(
            n=Count("pk"),
            value=Sum("amount", output_field=SUM),
            weighted=Sum(weighted(), output_field=WIDE),
        )
    }
    labels = dict(Stage.choices)
    return [
        StageFigure(
            stage=str(stage),
            label=str(labels[stage]),
            count=found[stage]["n"] if stage in found else 0,
            value=Decimal(found[stage]["value"] or 0) if stage in found else Decimal(0),
            weighted=Decimal(found[stage]["weighted"] or 0) if stage in found else Decimal(0),
        )
        for stage in OPEN_STAGES
    ]
