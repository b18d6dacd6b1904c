"""Complaints at the accounts of a portfolio: open now, and open past the date promised to the
customer. Figures of the present: the period does not change them."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.complaints.models import OPEN_STATUSES, Complaint
from koers.complaints.queries import complaints_readable
from koers.core.lists import Column
from koers.core.models import User
from koers.insights.indicators.common import account_column, at_most, link_to, owner_column, source
from koers.insights.periods import Period
from koers.insights.registry import (
    COUNT,
    Compute,
    Drill,
    DrillFor,
    Indicator,
    Part,
    by_owners,
    grouped,
    register,
)

OWNER = "account__owner"


def open_complaints(user: User | None, period: Period, *, overdue: bool) -> QuerySet[Complaint]:
    rows = source(user, Complaint.objects.all(), complaints_readable, period).filter(
        status__in=OPEN_STATUSES
    )
    return rows.filter(promised_on__lt=timezone.localdate()) if overdue else rows


def _compute(overdue: bool) -> Compute:
    def compute(user: User | None, period: Period, owners: list[int] | None) -> Mapping[int, Part]:
        rows = by_owners(open_complaints(user, period, overdue=overdue), owners, OWNER)
        return grouped(rows.order_by().values(OWNER).annotate(value=Count("pk")), owner=OWNER)

    return compute


def _drill(overdue: bool) -> DrillFor:
    def drill(user: User, period: Period, owner: int | None) -> Drill:
        rows = open_complaints(user, period, overdue=overdue)
        rows = by_owners(rows, None if owner is None else [owner], OWNER)
        columns = (
            Column(_("received"), lambda c: c.received_at),
            account_column(),
            owner_column(OWNER),
            Column(_("category"), lambda c: str(c.category)),
            Column(_("status"), lambda c: c.get_status_display()),
            Column(_("promised to the customer for"), lambda c: c.promised_on),
        )
        rows = rows.select_related("account", "account__owner", "category")
        return Drill(
            rows.order_by("promised_on", "received_at", "pk"),
            columns,
            link=link_to("complaints:complaint_detail"),
            owner=OWNER,
        )

    return drill


register(
    Indicator(
        key="complaints_open",
        area="complaints",
        name=_("Open complaints"),
        definition=_("Complaints at the accounts of the portfolio that are not solved yet."),
        formula=_("Number of complaints with status received or in progress, today."),
        source=_("Complaints, by the account manager of their account."),
        unit=COUNT,
        compute=_compute(False),
        drill=_drill(False),
        per_period=False,
    )
)

register(
    Indicator(
        key="complaints_overdue",
        area="complaints",
        name=_("Overdue complaints"),
        definition=_("Open complaints past the date promised to the customer."),
        formula=_("Number of open complaints whose promised date lies before today."),
        source=_("Complaints: status and the date promised to the customer."),
        unit=COUNT,
        compute=_compute(True),
        drill=_drill(True),
        light=at_most(Decimal(0), Decimal(2)),
        per_period=False,
    )
)
