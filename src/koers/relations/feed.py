"""The private iCalendar feed (RFC 5545) of a user's activities, and the event of one activity
that the CalDAV push sends too.

A calendar updates an event instead of duplicating it by its UID (`activity-<pk>@<site host>`),
and takes a changed event by its SEQUENCE, which follows the activity's version: every change,
a move included, raises it. Times are in Europe/Amsterdam with its VTIMEZONE.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max, QuerySet, Sum, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from koers.core.models import User
from koers.relations.models import Activity, ActivityStatus
from koers.relations.queries import activities_readable

PAST_DAYS = 30
FUTURE_DAYS = 180
ZONE = ZoneInfo("Europe/Amsterdam")
PRODID = "-//Koers//Koers CRM//NL"


def site_host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "koers"


def activity_uid(activity_pk: int) -> str:
    """Stable for the life of the activity: the calendar's key for it."""
    return f"activity-{activity_pk}@{site_host()}"


def feed_activities(
    user: User, now: datetime | None = None, statuses: Sequence[str] = ActivityStatus.values
) -> list[Activity]:
    """The user's own activities (owner, or a colleague who joins) of the feed's window, that
    they may still read, in time order, with what one event needs: three queries.

    Owned and joined are two queries rather than one with an OR: each then walks its own index
    (owner, status, planned_start; and the colleague rows of the user), where the OR made
    PostgreSQL scan every activity of the window.
    """
    owned, with_colleague = _owned_and_joined(user, now or timezone.now(), statuses)
    owned = owned.select_related("account")
    with_colleague = with_colleague.select_related("account")
    activities = sorted([*owned, *with_colleague], key=lambda a: (a.planned_start, a.pk))
    prefetch_related_objects(activities, "contacts")
    return activities


def _owned_and_joined(
    user: User, now: datetime, statuses: Sequence[str] = ActivityStatus.values
) -> tuple[QuerySet[Activity], QuerySet[Activity]]:
    window = activities_readable(user).filter(
        planned_start__gte=now - timedelta(days=PAST_DAYS),
        planned_start__lt=now + timedelta(days=FUTURE_DAYS),
        status__in=list(statuses),
    )
    joined = Activity.colleagues.through.objects.filter(user_id=user.pk).values("activity_id")
    return window.filter(owner=user), window.filter(pk__in=joined).exclude(owner=user)


def _times(activity: Activity) -> tuple[datetime, datetime]:
    """When it happened for a done activity with actual times, else when it is planned."""
    if activity.status == ActivityStatus.DONE and activity.actual_start:
        start = activity.actual_start
        end = activity.actual_end or start
    else:
        start = activity.planned_start
        end = start + timedelta(minutes=activity.duration)
    return start.astimezone(ZONE), end.astimezone(ZONE)


def _description(activity: Activity) -> str:
    lines = [activity.subject]
    contacts = ", ".join(str(c) for c in activity.contacts.all())
    if contacts:
        lines.append(_("Contacts: %(names)s") % {"names": contacts})
    if activity.status == ActivityStatus.DONE and activity.outcome:
        lines.append(_("Outcome: %(outcome)s") % {"outcome": activity.outcome})
    if activity.status == ActivityStatus.CANCELLED:
        lines.append(_("Cancelled: %(reason)s") % {"reason": activity.get_cancel_reason_display()})
    lines.append(activity_url(activity))
    return "\n".join(lines)


def activity_url(activity: Activity) -> str:
    path = reverse("relations:activity_detail", args=[activity.pk])
    return settings.SITE_URL.rstrip("/") + path


def activity_event(activity: Activity, *, min_sequence: int = 0) -> Event:
    """The VEVENT of one activity, in the active language. `min_sequence`: a calendar that was
    changed on its side has raised the SEQUENCE itself; Koers's update must lie above it."""
    start, end = _times(activity)
    summary = f"{activity.get_kind_display()} · {activity.account.name}"
    if activity.status == ActivityStatus.CANCELLED:
        # Some calendars (Outlook's subscriptions) show a cancelled event as if it were on.
        summary = _("Cancelled: %(summary)s") % {"summary": summary}
    event = Event()
    event.add("uid", activity_uid(activity.pk))
    # Without a METHOD, DTSTAMP is when the event last changed in the store (RFC 5545 3.8.7.2).
    event.add("dtstamp", activity.updated_at)
    event.add("last-modified", activity.updated_at)
    event.add("created", activity.created_at)
    event.add("dtstart", start)
    if end > start:
        # A note or an e-mail takes no time: no DTEND, which must lie after DTSTART.
        event.add("dtend", end)
    event.add("summary", summary)
    event.add("sequence", max(activity.version - 1, min_sequence))
    event.add("status", "CANCELLED" if activity.status == ActivityStatus.CANCELLED else "CONFIRMED")
    if activity.location:
        event.add("location", activity.location)
    event.add("description", _description(activity))
    event.add("url", activity_url(activity))
    return event


def calendar_of(events: Iterable[Event], name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(ZONE))
    # How often a subscribing calendar should fetch again (RFC 7986, and Apple's/Outlook's name).
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    # Always there: a VCALENDAR needs one component at least (RFC 5545 3.6), even when empty.
    calendar.add_component(Timezone.from_tzid(str(ZONE)))
    for event in events:
        calendar.add_component(event)
    return calendar


def feed_for(user: User, now: datetime | None = None) -> bytes:
    """The whole feed of `user`, in their language."""
    with translation.override(user.language or settings.LANGUAGE_CODE):
        events = [activity_event(a) for a in feed_activities(user, now)]
        name = _("Koers: %(name)s") % {"name": user.get_full_name() or user.username}
        return calendar_of(events, name).to_ical()


# How long a rendered feed is served again while its activities have not changed: what the
# fingerprint does not see (an account or contact renamed) shows within this time.
CACHE_SECONDS = 3600


def feed_fingerprint(user: User, token: str, now: datetime | None = None) -> str:
    """What the feed of `user` depends on, as a short hash (the ETag and the cache key): the
    feed's address, the day (the window moves daily), the user's name and language, and per
    query of `feed_activities` how many activities, the sum of their ids and versions and their
    last change. Any write to an activity raises its version, a removed or added one (or one
    whose account the user may no longer read) changes the count and the sum of ids. Two
    aggregate queries, where rendering a busy user's feed takes seconds (docs/performance.md)."""
    now = now or timezone.now()
    parts: list[object] = [
        token,
        timezone.localdate(now).isoformat(),
        user.language,
        user.get_full_name(),
        user.username,
        settings.SITE_URL,
    ]
    for rows in _owned_and_joined(user, now):
        totals = rows.order_by().aggregate(
            n=Count("pk"), ids=Sum("pk"), versions=Sum("version"), changed=Max("updated_at")
        )
        parts += [totals["n"], totals["ids"], totals["versions"], totals["changed"]]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cached_feed(user: User, fingerprint: str, now: datetime | None = None) -> bytes:
    """The feed of `user` for `fingerprint`, rendered once and served from the cache while the
    fingerprint holds (at most CACHE_SECONDS)."""
    key = f"relations:feed:{fingerprint}"
    body = cache.get(key)
    if body is None:
        body = feed_for(user, now)
        cache.set(key, body, CACHE_SECONDS)
    return body
