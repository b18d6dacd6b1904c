"""Subscribing, unsubscribing and sending the copies. One transaction per function."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.insights.subscriptions.models import (
    Frequency,
    SubscribedView,
    Subscription,
    SubscriptionCopy,
)

# The filters each page keeps. `date` is left out on purpose: a copy shows the period (week,
# month, quarter, year) that holds the day before it is sent; only a range is fixed.
KEPT = {
    SubscribedView.DASHBOARD: ("period", "start", "end", "segment", "tier", "compare"),
    SubscribedView.TEAM: ("period", "start", "end", "segment", "tier", "team", "sort", "dir"),
    SubscribedView.TEAM_REPORTS: ("period", "team"),
}
MAX_ALSO_TO = 20


def clean_query(view: str, data: Mapping[str, Any] | str) -> str:
    """The page's filters worth keeping, in a fixed order."""
    pairs: dict[str, Any] = (
        dict(parse_qsl(data)) if isinstance(data, str) else {k: data.get(k) for k in data}
    )
    kept = KEPT.get(SubscribedView(view), ()) if view in SubscribedView.values else ()
    found = {k: str(pairs[k]) for k in kept if pairs.get(k) not in (None, "")}
    if found.get("period") != "range":
        found.pop("start", None)
        found.pop("end", None)
    return urlencode(found)[:500]


def may_subscribe(user: User, view: str) -> bool:
    """The team's figures and the team's reports are for those who may read them."""
    from koers.insights.reports.queries import teams_reported_on

    if view == SubscribedView.TEAM:
        return access.can_read_team_insights(user)
    if view == SubscribedView.TEAM_REPORTS:
        return teams_reported_on(user).exists()
    return True


def is_due(subscription: Subscription, day: date) -> bool:
    """Daily on working days, weekly on Mondays, monthly on the first of the month."""
    if subscription.frequency == Frequency.WEEKLY:
        return day.weekday() == 0
    if subscription.frequency == Frequency.MONTHLY:
        return day.day == 1
    return day.weekday() < 5


def anchor_for(day: date) -> date:
    """The day whose period a copy shows: the day before, so that the Monday copy of a week
    shows the week just ended and the copy of the first shows the month just ended."""
    return day - timedelta(days=1)


def _recipients(actor: User, ids: Iterable[int]) -> list[User]:
    wanted = sorted({int(i) for i in ids} - {actor.pk})
    if len(wanted) > MAX_ALSO_TO:
        message = _("At most %(count)d colleagues.") % {"count": MAX_ALSO_TO}
        raise ValidationError({"also_to": [ValidationError(message, code="too_many")]})
    found = list(access.users_readable(actor).filter(pk__in=wanted).exclude(email=""))
    if len(found) != len(wanted):
        missing = sorted(set(wanted) - {u.pk for u in found})
        message = _("No active colleague with an e-mail address has id %(ids)s.") % {
            "ids": ", ".join(str(i) for i in missing)
        }
        raise ValidationError({"also_to": [ValidationError(message, code="not_found")]})
    return found


@transaction.atomic
def subscription_create(
    *,
    actor: User,
    view: str,
    data: Mapping[str, Any] | str,
    frequency: str,
    also_to: Iterable[int] = (),
) -> Subscription:
    errors: dict[str, list[str]] = {}
    if view not in SubscribedView.values:
        errors["view"] = [
            _("Choose a page: %(pages)s.") % {"pages": ", ".join(SubscribedView.values)}
        ]
    elif not may_subscribe(actor, view):
        raise NotAllowed
    if frequency not in Frequency.values:
        errors["frequency"] = [
            _("Choose how often: %(choices)s.") % {"choices": ", ".join(Frequency.values)}
        ]
    if errors:
        raise ValidationError(errors)
    if not actor.email:
        message = _("Your account has no e-mail address to send to.")
        raise ValidationError(message, code="no_address")
    recipients = _recipients(actor, also_to)
    subscription = Subscription.objects.create(
        user=actor, view=view, query=clean_query(view, data), frequency=frequency
    )
    subscription.also_to.set(recipients)
    return subscription


@transaction.atomic
def subscription_delete(*, actor: User, subscription: Subscription) -> None:
    if subscription.user_id != actor.pk:
        raise NotAllowed
    subscription.delete()


def send_copy(subscription: Subscription, recipient: User, day: date) -> bool:
    """Sends `recipient`'s copy of `day` unless it was sent (or found empty) before; True if
    sent. The claim and the mail go together: if sending fails, the claim is rolled back and
    the next run tries again."""
    from koers.insights.subscriptions.copies import send

    with transaction.atomic():
        _claim, created = SubscriptionCopy.objects.get_or_create(
            subscription=subscription, recipient=recipient, day=day, defaults={"sent": False}
        )
        if not created:
            return False
        if not send(subscription, recipient, anchor_for(day)):
            return False
        SubscriptionCopy.objects.filter(
            subscription=subscription, recipient=recipient, day=day
        ).update(sent=True)
        return True


def send_due(day: date) -> int:
    """Every copy due on `day`; returns how many were sent. Each copy is its own transaction,
    so one that fails leaves the others sent and is tried again on the next run."""
    sent = 0
    due = Subscription.objects.filter(user__is_active=True).select_related("user")
    for subscription in due.prefetch_related("also_to").order_by("pk"):
        if not is_due(subscription, day):
            continue
        for recipient in [subscription.user, *subscription.also_to.all()]:
            if recipient.is_active:
                sent += send_copy(subscription, recipient, day)
    return sent


def send_now(*, actor: User, subscription: Subscription) -> bool:
    """A copy to the subscriber now, outside the schedule ("send me one now"): the period
    that holds today, as the page shows it."""
    from koers.insights.subscriptions.copies import send

    if subscription.user_id != actor.pk:
        raise NotAllowed
    return send(subscription, actor, timezone.localdate())
