"""Reads of the gifts register, scoped by the access policy: a gift is readable by whoever may
read its account and changed by whoever may change it (docs/decisions.md, 39); decisions are
the manager's of the colleague who gives (`access.people_decided_by`)."""

from __future__ import annotations

from django.db.models import QuerySet

from koers.core import access
from koers.core.models import User
from koers.gifts.models import Gift, GiftDirection, GiftStatus

RELATED = ("account", "contact", "person", "decided_by", "noted_by")


def gifts_readable(user: User) -> QuerySet[Gift]:
    return access.scope_through_account(Gift.objects.all(), user)


def gifts_writable(user: User) -> QuerySet[Gift]:
    return access.scope_through_account(Gift.objects.all(), user, write=True)


def gift_for_detail(user: User, pk: int) -> Gift:
    """Raises Gift.DoesNotExist for a gift of an account the user may not read."""
    return gifts_readable(user).select_related(*RELATED).get(pk=pk)


def awaiting_decision(user: User) -> QuerySet[Gift]:
    """Requests `user` decides on, the oldest request first."""
    return (
        gifts_readable(user)
        .filter(status=GiftStatus.REQUESTED, person__in=access.people_decided_by(user))
        .select_related(*RELATED)
        .order_by("created_at", "pk")
    )


def flagged_for(user: User) -> QuerySet[Gift]:
    """Gifts received above the limit by the people `user` decides for, not yet noted."""
    return (
        gifts_readable(user)
        .filter(
            direction=GiftDirection.RECEIVED,
            above_limit=True,
            noted_at__isnull=True,
            person__in=access.people_decided_by(user),
        )
        .select_related(*RELATED)
        .order_by("-date", "-pk")
    )


def decisions_count(user: User) -> int:
    """What waits for `user`: requests to decide and received gifts to note."""
    if not access.may_decide(user):
        return 0
    return awaiting_decision(user).count() + flagged_for(user).count()
