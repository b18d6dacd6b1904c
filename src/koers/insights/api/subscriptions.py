"""Subscriptions in the API: `GET/POST /insights/subscriptions`, `DELETE …/{id}`. A caller
sees and manages only their own, as on the page."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.api.errors import COMMON_RESPONSES
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, dump
from koers.core.http import ApiRequest
from koers.insights.subscriptions import queries, services
from koers.insights.subscriptions.models import Frequency, SubscribedView, Subscription

router = Router(tags=["insights"])

SubscriptionId = PathEx[int, P(ge=1, le=MAX_ID, description="The subscription's id.")]


class InsightSubscriptionIn(Schema):
    view: SubscribedView = Field(description="The page: `dashboard` (my figures) or `team`.")
    filters: str = Field(
        "",
        max_length=500,
        description="The page's filters as a query string, e.g. `period=quarter&compare="
        "last_year`; filters the page does not know are left out, and so is a fixed `date`.",
    )
    frequency: Frequency
    also_to_ids: list[int] = Field(
        default_factory=list,
        max_length=services.MAX_ALSO_TO,
        description="Colleagues (user ids) who get their own copy, with what they may read.",
    )


class InsightSubscriptionOut(Schema):
    id: int
    view: SubscribedView
    filters: str
    frequency: Frequency
    also_to_ids: list[int]
    last_sent: str | None = Field(None, description="The day the last copy went (ISO date).")
    created_at: str


class InsightSubscriptionPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[InsightSubscriptionOut]


def _data(subscription: Subscription) -> dict[str, Any]:
    last_sent = getattr(subscription, "last_sent", None)
    return {
        "id": subscription.pk,
        "view": subscription.view,
        "filters": subscription.query,
        "frequency": subscription.frequency,
        "also_to_ids": sorted(u.pk for u in subscription.also_to.all()),
        "last_sent": last_sent.isoformat() if last_sent else None,
        "created_at": subscription.created_at.isoformat(),
    }


@router.get(
    "/insights/subscriptions",
    response={200: InsightSubscriptionPage, **COMMON_RESPONSES},
    summary="List my subscriptions",
)
def list_subscriptions(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(request, queries.subscriptions_of(request.auth), page, _data)


@router.post(
    "/insights/subscriptions",
    response={201: InsightSubscriptionOut, **COMMON_RESPONSES},
    summary="Subscribe to a page",
)
def create_subscription(
    request: ApiRequest, payload: InsightSubscriptionIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """The daily job mails each copy early in the morning (daily: working days; weekly:
    Mondays; monthly: the first), built as its recipient. `team` needs a reader of the team's
    figures (403 otherwise)."""
    user = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        subscription = services.subscription_create(
            actor=user,
            view=payload.view.value,
            data=payload.filters,
            frequency=payload.frequency.value,
            also_to=payload.also_to_ids,
        )
        found = queries.subscriptions_of(user).get(pk=subscription.pk)
        return 201, dump(InsightSubscriptionOut, _data(found))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.delete(
    "/insights/subscriptions/{subscription_id}",
    response={204: None, **COMMON_RESPONSES},
    summary="Stop a subscription",
)
def delete_subscription(request: ApiRequest, subscription_id: SubscriptionId) -> Status[None]:
    subscription = queries.subscriptions_of(request.auth).get(pk=subscription_id)
    services.subscription_delete(actor=request.auth, subscription=subscription)
    return Status(204, None)
