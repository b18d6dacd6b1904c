"""Two-way sync of a user's planned activities with their own CalDAV calendar (Nextcloud,
iCloud, Fastmail, Radicale ...), with the `caldav` client.

One run: read every event of the calendar once, pull what changed there since Koers last pushed
(a moved event reschedules its activity, a deleted or cancelled one cancels it), then push what
changed in Koers. Each event is stored at the address its UID names, so pushing again after a run
that failed halfway overwrites instead of duplicating. When both sides changed since the last
push, Koers wins: its state is pushed over the calendar's (docs/decisions.md).

No database transaction is held across the network: each pulled change is a service of its own,
and the mapping row of an event is written right after its push.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, cast

from caldav.collection import Calendar as DavCalendar
from caldav.davclient import DAVClient
from caldav.lib import error as dav_error
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Event

from koers.core.errors import NotAllowed
from koers.relations import services
from koers.relations.feed import ZONE, activity_event, activity_uid, calendar_of, feed_activities
from koers.relations.models import (
    Activity,
    ActivityStatus,
    CalendarSync,
    CalendarSyncStatus,
    CancelReason,
    SyncedEvent,
)
from koers.relations.secret_box import SecretUnreadable, decrypt

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 20


@dataclass
class Outcome:
    pushed: int = 0
    moved: int = 0
    cancelled: int = 0
    removed: int = 0


def calendar_sync_run(sync: CalendarSync) -> Outcome | None:
    """Runs one sync and records how it ended on `sync` (status, message, times); returns what
    it did, or None when it failed. Never raises for a calendar's fault: the user sees the
    message on the settings page and can try again."""
    sync.last_attempt_at = timezone.now()
    try:
        with translation.override(sync.user.language or settings.LANGUAGE_CODE):
            outcome = _run(sync)
    except Exception as exc:
        # Whatever the far side did (refused, unreachable, odd answers), the run ends as failed
        # with a message the user sees, and the next run tries again.
        logger.warning("calendar sync of user %s failed", sync.user_id, exc_info=True)
        with translation.override(sync.user.language or settings.LANGUAGE_CODE):
            sync.message = failure_message(exc)[:300]
        sync.status = CalendarSyncStatus.FAILED
        sync.save(update_fields=["status", "message", "last_attempt_at"])
        return None
    sync.status = CalendarSyncStatus.OK
    sync.message = ""
    sync.last_success_at = sync.last_attempt_at
    sync.save(update_fields=["status", "message", "last_attempt_at", "last_success_at"])
    return outcome


def failure_message(exc: Exception) -> str:
    if isinstance(exc, SecretUnreadable):
        return _("Koers can no longer read your app password. Enter it again.")
    if isinstance(exc, dav_error.AuthorizationError):
        return _("Your calendar refused the user name or app password.")
    if isinstance(exc, dav_error.NotFoundError):
        return _("There is no calendar at this address.")
    if isinstance(exc, dav_error.DAVError):
        return _("Your calendar answered with an error: %(error)s") % {"error": exc}
    if isinstance(exc, OSError) or "connect" in type(exc).__name__.lower():
        return _("Your calendar could not be reached. Check the address, or try again later.")
    return _("The sync failed (%(error)s). Try again later.") % {"error": type(exc).__name__}


def _run(sync: CalendarSync) -> Outcome:
    client = DAVClient(
        url=sync.url,
        username=sync.username,
        password=decrypt(sync.password_encrypted),
        timeout=TIMEOUT_SECONDS,
        rate_limit_handle=False,
    )
    calendar = DavCalendar(client=client, url=sync.url)
    remote = _remote_events(calendar)
    outcome = Outcome()
    _pull(sync, remote, outcome)
    _push(sync, calendar, remote, outcome)
    return outcome


def _remote_events(calendar: DavCalendar) -> dict[str, Event]:
    """The calendar's events by UID, all read in one go."""
    events: dict[str, Event] = {}
    # The client's methods are typed for its async twin too; this is the blocking client.
    for resource in cast(list[Any], calendar.events()):
        component = resource.icalendar_component
        events[str(component.get("UID", ""))] = component
    return events


def _start_in_calendar(component: Event, activity: Activity) -> datetime | None:
    """Where the calendar has the event now; an event made all-day keeps its time of day."""
    value: Any = component.get("DTSTART")
    if value is None:
        return None
    start = value.dt
    if isinstance(start, datetime):
        return start if timezone.is_aware(start) else timezone.make_aware(start, ZONE)
    planned = timezone.localtime(activity.planned_start, ZONE)
    return datetime.combine(start, time(planned.hour, planned.minute), tzinfo=ZONE)


def _pull(sync: CalendarSync, remote: dict[str, Event], outcome: Outcome) -> None:
    mapped = sync.events.select_related("activity__account")
    for synced in mapped:
        activity = synced.activity
        if activity.status != ActivityStatus.PLANNED or activity.version != synced.pushed_version:
            continue  # changed in Koers since the push: Koers wins, the push sends it again
        if activity.owner_id != sync.user_id:
            continue  # a colleague who joins does not move or cancel the owner's activity
        try:
            _pull_one(sync, synced, remote.get(activity_uid(activity.pk)), outcome)
        except NotAllowed:
            logger.info("user %s may no longer change activity %s", sync.user_id, activity.pk)


def _pull_one(
    sync: CalendarSync, synced: SyncedEvent, component: Event | None, outcome: Outcome
) -> None:
    activity = synced.activity
    if component is None or str(component.get("STATUS", "")).upper() == "CANCELLED":
        note = (
            _("Deleted in your calendar") if component is None else _("Cancelled in your calendar")
        )
        services.activity_cancel(
            actor=sync.user, activity=activity, reason=CancelReason.US, note=note
        )
        outcome.cancelled += 1
        return
    start = _start_in_calendar(component, activity)
    if start is not None and start != synced.pushed_start:
        services.activity_reschedule(actor=sync.user, activity=activity, planned_start=start)
        outcome.moved += 1


def _push(
    sync: CalendarSync, calendar: DavCalendar, remote: dict[str, Event], outcome: Outcome
) -> None:
    mapped = {s.activity_id: s for s in sync.events.all()}
    planned = feed_activities(sync.user, statuses=[ActivityStatus.PLANNED])
    for activity in planned:
        synced = mapped.pop(activity.pk, None)
        present = activity_uid(activity.pk) in remote
        if synced is not None and synced.pushed_version == activity.version and present:
            continue
        _put(sync, calendar, activity, remote.get(activity_uid(activity.pk)))
        outcome.pushed += 1
    # Pushed before, no longer planned in the window: done, cancelled, moved far away, or out of
    # the user's reach. A done one is sent once more as done; the others leave the calendar.
    gone = Activity.objects.filter(pk__in=mapped).select_related("account")
    for activity in gone.prefetch_related("contacts"):
        uid = activity_uid(activity.pk)
        if activity.status == ActivityStatus.DONE and uid in remote:
            calendar.add_event(_ical(sync, activity, remote[uid]), increase_seqno=False)
        elif uid in remote:
            calendar.event_by_url(mapped[activity.pk].href).delete()
            outcome.removed += 1
        mapped[activity.pk].delete()


def _ical(sync: CalendarSync, activity: Activity, there: Event | None) -> str:
    name = _("Koers: %(name)s") % {"name": sync.user.get_full_name() or sync.user.username}
    # Above the calendar's own SEQUENCE, so that its clients take Koers's version.
    above = int(there.get("SEQUENCE", -1)) + 1 if there is not None else 0
    event = activity_event(activity, min_sequence=above)
    return calendar_of([event], name).to_ical().decode()


def _put(
    sync: CalendarSync, calendar: DavCalendar, activity: Activity, there: Event | None
) -> None:
    # The event's address comes from its UID: a second push (a retry) replaces the first.
    # SEQUENCE is Koers's to set: the client would raise it on every save.
    ical = _ical(sync, activity, there)
    resource = cast(Any, calendar.add_event(ical, increase_seqno=False))
    SyncedEvent.objects.update_or_create(
        sync=sync,
        activity=activity,
        defaults={
            "href": str(resource.url),
            "pushed_version": activity.version,
            "pushed_start": activity.planned_start,
        },
    )


def sync_all() -> int:
    """Every user's sync (the daily job); one user's failure does not stop the others. Returns
    how many ended well."""
    ended_well = 0
    for sync in CalendarSync.objects.select_related("user").filter(user__is_active=True):
        if calendar_sync_run(sync) is not None:
            ended_well += 1
    return ended_well
