"""Reads of subscriptions: a user sees and manages only their own."""

from __future__ import annotations

from django.db.models import Max, Q, QuerySet

from koers.core.models import User
from koers.insights.subscriptions.models import Subscription


def subscriptions_of(user: User) -> QuerySet[Subscription]:
    return (
        Subscription.objects.filter(user=user)
        .annotate(last_sent=Max("copies__day", filter=Q(copies__sent=True)))
        .prefetch_related("also_to")
        .order_by("pk")
    )
