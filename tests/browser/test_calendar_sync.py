"""Connecting one's own CalDAV calendar in a real browser, against the suite's Radicale server."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.relations.feed import activity_uid
from koers.relations.models import Activity
from tests.factories import make_account
from tests.relations.conftest import DAV_PASSWORD, DAV_USER, dav_calendar, radicale  # noqa: F401
from tests.relations.factories import plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _tomorrow(hour: int) -> datetime:
    day = timezone.localdate() + timedelta(days=1)
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_connect_the_calendar_then_pull_a_move_with_sync_now(
    page: Page,
    login,
    people,
    dav_calendar,  # noqa: F811
):
    account = make_account(people.alice, "Bakkerij Jansen")
    visit = plan(people.alice, account, planned_start=_tomorrow(10))
    page.set_viewport_size({"width": 390, "height": 900})
    login(people.alice)
    page.goto("/settings/")
    section = page.locator("section#calendar")

    section.get_by_label("Calendar address (CalDAV)").fill(str(dav_calendar.url))
    section.get_by_label("User name").fill(DAV_USER)
    section.get_by_label("App password").fill(DAV_PASSWORD)
    section.get_by_role("button", name="Connect and sync").click()

    expect(page.locator(".calendar-sync-status")).to_contain_text("Synchronised")
    event = dav_calendar.event_by_uid(activity_uid(visit.pk))
    event.icalendar_component["DTSTART"].dt = _tomorrow(15)
    event.icalendar_component["DTEND"].dt = _tomorrow(16)
    event.save()

    page.locator("section#calendar").get_by_role("button", name="Sync now").click()

    expect(page.locator(".calendar-sync-status")).to_contain_text("Synchronised")
    assert Activity.objects.get().planned_start == _tomorrow(15)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
