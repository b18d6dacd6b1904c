"""Reads of after-sales, scoped by the access policy: a survey, an order's after-sales and its
ideas are readable like the order's account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet

from koers.aftersales.models import (
    LOW_SCORE,
    AfterSales,
    AfterSalesSettings,
    Survey,
    SurveyQuestion,
)
from koers.core import access
from koers.core.models import Team, User
from koers.core.paging import in_order
from koers.sales.models import Order
from koers.sales.orders import queries as order_queries


def current_settings() -> AfterSalesSettings:
    return AfterSalesSettings.objects.filter(pk=1).first() or AfterSalesSettings(pk=1)


def active_questions() -> list[SurveyQuestion]:
    return list(SurveyQuestion.objects.filter(active=True))


def may_change_order(user: User, order: Order) -> bool:
    return order_queries.may_change(user, order)


def surveys_readable(user: User) -> QuerySet[Survey]:
    return access.scope_through_account(Survey.objects.all(), user)


def after_sales_of(order: Order) -> AfterSales | None:
    return (
        AfterSales.objects.select_related("call", "closed_by")
        .prefetch_related("ideas__opportunity")
        .filter(order=order)
        .first()
    )


def order_surveys(order: Order) -> list[Survey]:
    return list(order.surveys.select_related("contact", "sent_by", "follow_up", "complaint"))


@dataclass(frozen=True)
class SurveyFilters:
    team: Team | None = None
    owner: User | None = None
    answered_from: date | None = None
    answered_until: date | None = None
    low: bool = False


def surveys_readable_for_page(user: User) -> QuerySet[Survey]:
    """The same surveys as `surveys_readable`, for reading many of them (the figures of a
    manager's team): the readable accounts as hashed lists (`access.through_account_for_page`)
    rather than a check per survey (decision 133)."""
    return Survey.objects.filter(access.through_account_for_page(user))


def surveys_found(
    user: User, filters: SurveyFilters, *, for_figures: bool = False
) -> QuerySet[Survey]:
    """The answered surveys the user may read, newest answer first, by the list's filters;
    `for_figures`: in the form that reads all of them fastest."""
    readable = surveys_readable_for_page(user) if for_figures else surveys_readable(user)
    rows = readable.filter(answered_at__isnull=False)
    if filters.team is not None:
        people = User.objects.filter(Q(teams=filters.team) | Q(managed_teams=filters.team)).values(
            "pk"
        )
        rows = rows.filter(order__owner__in=people)
    if filters.owner is not None:
        rows = rows.filter(order__owner=filters.owner)
    if filters.answered_from is not None:
        rows = rows.filter(answered_at__date__gte=filters.answered_from)
    if filters.answered_until is not None:
        rows = rows.filter(answered_at__date__lte=filters.answered_until)
    if filters.low:
        rows = rows.filter(score__lte=LOW_SCORE)
    return rows.order_by("-answered_at", "-pk")


def with_rows(rows: QuerySet[Survey]) -> QuerySet[Survey]:
    return rows.select_related("order", "order__owner", "account", "contact")


def first_of(rows: QuerySet[Survey], limit: int) -> list[Survey]:
    """The first `limit` surveys of `rows` in their order with their related rows: the ids by
    the scoped query, then the surveys by id (planning the scoped query joined to four related
    tables took longer than running it; decision 133)."""
    ids = list(rows.values_list("pk", flat=True)[:limit])
    return in_order(ids, lambda page: with_rows(Survey.objects.filter(pk__in=page)))


def survey_figures(rows: QuerySet[Survey]) -> dict[str, Any]:
    """Count, averages and the NPS (% promoters 9-10 less % detractors 0-6) in one query."""
    figures = rows.order_by().aggregate(
        answered=Count("pk"),
        average=Avg("score"),
        sales=Avg("sales_score"),
        delivery=Avg("delivery_score"),
        product=Avg("product_score"),
        promoters=Count("pk", filter=Q(score__gte=9)),
        detractors=Count("pk", filter=Q(score__lte=LOW_SCORE)),
    )
    answered = figures["answered"]
    figures["nps"] = (
        round(100 * (figures["promoters"] - figures["detractors"]) / answered) if answered else None
    )
    return figures
