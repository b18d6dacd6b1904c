"""Pipeline coverage: the weighted pipeline expected to close in the period over the revenue
target still to go in it (target - actual, never below zero), for the account managers who
have a revenue target for the period (planning's targets, as target realisation reads them).
A month, quarter or year only; a week or a range has no targets."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from koers.core.models import User
from koers.insights.indicators import pipeline, targets
from koers.insights.indicators.common import at_least
from koers.insights.periods import Period
from koers.insights.registry import PERCENT, Drill, Indicator, Part, register

ZERO = Decimal(0)


def _compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    realised = targets.realisation_parts(user, period, owners)
    if not realised:
        return {}
    weighted = pipeline.weighted_parts(user, period, list(realised))
    return {
        owner: Part(
            weighted[owner].value if owner in weighted else ZERO,
            max((part.base or ZERO) - part.value, ZERO),
        )
        for owner, part in realised.items()
    }


def _drill(user: User, period: Period, owner: int | None) -> Drill:
    """The open deals behind the numerator: those of the people with a target."""
    realised = targets.realisation_parts(user, period, None if owner is None else [owner])
    return pipeline.weighted_drill(user, period, list(realised))


register(
    Indicator(
        key="pipeline_coverage",
        area="pipeline",
        name=_("Pipeline coverage"),
        definition=_(
            "How well the weighted pipeline of the period covers the revenue target still to go."
        ),
        formula=_(
            "Weighted pipeline closing in the period ÷ (revenue target - actual revenue, at "
            "least 0) x 100, over the account managers with a revenue target for the period."
        ),
        source=_(
            "Opportunities (open, by expected close date, weighted) and the account managers' "
            "revenue targets with their actuals, as on plan against actual."
        ),
        unit=PERCENT,
        compute=_compute,
        drill=_drill,
        light=at_least(Decimal(100), Decimal(75)),
    )
)
