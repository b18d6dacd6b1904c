"""The dashboard's charts (the one chart helper, `core/charts.py`): revenue per month over the
twelve months up to the period's end, and the pipeline of the period by stage. Each chart
carries its table."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.db.models.functions import TruncMonth
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from koers.core.charts import Chart, Series, bar_chart
from koers.core.models import User
from koers.insights.indicators import pipeline
from koers.insights.indicators.common import SUM
from koers.insights.periods import Period
from koers.insights.registry import MONEY, by_owners
from koers.insights.templatetags.insights_tags import shown
from koers.sales.models import REVENUE_STATUSES, OrderLine
from koers.sales.orders.queries import orders_readable

MONTHS = 12


def _months(last: date) -> list[date]:
    index = last.year * 12 + last.month - 1
    return [date((index - i) // 12, (index - i) % 12 + 1, 1) for i in range(MONTHS - 1, -1, -1)]


def _month(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _euros(value: Any) -> str:
    return shown(Decimal(str(value)), MONEY)


def monthly_revenue(
    user: User, period: Period, owners: list[int] | None
) -> list[tuple[date, Decimal]]:
    """Revenue per month over the twelve months up to the period's end (one grouped query)."""
    months = _months(period.end)
    rows = by_owners(orders_readable(user), owners).filter(
        status__in=REVENUE_STATUSES,
        delivered_on__gte=months[0],
        delivered_on__lte=period.end,
        **period.accounts.lookups("account"),
    )
    if period.accounts.product_group is None:
        per_month = (
            rows.annotate(month=TruncMonth("delivered_on"))
            .order_by()
            .values("month")
            .annotate(value=Sum("net_total", output_field=SUM))
        )
    else:
        # With a product group chosen: the net of those orders' lines in it (as the figure).
        per_month = (
            OrderLine.objects.filter(period.accounts.in_group(), order__in=rows.values("pk"))
            .annotate(month=TruncMonth("order__delivered_on"))
            .order_by()
            .values("month")
            .annotate(value=Sum("net", output_field=SUM))
        )
    found = {_month(r["month"]): r["value"] for r in per_month}
    return [(m, Decimal(found.get(m) or 0)) for m in months]


def trend_chart(months: list[tuple[date, Decimal]]) -> Chart:
    return bar_chart(
        title=_("Revenue per month"),
        categories=[f"{MONTHS_3[m.month]} {m.strftime('%y')}" for m, _value in months],
        series=[Series(_("Revenue"), [value for _month, value in months])],
        fmt=_euros,
    )


def revenue_trend(user: User, period: Period, owners: list[int] | None) -> Chart:
    return trend_chart(monthly_revenue(user, period, owners))


def stage_chart(stages: list[tuple[str, Decimal, Decimal]]) -> Chart:
    """(label, value, weighted) per stage as bars."""
    return bar_chart(
        title=_("Pipeline by stage"),
        categories=[label for label, _v, _w in stages],
        series=[
            Series(_("Pipeline value"), [value for _l, value, _w in stages]),
            Series(_("Weighted pipeline"), [weighted for _l, _v, weighted in stages]),
        ],
        fmt=_euros,
    )


def dashboard_charts(
    user: User, period: Period, owners: list[int] | None
) -> list[tuple[str, Chart]]:
    """The dashboard's charts; the pipeline is not per product group (decision 153), so with
    a product group chosen only the revenue is drawn."""
    found = [("chart-revenue", revenue_trend(user, period, owners))]
    if period.accounts.product_group is None:
        found.append(("chart-pipeline", pipeline_by_stage(user, period, owners)))
    return found


def pipeline_by_stage(user: User, period: Period, owners: list[int] | None) -> Chart:
    stages = pipeline.by_stage(user, period, owners)
    return stage_chart([(s.label, s.value, s.weighted) for s in stages])


def product_group_chart(rows: list[tuple[str, Decimal, Decimal | None]]) -> Chart:
    """(label, revenue, revenue compared with) per product group as bars."""
    series = [Series(_("Revenue"), [revenue for _l, revenue, _b in rows])]
    if rows and rows[0][2] is not None:
        series.append(Series(_("Compared with"), [before for _l, _r, before in rows]))
    return bar_chart(
        title=_("Revenue by product group"),
        categories=[label for label, _r, _b in rows],
        series=series,
        fmt=_euros,
    )
