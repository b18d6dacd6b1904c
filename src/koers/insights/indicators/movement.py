"""Pipeline movement over the period (decision 142): the value of the deals that came in
(new), moved on (advanced), slipped, were won or lost, between the weekly snapshot at the
period's start and the one at its end (`insights/movement.py`)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights import movement
from koers.insights.indicators.common import SUM, account_column, amount, owner_column
from koers.insights.periods import Period
from koers.insights.registry import (
    MONEY,
    Compute,
    Drill,
    DrillFor,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)
from koers.sales.models import Stage

STAGES = dict(Stage.choices)


def _compute(category: str) -> Compute:
    def compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
        rows = movement.moved(user, period.start, period.end, category, period.accounts)
        found = by_owners(rows, owners).order_by().values("owner")
        return grouped(found.annotate(value=Sum("amount", output_field=SUM)))

    return compute


def _stage(value: str | None) -> str:
    return str(STAGES.get(value or "", ""))


def columns(category: str) -> tuple[Column, ...]:
    found = [
        Column(_("title"), lambda s: s.opportunity.title),
        account_column(),
        owner_column(),
    ]
    if category in ("advanced", "slipped"):
        found.append(Column(_("stage before"), lambda s: _stage(s.stage_before)))
    found.append(Column(_("stage"), lambda s: _stage(s.stage)))
    if category == "slipped":
        found.append(Column(_("close date before"), lambda s: s.close_before))
    found += [
        Column(_("expected close date"), lambda s: s.close_on),
        Column(_("estimated value"), lambda s: amount(s.amount)),
    ]
    return tuple(found)


def _link(state: object) -> str:
    from django.urls import reverse

    return reverse("sales:opportunity_detail", args=[state.opportunity_id])  # type: ignore[attr-defined]


def _drill(category: str) -> DrillFor:
    def drill(user: User, period: Period, owner: int | None) -> Drill:
        rows = movement.moved(user, period.start, period.end, category, period.accounts)
        rows = by_owners(rows, None if owner is None else [owner])
        rows = rows.select_related("opportunity", "account", "owner")
        return Drill(rows.order_by("-amount", "pk"), columns(category), link=_link, total="amount")

    return drill


SOURCE = _(
    "The weekly pipeline snapshots (every open opportunity at the start of each ISO week, "
    "kept for good): the one at the period's start against the one at its end."
)

for category, name, definition, formula in (
    (
        "new",
        _("Pipeline added"),
        _("The opportunities that came into the pipeline during the period."),
        _(
            "Sum of the estimated values of the opportunities open in the snapshot at the "
            "period's end and not in the one at its start; for their owner at the end."
        ),
    ),
    (
        "advanced",
        _("Pipeline advanced"),
        _("The open opportunities that moved to a later stage during the period."),
        _(
            "Sum of the estimated values (at the end) of the opportunities open in both "
            "snapshots whose stage at the end is later than at the start."
        ),
    ),
    (
        "slipped",
        _("Pipeline slipped"),
        _("The open opportunities whose expected close date moved out during the period."),
        _(
            "Sum of the estimated values (at the end) of the opportunities open in both "
            "snapshots whose expected close date at the end is later than at the start."
        ),
    ),
    (
        "won",
        _("Pipeline won"),
        _("The opportunities of the pipeline at the period's start that were won during it."),
        _(
            "Sum of the estimated values (at the start) of the opportunities open in the "
            "snapshot at the start, not in the one at the end, and won now; for their owner "
            "at the start."
        ),
    ),
    (
        "lost",
        _("Pipeline lost"),
        _("The opportunities of the pipeline at the period's start that were lost during it."),
        _(
            "Sum of the estimated values (at the start) of the opportunities open in the "
            "snapshot at the start, not in the one at the end, and not won; for their owner "
            "at the start."
        ),
    ),
):
    register(
        Indicator(
            key=f"pipeline_{category}",
            area="pipeline",
            name=name,
            definition=definition,
            formula=formula,
            source=SOURCE,
            unit=MONEY,
            compute=_compute(category),
            drill=_drill(category),
        )
    )
