"""The agenda in a real browser: plan a visit from it, then act on it without a reload."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.relations.models import Activity, ActivityStatus
from tests.factories import make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _workday():
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() >= 5 or (day.month, day.day) in {(12, 25), (12, 26), (1, 1)}:
        day += timedelta(days=1)
    return day


def test_plan_a_visit_from_the_agenda_and_mark_it_done(page: Page, login, people):
    make_account(people.alice, "Bakkerij Jansen", visit_street="Dorpsstraat 1")
    day = _workday()
    login(people.alice)
    expect(page.locator("h1")).to_contain_text("My day")

    page.get_by_role("button", name="Plan an activity").click()
    page.get_by_label("Account").select_option(label="Bakkerij Jansen")
    page.get_by_label("Subject").fill("Kennismaking nieuwe inkoper")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Time").fill("10:30")
    page.get_by_role("button", name="Plan", exact=True).click()

    item = page.locator(".agenda-item", has_text="Kennismaking nieuwe inkoper")
    expect(item).to_contain_text("Bakkerij Jansen")
    expect(item).to_contain_text("Dorpsstraat 1")
    page.evaluate("window.notReloaded = true")

    item.get_by_role("button", name="Done").click()

    expect(item).to_have_class("agenda-item status-done")
    assert page.evaluate("window.notReloaded") is True
    assert Activity.objects.get().status == ActivityStatus.DONE


def test_the_agenda_fits_a_phone_and_snoozes_in_one_tap(page: Page, login, people):
    from tests.relations.factories import plan

    account = make_account(people.alice, "Bakkerij Jansen")
    plan(people.alice, account, subject="Bezoek", planned_start=timezone.now())
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    item = page.locator(".agenda-item", has_text="Bezoek")
    expect(item).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    item.get_by_role("button", name="+1 day").click()

    expect(page.locator(".agenda-day .agenda-item", has_text="Bezoek")).to_contain_text(
        (timezone.localdate() + timedelta(days=1)).strftime("%Y")
    )
    activity = Activity.objects.get()
    assert timezone.localdate(activity.planned_start) == timezone.localdate() + timedelta(days=1)
