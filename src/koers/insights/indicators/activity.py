"""Activity goals (decision 142): done visits and done calls per account manager per week,
against the goals of the settings (`INSIGHTS_VISITS_PER_WEEK`, `INSIGHTS_CALLS_PER_WEEK`),
shown next to the result goals. Per person: their done visits (or calls) in the period over
the weeks of the period; a team's figure is the sum over the people with a done activity of
any kind in the period, over their weeks (so a colleague who did nothing at all is not in it)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, DecimalField, Q, QuerySet, Value
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import (
    account_column,
    at_least,
    link_to,
    moments,
    owner_column,
    source,
)
from koers.insights.periods import Period
from koers.insights.registry import (
    AVERAGE,
    Compute,
    Drill,
    DrillFor,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.relations.queries import activities_readable

KINDS = {
    "visits": (ActivityKind.VISIT,),
    "calls": (ActivityKind.PHONE_CALL, ActivityKind.VIDEO_CALL),
}


def done(user: User | None, period: Period) -> QuerySet[Activity]:
    start, end = moments(period)
    return source(user, Activity.objects.all(), activities_readable, period).filter(
        status=ActivityStatus.DONE, planned_start__gte=start, planned_start__lt=end
    )


def _weeks(period: Period) -> Decimal:
    return (Decimal(period.days) / 7).quantize(Decimal("0.01"))


def _compute(what: str) -> Compute:
    def compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
        rows = by_owners(done(user, period), owners).order_by().values("owner")
        weeks = Value(_weeks(period), output_field=DecimalField(max_digits=8, decimal_places=2))
        return grouped(rows.annotate(value=Count("pk", filter=Q(kind__in=KINDS[what])), base=weeks))

    return compute


def _drill(what: str) -> DrillFor:
    def drill(user: User, period: Period, owner: int | None) -> Drill:
        rows = by_owners(done(user, period), None if owner is None else [owner])
        rows = rows.filter(kind__in=KINDS[what]).select_related("account", "owner")
        columns = (
            Column(_("subject"), lambda a: a.subject),
            account_column(),
            owner_column(),
            Column(_("kind"), lambda a: a.get_kind_display()),
            Column(_("date"), lambda a: a.planned_start),
        )
        return Drill(
            rows.order_by("-planned_start", "-pk"),
            columns,
            link=link_to("relations:activity_detail"),
        )

    return drill


def _goal(name: str) -> Decimal:
    return Decimal(getattr(settings, name))


register(
    Indicator(
        key="visits_per_week",
        area="contacts",
        name=_("Visits per week"),
        definition=_("Done visits per account manager per week, against the weekly goal."),
        formula=_(
            "Done visits in the period ÷ weeks in the period (days ÷ 7), per account manager; "
            "green from the goal (INSIGHTS_VISITS_PER_WEEK), amber from four fifths of it."
        ),
        source=_("Activities: visits done, by their date; the activity's owner."),
        unit=AVERAGE,
        compute=_compute("visits"),
        drill=_drill("visits"),
        light=lambda v: at_least(
            _goal("INSIGHTS_VISITS_PER_WEEK"), _goal("INSIGHTS_VISITS_PER_WEEK") * Decimal("0.8")
        )(v),
    )
)

register(
    Indicator(
        key="calls_per_week",
        area="contacts",
        name=_("Calls per week"),
        definition=_("Done phone and video calls per account manager per week, against the goal."),
        formula=_(
            "Done phone and video calls in the period ÷ weeks in the period (days ÷ 7), per "
            "account manager; green from the goal (INSIGHTS_CALLS_PER_WEEK), amber from four "
            "fifths of it."
        ),
        source=_("Activities: phone and video calls done, by their date; the activity's owner."),
        unit=AVERAGE,
        compute=_compute("calls"),
        drill=_drill("calls"),
        light=lambda v: at_least(
            _goal("INSIGHTS_CALLS_PER_WEEK"), _goal("INSIGHTS_CALLS_PER_WEEK") * Decimal("0.8")
        )(v),
    )
)
