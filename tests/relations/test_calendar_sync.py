"""Two-way sync with the user's own CalDAV calendar, against a real Radicale server on loopback
(tests/relations/conftest.py): push, pull of moves and deletions, failures and retries."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar as ICalendar

from koers.relations import services, tasks
from koers.relations.caldav_sync import calendar_sync_run
from koers.relations.models import (
    Activity,
    ActivityStatus,
    CalendarSync,
    CalendarSyncStatus,
    CancelReason,
    SyncedEvent,
)
from koers.relations.secret_box import decrypt
from tests.factories import make_account
from tests.relations.conftest import DAV_PASSWORD, DAV_USER
from tests.relations.factories import plan

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://koers.example.nl"


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen", visit_street="Dorpsstraat 1")


def tomorrow(hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


def connect(user, dav_calendar, password: str = DAV_PASSWORD) -> CalendarSync:
    return services.calendar_sync_connect(
        actor=user, url=str(dav_calendar.url), username=DAV_USER, password=password
    )


def remote(dav_calendar) -> dict[str, Any]:
    """The calendar's events by UID, as another client of the calendar reads them."""
    return {str(e.icalendar_component["UID"]): e.icalendar_component for e in dav_calendar.events()}


def uid(activity: Activity) -> str:
    return f"activity-{activity.pk}@koers.example.nl"


def test_planned_activities_are_pushed_to_the_calendar(people, account, dav_calendar):
    visit = plan(people.alice, account, subject="Review", planned_start=tomorrow(10))
    done = plan(people.alice, account, subject="Done call", planned_start=tomorrow(8))
    services.activity_complete(actor=people.alice, activity=done)
    sync = connect(people.alice, dav_calendar)

    outcome = calendar_sync_run(sync)

    events = remote(dav_calendar)
    assert list(events) == [uid(visit)]
    assert events[uid(visit)]["DTSTART"].dt == tomorrow(10)
    assert str(events[uid(visit)]["SUMMARY"]) == "Visit · Bakkerij Jansen"
    assert outcome is not None and outcome.pushed == 1
    sync.refresh_from_db()
    assert (sync.status, sync.message) == (CalendarSyncStatus.OK, "")
    assert sync.last_success_at is not None


def test_a_second_run_pushes_nothing_again(people, account, dav_calendar):
    plan(people.alice, account, planned_start=tomorrow(10))
    sync = connect(people.alice, dav_calendar)
    calendar_sync_run(sync)

    outcome = calendar_sync_run(sync)

    assert outcome is not None and outcome.pushed == 0
    assert len(remote(dav_calendar)) == 1


def test_an_event_moved_in_the_calendar_reschedules_the_activity(people, account, dav_calendar):
    visit = plan(people.alice, account, planned_start=tomorrow(10))
    sync = connect(people.alice, dav_calendar)
    calendar_sync_run(sync)
    event = dav_calendar.event_by_uid(uid(visit))
    component = event.icalendar_component
    component["DTSTART"].dt = tomorrow(14)
    component["DTEND"].dt = tomorrow(15)
    event.save()

    outcome = calendar_sync_run(sync)

    visit.refresh_from_db()
    assert outcome is not None and outcome.moved == 1
    assert (visit.planned_start, visit.status, visit.version) == (
        tomorrow(14),
        ActivityStatus.PLANNED,
        2,
    )
    # Koers's version went back above the SEQUENCE the calendar gave the event when moving it.
    assert remote(dav_calendar)[uid(visit)]["SEQUENCE"] == 2


def test_an_event_deleted_in_the_calendar_cancels_the_activity(people, account, dav_calendar):
    visit = plan(people.alice, account, planned_start=tomorrow(10))
    sync = connect(people.alice, dav_calendar)
    calendar_sync_run(sync)
    dav_calendar.event_by_uid(uid(visit)).delete()

    calendar_sync_run(sync)

    visit.refresh_from_db()
    assert (visit.status, visit.cancel_reason, visit.cancel_note) == (
        ActivityStatus.CANCELLED,
        CancelReason.US,
        "Deleted in your calendar",
    )
    assert remote(dav_calendar) == {}
    assert not SyncedEvent.objects.exists()


def test_a_colleague_who_joins_cannot_cancel_the_owners_visit_from_his_calendar(
    people, account, dav_calendar
):
    account.team_members.create(user=people.bob, role="co_account_manager")
    visit = plan(people.alice, account, colleagues=[people.bob], planned_start=tomorrow(10))
    sync = connect(people.bob, dav_calendar)
    calendar_sync_run(sync)
    dav_calendar.event_by_uid(uid(visit)).delete()

    calendar_sync_run(sync)

    visit.refresh_from_db()
    assert visit.status == ActivityStatus.PLANNED
    assert list(remote(dav_calendar)) == [uid(visit)]


def test_changes_in_koers_reach_the_calendar(people, account, dav_calendar):
    moved = plan(people.alice, account, subject="Moved", planned_start=tomorrow(10))
    cancelled = plan(people.alice, account, subject="Off", planned_start=tomorrow(12))
    sync = connect(people.alice, dav_calendar)
    calendar_sync_run(sync)
    services.activity_reschedule(actor=people.alice, activity=moved, planned_start=tomorrow(16))
    services.activity_cancel(actor=people.alice, activity=cancelled, reason=CancelReason.CUSTOMER)

    outcome = calendar_sync_run(sync)

    events = remote(dav_calendar)
    assert list(events) == [uid(moved)]
    assert events[uid(moved)]["DTSTART"].dt == tomorrow(16)
    assert outcome is not None and (outcome.pushed, outcome.removed) == (1, 1)


def test_koers_wins_when_both_sides_moved_the_same_activity(people, account, dav_calendar):
    visit = plan(people.alice, account, planned_start=tomorrow(10))
    sync = connect(people.alice, dav_calendar)
    calendar_sync_run(sync)
    event = dav_calendar.event_by_uid(uid(visit))
    event.icalendar_component["DTSTART"].dt = tomorrow(7)
    event.icalendar_component["DTEND"].dt = tomorrow(8)
    event.save()
    services.activity_reschedule(actor=people.alice, activity=visit, planned_start=tomorrow(11))

    calendar_sync_run(sync)

    visit.refresh_from_db()
    assert visit.planned_start == tomorrow(11)
    assert remote(dav_calendar)[uid(visit)]["DTSTART"].dt == tomorrow(11)


def test_a_refused_password_fails_with_a_message_and_a_retry_creates_nothing_twice(
    people, account, dav_calendar
):
    first = plan(people.alice, account, planned_start=tomorrow(10))
    second = plan(people.alice, account, planned_start=tomorrow(12))
    sync = connect(people.alice, dav_calendar, password="wrong")

    assert calendar_sync_run(sync) is None
    sync.refresh_from_db()
    assert sync.status == CalendarSyncStatus.FAILED
    assert sync.message == "Your calendar refused the user name or app password."
    assert remote(dav_calendar) == {}

    sync = connect(people.alice, dav_calendar)
    calendar_sync_run(sync)
    # A run that pushed but died before it noted what it pushed: the next one pushes again.
    SyncedEvent.objects.all().delete()
    calendar_sync_run(sync)

    assert sorted(remote(dav_calendar)) == sorted([uid(first), uid(second)])
    assert SyncedEvent.objects.count() == 2
    assert Activity.objects.filter(status=ActivityStatus.PLANNED).count() == 2


def test_an_unreachable_calendar_fails_with_a_message(people, account):
    plan(people.alice, account, planned_start=tomorrow(10))
    sync = services.calendar_sync_connect(
        actor=people.alice, url="http://127.0.0.1:9/dav/", username="a", password="b"
    )

    calendar_sync_run(sync)

    sync.refresh_from_db()
    assert sync.status == CalendarSyncStatus.FAILED
    assert sync.message == (
        "Your calendar could not be reached. Check the address, or try again later."
    )


def test_the_app_password_is_stored_encrypted(people, dav_calendar):
    sync = connect(people.alice, dav_calendar)

    assert DAV_PASSWORD not in sync.password_encrypted
    assert decrypt(sync.password_encrypted) == DAV_PASSWORD


def test_changing_the_address_keeps_the_password_when_left_empty(people, dav_calendar):
    connect(people.alice, dav_calendar)

    sync = services.calendar_sync_connect(
        actor=people.alice, url=str(dav_calendar.url), username=DAV_USER, password=""
    )

    assert decrypt(sync.password_encrypted) == DAV_PASSWORD


def test_the_daily_job_syncs_every_user_who_turned_it_on(people, account, dav_calendar):
    visit = plan(people.alice, account, planned_start=tomorrow(10))
    connect(people.alice, dav_calendar)
    services.calendar_sync_connect(
        actor=people.bob, url="http://127.0.0.1:9/dav/", username="b", password="b"
    )

    ended_well = tasks.sync_calendars.call(day=timezone.localdate().isoformat())

    assert ended_well == 1
    assert list(remote(dav_calendar)) == [uid(visit)]
    assert CalendarSync.objects.get(user=people.bob).status == CalendarSyncStatus.FAILED


# ------------------------------------------------------------------------------ the settings page


def test_connecting_in_the_settings_syncs_at_once(people, client_for, account, dav_calendar):
    visit = plan(people.alice, account, planned_start=tomorrow(10))
    client = client_for(people.alice)

    response = client.post(
        reverse("relations:calendar_sync_save"),
        {
            "caldav-url": str(dav_calendar.url),
            "caldav-username": DAV_USER,
            "caldav-password": DAV_PASSWORD,
        },
    )

    assert response.status_code == 302
    assert list(remote(dav_calendar)) == [uid(visit)]
    page = client.get(reverse("relations:calendar_settings")).content.decode()
    assert "Synchronised" in page
    assert DAV_PASSWORD not in page


def test_a_failed_sync_shows_its_message_and_sync_now_retries(
    people, client_for, account, dav_calendar
):
    visit = plan(people.alice, account, planned_start=tomorrow(10))
    connect(people.alice, dav_calendar, password="wrong")
    client = client_for(people.alice)
    client.post(reverse("relations:calendar_sync_now"))
    page = client.get(reverse("relations:calendar_settings")).content.decode()
    assert "Your calendar refused the user name or app password." in page

    connect(people.alice, dav_calendar)
    client.post(reverse("relations:calendar_sync_now"))

    assert list(remote(dav_calendar)) == [uid(visit)]
    assert CalendarSync.objects.get().status == CalendarSyncStatus.OK


def test_a_calendar_without_tls_is_refused(people, client_for):
    response = client_for(people.alice).post(
        reverse("relations:calendar_sync_save"),
        {
            "caldav-url": "http://cloud.example.nl/dav/",
            "caldav-username": "alice",
            "caldav-password": "x",
        },
    )

    assert response.status_code == 200
    assert response.context["sync_form"].errors == {"url": ["Use an https:// address."]}
    assert not CalendarSync.objects.exists()


def test_a_first_connection_needs_the_password(people, client_for):
    response = client_for(people.alice).post(
        reverse("relations:calendar_sync_save"),
        {"caldav-url": "https://cloud.example.nl/dav/", "caldav-username": "alice"},
    )

    assert response.context["sync_form"].errors == {"password": ["Enter the app password."]}
    assert not CalendarSync.objects.exists()


def test_sync_now_without_a_calendar_is_not_found(people, client_for):
    response = client_for(people.alice).post(reverse("relations:calendar_sync_now"))

    assert response.status_code == 404


def test_stopping_the_sync_forgets_the_password_and_keeps_the_events(
    people, client_for, account, dav_calendar
):
    plan(people.alice, account, planned_start=tomorrow(10))
    calendar_sync_run(connect(people.alice, dav_calendar))

    client_for(people.alice).post(reverse("relations:calendar_sync_off"))

    assert not CalendarSync.objects.exists()
    assert len(remote(dav_calendar)) == 1


def test_the_pushed_event_is_valid_icalendar_with_its_time_zone(people, account, dav_calendar):
    visit = plan(people.alice, account, planned_start=tomorrow(10))
    calendar_sync_run(connect(people.alice, dav_calendar))

    data = dav_calendar.event_by_uid(uid(visit)).data
    parsed = ICalendar.from_ical(data)

    assert [str(tz["TZID"]) for tz in parsed.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert parsed.walk("VEVENT")[0]["DTSTART"].params["TZID"] == "Europe/Amsterdam"
