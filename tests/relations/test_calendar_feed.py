"""The private calendar feed: what a subscribed calendar gets, and who can stop it."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from koers.relations import services
from koers.relations.models import CalendarFeed, CancelReason
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan

TODAY = "2026-12-09 08:00 +01:00"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://koers.example.nl"


@pytest.fixture
def account(people):
    return make_account(
        people.alice, "Bakkerij Jansen", visit_street="Dorpsstraat 1", visit_postcode="3511 AB"
    )


def fetch(user) -> Calendar:
    """The user's feed as a calendar app fetches it: no login, only the URL."""
    feed = services.calendar_feed_enable(actor=user)
    response = Client().get(reverse("relations:calendar_feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def feed_status(token: str) -> int:
    return Client().get(reverse("relations:calendar_feed", args=[token])).status_code


@time_machine.travel(TODAY, tick=False)
def test_the_feed_holds_a_planned_visit_as_a_calendar_reads_it(people, account):
    anna = make_contact(account, first_name="Anna", last_name="de Vries")
    visit = plan(
        people.alice,
        account,
        subject="Quarterly review",
        contacts=[anna],
        planned_start=at("2026-12-10", 14),
        duration=90,
    )

    calendar = fetch(people.alice)

    assert str(calendar["VERSION"]) == "2.0"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    event = events(calendar)[f"activity-{visit.pk}@koers.example.nl"]
    assert event["DTSTART"].dt == datetime(2026, 12, 10, 14, 0, tzinfo=AMSTERDAM)
    assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert event["DTEND"].dt == datetime(2026, 12, 10, 15, 30, tzinfo=AMSTERDAM)
    assert str(event["SUMMARY"]) == "Visit · Bakkerij Jansen"
    assert str(event["LOCATION"]) == "Dorpsstraat 1, 3511 AB Utrecht"
    assert str(event["STATUS"]) == "CONFIRMED"
    assert event["SEQUENCE"] == 0
    assert str(event["DESCRIPTION"]) == (
        "Quarterly review\n"
        "Contacts: Anna de Vries\n"
        f"https://koers.example.nl/activities/{visit.pk}/"
    )
    assert str(event["URL"]) == f"https://koers.example.nl/activities/{visit.pk}/"
    assert event["LAST-MODIFIED"].dt == visit.updated_at


def test_an_empty_feed_is_still_a_valid_calendar(people):
    calendar = fetch(people.alice)

    assert calendar.walk("VEVENT") == []
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]
    assert str(calendar["PRODID"]) == "-//Koers//Koers CRM//NL"


@time_machine.travel(TODAY, tick=False)
def test_a_second_fetch_keeps_the_uids(people, account):
    plan(people.alice, account, planned_start=at("2026-12-10"))
    plan(people.alice, account, planned_start=at("2026-12-11"))

    first = events(fetch(people.alice))
    second = events(fetch(people.alice))

    assert len(first) == 2
    assert list(first) == list(second)
    assert [e.to_ical() for e in first.values()] == [e.to_ical() for e in second.values()]


@time_machine.travel(TODAY, tick=False)
def test_a_rescheduled_visit_raises_its_sequence(people, account):
    visit = plan(people.alice, account, planned_start=at("2026-12-10", 9))
    uid = f"activity-{visit.pk}@koers.example.nl"
    before = events(fetch(people.alice))[uid]

    services.activity_reschedule(
        actor=people.alice, activity=visit, planned_start=at("2026-12-17", 9)
    )
    after = events(fetch(people.alice))[uid]

    assert before["SEQUENCE"] == 0
    assert after["SEQUENCE"] == 1
    assert after["DTSTART"].dt == datetime(2026, 12, 17, 9, 0, tzinfo=AMSTERDAM)


@time_machine.travel(TODAY, tick=False)
def test_a_cancelled_visit_stays_in_the_feed_as_cancelled(people, account):
    visit = plan(people.alice, account, planned_start=at("2026-12-10"))
    services.activity_cancel(actor=people.alice, activity=visit, reason=CancelReason.CUSTOMER)

    event = events(fetch(people.alice))[f"activity-{visit.pk}@koers.example.nl"]

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["SUMMARY"]) == "Cancelled: Visit · Bakkerij Jansen"
    assert "Cancelled: Cancelled by the customer" in str(event["DESCRIPTION"])
    assert event["SEQUENCE"] == 1


@time_machine.travel(TODAY, tick=False)
def test_a_done_call_shows_when_it_happened(people, account):
    call = plan(people.alice, account, kind="phone_call", planned_start=at("2026-12-08", 9))
    services.activity_complete(
        actor=people.alice,
        activity=call,
        outcome="Order promised",
        actual_start=at("2026-12-08", 11),
        actual_end=at("2026-12-08", 11) + timedelta(minutes=20),
    )

    event = events(fetch(people.alice))[f"activity-{call.pk}@koers.example.nl"]

    assert event["DTSTART"].dt == datetime(2026, 12, 8, 11, 0, tzinfo=AMSTERDAM)
    assert event["DTEND"].dt == datetime(2026, 12, 8, 11, 20, tzinfo=AMSTERDAM)
    assert str(event["STATUS"]) == "CONFIRMED"
    assert "Outcome: Order promised" in str(event["DESCRIPTION"])


@time_machine.travel(TODAY, tick=False)
def test_the_feed_covers_the_past_30_and_next_180_days(people, account):
    now = at("2026-12-09", 8)
    subjects = {
        "31 days ago": now - timedelta(days=31),
        "29 days ago": now - timedelta(days=29),
        "in 179 days": now + timedelta(days=179),
        "in 181 days": now + timedelta(days=181),
    }
    for subject, start in subjects.items():
        plan(people.alice, account, subject=subject, planned_start=start)

    described = [str(e["DESCRIPTION"]).split("\n")[0] for e in fetch(people.alice).walk("VEVENT")]

    assert described == ["29 days ago", "in 179 days"]


@time_machine.travel(TODAY, tick=False)
def test_the_feed_shows_nothing_of_another_user(people, account):
    bobs = make_account(people.bob, "Bob's Bikes")
    plan(people.bob, bobs, subject="Bob's visit", planned_start=at("2026-12-10"))
    account.team_members.create(user=people.bob, role="co_account_manager")
    plan(people.alice, account, subject="Alice alone", planned_start=at("2026-12-10"))
    plan(
        people.alice,
        account,
        subject="Together",
        colleagues=[people.bob],
        planned_start=at("2026-12-11"),
    )

    def subjects(user) -> list[str]:
        return [str(e["DESCRIPTION"]).split("\n")[0] for e in fetch(user).walk("VEVENT")]

    assert subjects(people.alice) == ["Alice alone", "Together"]
    assert subjects(people.bob) == ["Bob's visit", "Together"]


@time_machine.travel(TODAY, tick=False)
def test_the_feed_speaks_the_users_language(people, account):
    anna = make_contact(account, first_name="Anna", last_name="de Vries")
    people.alice.language = "nl"
    people.alice.save()
    visit = plan(people.alice, account, contacts=[anna], planned_start=at("2026-12-10"))
    services.activity_cancel(actor=people.alice, activity=visit, reason=CancelReason.NO_SHOW)

    calendar = fetch(people.alice)
    event = events(calendar)[f"activity-{visit.pk}@koers.example.nl"]

    assert str(calendar["X-WR-CALNAME"]) == "Koers: Alice Tester"
    assert str(event["SUMMARY"]) == "Geannuleerd: Bezoek · Bakkerij Jansen"
    assert "Contactpersonen: Anna de Vries" in str(event["DESCRIPTION"])


@time_machine.travel(TODAY, tick=False)
def test_a_revoked_renewed_or_unknown_address_is_not_found(people, account):
    plan(people.alice, account, planned_start=at("2026-12-10"))
    first = services.calendar_feed_enable(actor=people.alice).token

    renewed = services.calendar_feed_renew(actor=people.alice).token

    assert renewed != first
    assert feed_status(first) == 404
    assert feed_status(renewed) == 200
    assert feed_status("x" * 43) == 404

    services.calendar_feed_revoke(actor=people.alice)

    assert feed_status(renewed) == 404
    assert not CalendarFeed.objects.filter(user=people.alice).exists()


def test_turning_the_feed_on_twice_keeps_the_address(people):
    first = services.calendar_feed_enable(actor=people.alice).token

    assert services.calendar_feed_enable(actor=people.alice).token == first
    assert len(first) == 43


def test_the_feed_of_a_blocked_user_is_not_found(people):
    token = services.calendar_feed_enable(actor=people.alice).token
    people.alice.is_active = False
    people.alice.save()

    assert feed_status(token) == 404


@time_machine.travel(TODAY, tick=False)
def test_the_feed_makes_the_same_queries_for_2_or_20_activities(people, account):
    token = services.calendar_feed_enable(actor=people.alice).token
    contacts = [make_contact(account) for _ in range(3)]

    def queries_for(count: int) -> int:
        for day in range(count):
            plan(
                people.alice,
                account,
                contacts=contacts,
                planned_start=at("2026-12-10", 8 + day % 8),
            )
        with CaptureQueriesContext(connection) as queries:
            assert feed_status(token) == 200
        return len(queries)

    # the feed and its user, last fetched, the fingerprint (owned, joined), owned, joined, their
    # contacts; the new activities change the fingerprint, so both fetches render
    assert queries_for(2) == 7
    assert queries_for(18) == 7
    # nothing changed: the rendered feed comes from the cache
    assert queries_for(0) == 4


@time_machine.travel(TODAY, tick=False)
def test_a_calendar_that_has_the_feed_gets_304_until_an_activity_changes(people, account):
    visit = plan(people.alice, account, subject="First", planned_start=at("2026-12-10", 9))
    url = reverse(
        "relations:calendar_feed", args=[services.calendar_feed_enable(actor=people.alice).token]
    )
    first = Client().get(url)
    etag = first["ETag"]

    again = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    services.activity_reschedule(
        actor=people.alice, activity=visit, planned_start=at("2026-12-10", 11)
    )
    changed = Client().get(url, HTTP_IF_NONE_MATCH=etag)

    assert first.status_code == 200
    assert "no-store" not in first["Cache-Control"]
    assert (again.status_code, again.content) == (304, b"")
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    event = events(Calendar.from_ical(changed.content))[f"activity-{visit.pk}@koers.example.nl"]
    assert event["DTSTART"].dt == datetime(2026, 12, 10, 11, 0, tzinfo=AMSTERDAM)


@time_machine.travel(TODAY, tick=False)
def test_a_visit_removed_from_the_feed_leaves_the_cached_feed(people, account):
    first = plan(people.alice, account, planned_start=at("2026-12-10"))
    plan(people.alice, account, planned_start=at("2026-12-11"))
    assert len(events(fetch(people.alice))) == 2

    first.delete()

    assert len(events(fetch(people.alice))) == 1


@time_machine.travel(TODAY, tick=False)
def test_the_feed_records_when_a_calendar_fetched_it(people):
    token = services.calendar_feed_enable(actor=people.alice).token

    feed_status(token)

    assert CalendarFeed.objects.get(user=people.alice).last_fetched_at == at("2026-12-09", 8)
