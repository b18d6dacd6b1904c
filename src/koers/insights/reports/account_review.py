"""The account's yearly report, for the yearly review with the customer (docs/decisions.md, 141):
revenue (and internally margin) per month over three years, per branch for a chain, the
product groups bought, satisfaction from the surveys, complaints, the agreements of the year's
account plan and the commitments. Over the accounts of the tree the reader may read (a chain:
the chain and its branches), from the reader's scope.

Two variants, like the account plan's PDF: **internal** (the page) and **for the customer**
(the PDF by default), which leaves margin out of the data altogether, so it cannot leak.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear, TruncMonth
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.aftersales.queries import surveys_readable
from koers.complaints.models import OPEN_STATUSES
from koers.complaints.queries import complaints_readable
from koers.core import access
from koers.core.charts import Chart, Series, line_chart
from koers.core.models import User
from koers.core.pdf import as_text
from koers.insights.indicators.common import SUM
from koers.insights.registry import COUNT, MONEY
from koers.insights.reports.sections import NUMBER, Cell, Section
from koers.insights.templatetags.insights_tags import shown
from koers.planning.models import AccountPlan
from koers.planning.plans.whitespace import tree_filter
from koers.relations.models.commitments import CommitmentStatus
from koers.relations.queries import commitments_readable
from koers.sales.models import REVENUE_STATUSES, Order, OrderLine, ProductGroup
from koers.sales.orders.queries import orders_readable

YEARS = 3
ZERO = Decimal(0)


@dataclass
class Review:
    account: Account
    year: int
    internal: bool
    facts: list[tuple[str, Cell]] = field(default_factory=list)
    chart: Chart | None = None
    sections: list[Section] = field(default_factory=list)
    agreements: str = ""


def tree_ids(user: User, account: Account) -> list[int]:
    return list(
        access.accounts_readable(user).filter(tree_filter(account)).values_list("pk", flat=True)
    )


def _orders(user: User, ids: list[int], first: date, last: date) -> QuerySet[Order]:
    return orders_readable(user).filter(
        Q(account__in=ids) | Q(branch__in=ids),
        status__in=REVENUE_STATUSES,
        delivered_on__gte=first,
        delivered_on__lte=last,
    )


def _month(value: Any) -> date:
    return value.date() if hasattr(value, "date") and callable(value.date) else value


def _monthly(orders: QuerySet[Order]) -> dict[date, tuple[Decimal, Decimal]]:
    rows = (
        orders.annotate(month=TruncMonth("delivered_on"))
        .order_by()
        .values("month")
        .annotate(
            revenue=Sum("net_total", output_field=SUM),
            earned=Sum(F("net_total") - F("cost_total"), output_field=SUM),
        )
    )
    return {_month(r["month"]): (r["revenue"] or ZERO, r["earned"] or ZERO) for r in rows}


def _euros(value: Any) -> str:
    return shown(Decimal(str(value)), MONEY)


def _trend(review: Review, orders: QuerySet[Order]) -> Section:
    monthly = _monthly(orders)
    years = list(range(review.year - YEARS + 1, review.year + 1))
    headers = [_("Month"), *(_("Revenue %(year)s") % {"year": y} for y in years)]
    if review.internal:
        headers.extend(_("Margin %(year)s") % {"year": y} for y in years)
    rows = []
    for month in range(1, 13):
        found = [monthly.get(date(y, month, 1), (ZERO, ZERO)) for y in years]
        row = [Cell(str(MONTHS_3[month])), *(Cell(f[0], MONEY) for f in found)]
        if review.internal:
            row.extend(Cell(f[1], MONEY) for f in found)
        rows.append(row)
    totals = [Cell(_("Total"))]
    for column in range(1, len(headers)):
        totals.append(Cell(sum((r[column].value for r in rows), ZERO), MONEY))
    rows.append(totals)
    review.chart = line_chart(
        title=_("Revenue per month"),
        categories=[str(MONTHS_3[m]) for m in range(1, 13)],
        series=[
            Series(str(y), [monthly.get(date(y, m, 1), (ZERO, ZERO))[0] for m in range(1, 13)])
            for y in years
        ],
        fmt=_euros,
    )
    return Section("trend", _("Revenue per month"), headers, rows)


def _branches(review: Review, orders: QuerySet[Order]) -> Section | None:
    """A chain's revenue (and margin) per branch in the year and the year before."""
    if not review.account.children.exists() and review.account.parent_id is None:
        return None
    rows = (
        orders.annotate(row=Coalesce("branch_id", "account_id"), year=ExtractYear("delivered_on"))
        .order_by()
        .values("row", "year")
        .annotate(
            revenue=Sum("net_total", output_field=SUM),
            earned=Sum(F("net_total") - F("cost_total"), output_field=SUM),
        )
    )
    found = {(r["row"], r["year"]): r for r in rows}
    names = dict(Account.objects.filter(pk__in={r for r, _y in found}).values_list("pk", "name"))
    headers = [_("Branch"), _("Revenue %(year)s") % {"year": review.year}]
    headers.append(_("Revenue %(year)s") % {"year": review.year - 1})
    if review.internal:
        headers.append(_("Margin %(year)s") % {"year": review.year})
    out = []
    for pk in sorted(names, key=lambda p: (p != review.account.pk, names[p])):
        this, before = found.get((pk, review.year), {}), found.get((pk, review.year - 1), {})
        row = [
            Cell(names[pk]),
            Cell(this.get("revenue") or ZERO, MONEY),
            Cell(before.get("revenue") or ZERO, MONEY),
        ]
        if review.internal:
            row.append(Cell(this.get("earned") or ZERO, MONEY))
        out.append(row)
    return Section("branches", _("Revenue per branch"), headers, out)


def _products(review: Review, user: User, ids: list[int]) -> Section:
    first = date(review.year - 1, 1, 1)
    orders = _orders(user, ids, first, date(review.year, 12, 31))
    rows = (
        OrderLine.objects.filter(order__in=orders.values("pk"))
        .values("product_group", year=ExtractYear("order__delivered_on"))
        .order_by()
        .annotate(revenue=Sum("net", output_field=SUM))
    )
    groups = {
        g.pk: g.name for g in ProductGroup.objects.filter(pk__in={r["product_group"] for r in rows})
    }
    found: dict[str, dict[int, Decimal]] = {}
    for r in rows:
        name = groups.get(r["product_group"]) or _("Other")
        years = found.setdefault(name, {})
        years[r["year"]] = years.get(r["year"], ZERO) + (r["revenue"] or ZERO)
    headers = [
        _("Product group"),
        _("Revenue %(year)s") % {"year": review.year},
        _("Revenue %(year)s") % {"year": review.year - 1},
    ]
    ordered = sorted(found.items(), key=lambda kv: (-kv[1].get(review.year, ZERO), kv[0]))
    return Section(
        "products",
        _("Products bought"),
        headers,
        [
            [
                Cell(name),
                Cell(y.get(review.year, ZERO), MONEY),
                Cell(y.get(review.year - 1, ZERO), MONEY),
            ]
            for name, y in ordered
        ],
    )


def _satisfaction(review: Review, user: User, ids: list[int]) -> Section:
    surveys = surveys_readable(user).filter(
        account__in=ids, answered_at__year=review.year, score__isnull=False
    )
    found = surveys.aggregate(
        n=Count("pk"),
        promoters=Count("pk", filter=Q(score__gte=9)),
        detractors=Count("pk", filter=Q(score__lte=6)),
        score=Avg("score"),
    )
    n = found["n"] or 0
    nps = (
        Decimal((found["promoters"] - found["detractors"]) * 100 / n).quantize(Decimal(1))
        if n
        else None
    )
    average = Decimal(str(found["score"])).quantize(Decimal("0.1")) if n else None
    return Section(
        "satisfaction",
        _("Satisfaction"),
        [_("Measure"), _("Value")],
        [
            [Cell(_("Surveys answered")), Cell(n, COUNT)],
            [Cell(_("Average score (0-10)")), Cell(average, NUMBER)],
            [Cell(_("Net promoter score")), Cell(nps, COUNT)],
        ],
    )


def _complaints(review: Review, user: User, ids: list[int]) -> Section:
    rows = complaints_readable(user).filter(account__in=ids)
    year = rows.filter(received_at__year=review.year)
    by_category = (
        year.order_by()
        .values("category__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "category__name")
    )
    out = [[Cell(r["category__name"] or _("Other")), Cell(r["n"], COUNT)] for r in by_category]
    out.append([Cell(_("Received in the year")), Cell(year.count(), COUNT)])
    out.append([Cell(_("Still open")), Cell(rows.filter(status__in=OPEN_STATUSES).count(), COUNT)])
    return Section("complaints", _("Complaints"), [_("Category"), _("Number")], out)


def _commitments(review: Review, user: User, ids: list[int]) -> Section:
    rows = (
        commitments_readable(user)
        .filter(account__in=ids)
        .filter(Q(due_date__year=review.year) | Q(status=CommitmentStatus.OPEN))
        .exclude(status=CommitmentStatus.CANCELLED)
        .order_by("due_date", "pk")
    )
    return Section(
        "commitments",
        _("Agreements and commitments"),
        [_("Commitment"), _("By"), _("Due"), _("Status")],
        [
            [
                Cell(c.description),
                Cell(str(c.get_direction_display())),
                Cell(as_text(c.due_date)),
                Cell(str(c.get_status_display())),
            ]
            for c in rows[:200]
        ],
    )


def review_of(user: User, account: Account, year: int, *, internal: bool) -> Review:
    review = Review(account, year, internal)
    ids = tree_ids(user, account)
    years = _orders(user, ids, date(year - YEARS + 1, 1, 1), date(year, 12, 31))
    last_two = _orders(user, ids, date(year - 1, 1, 1), date(year, 12, 31))
    review.sections = [
        s
        for s in (
            _trend(review, years),
            _branches(review, last_two),
            _products(review, user, ids),
            _satisfaction(review, user, ids),
            _complaints(review, user, ids),
            _commitments(review, user, ids),
        )
        if s is not None
    ]
    plan = AccountPlan.objects.filter(account=account, year=year).order_by("-pk").first()
    review.agreements = plan.agreements if plan is not None else ""
    this_year = review.sections[0].rows[-1][YEARS].value
    review.facts = [
        (_("Account"), Cell(account.name)),
        (_("Year"), Cell(str(year))),
        (_("Account manager"), Cell(account.owner.get_full_name() or str(account.owner))),
        (_("Revenue %(year)s") % {"year": year}, Cell(this_year, MONEY)),
    ]
    if internal:
        margin = review.sections[0].rows[-1][2 * YEARS].value
        review.facts.append((_("Margin %(year)s") % {"year": year}, Cell(margin, MONEY)))
    return review
