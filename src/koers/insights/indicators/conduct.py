"""How the account manager works the relationship: the share of done visits with a report
("% vastlegging in CRM") and the share of our commitments followed up on time. Both over
the period, for the activity's or commitment's owner."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils.translation import gettext as gettext_now
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
from koers.insights.registry import PERCENT, Drill, Indicator, Part, by_owners, grouped, register
from koers.relations.models import (
    REPORTED_KINDS,
    Activity,
    ActivityStatus,
    Commitment,
    CommitmentDirection,
    CommitmentStatus,
    VisitReport,
)
from koers.relations.queries import activities_readable, commitments_readable


def _yes_no(value: bool) -> str:
    return gettext_now("yes") if value else gettext_now("no")


# ------------------------------------------------------------------- visits with a report


def done_visits(user: User | None, period: Period) -> QuerySet[Activity]:
    start, end = moments(period)
    reported = Exists(VisitReport.objects.filter(activity=OuterRef("pk")))
    return (
        source(user, Activity.objects.all(), activities_readable, period)
        .filter(
            kind__in=REPORTED_KINDS,
            status=ActivityStatus.DONE,
            planned_start__gte=start,
            planned_start__lt=end,
        )
        .annotate(reported=reported)
    )


def _visits(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(done_visits(user, period), owners).order_by().values("owner")
    return grouped(rows.annotate(value=Count("pk", filter=Q(reported=True)), base=Count("pk")))


def _visits_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(done_visits(user, period), None if owner is None else [owner])
    columns = (
        Column(_("subject"), lambda a: a.subject),
        account_column(),
        owner_column(),
        Column(_("kind"), lambda a: a.get_kind_display()),
        Column(_("date"), lambda a: a.planned_start),
        Column(_("report"), lambda a: _yes_no(a.reported)),
    )
    return Drill(
        rows.select_related("account", "owner").order_by("-planned_start", "-pk"),
        columns,
        link=link_to("relations:activity_detail"),
    )


register(
    Indicator(
        key="visits_reported",
        area="contacts",
        name=_("Visits with a report"),
        definition=_("The share of the done visits and meetings that have a visit report."),
        formula=_(
            "Done visits, video calls and meetings at events with a report ÷ all of them x "
            "100, by their date in the period."
        ),
        source=_("Activities (done, of a kind that asks for a report) and visit reports."),
        unit=PERCENT,
        compute=_visits,
        drill=_visits_drill,
        light=at_least(Decimal(90), Decimal(75)),
    )
)


# ------------------------------------------------------------------ commitments on time


def due_commitments(user: User | None, period: Period) -> QuerySet[Commitment]:
    """Our commitments due in the period (not cancelled), with whether they were done on time."""
    on_time = Q(status=CommitmentStatus.DONE, done_date__lte=F("due_date"))
    return (
        source(user, Commitment.objects.all(), commitments_readable, period)
        .filter(direction=CommitmentDirection.OURS, due_date__gte=period.start)
        .filter(due_date__lte=period.end)
        .exclude(status=CommitmentStatus.CANCELLED)
        .annotate(done_on_time=on_time)
    )


def _commitments(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
    rows = by_owners(due_commitments(user, period), owners).order_by().values("owner")
    return grouped(rows.annotate(value=Count("pk", filter=Q(done_on_time=True)), base=Count("pk")))


def _commitments_drill(user: User, period: Period, owner: int | None) -> Drill:
    rows = by_owners(due_commitments(user, period), None if owner is None else [owner])
    columns = (
        Column(_("what"), lambda c: c.description),
        account_column(),
        owner_column(),
        Column(_("due date"), lambda c: c.due_date),
        Column(_("status"), lambda c: c.get_status_display()),
        Column(_("done on"), lambda c: c.done_date),
        Column(_("on time"), lambda c: _yes_no(c.done_on_time)),
    )
    return Drill(
        rows.select_related("account", "owner").order_by("due_date", "pk"),
        columns,
        link=link_to("accounts:account_detail", "account_id"),
    )


register(
    Indicator(
        key="commitments_on_time",
        area="contacts",
        name=_("Commitments on time"),
        definition=_("The share of our commitments due in the period that were done on time."),
        formula=_(
            "Our commitments due in the period done on or before their due date ÷ all our "
            "commitments due in the period (not cancelled) x 100."
        ),
        source=_("Commitments we made (direction: we promised), their due and done dates."),
        unit=PERCENT,
        compute=_commitments,
        drill=_commitments_drill,
        light=at_least(Decimal(90), Decimal(75)),
    )
)
