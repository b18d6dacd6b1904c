"""Recurring visits in a real browser: make a schedule on the account page (on a phone), and
its next visits are on the agenda."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.relations.calendar import holiday_name
from koers.relations.models import Activity, VisitSchedule
from tests.factories import make_account, make_contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next_weekday():
    day = timezone.localdate() + timedelta(days=1)
    while day.weekday() >= 5 or holiday_name(day) or holiday_name(day + timedelta(weeks=2)):
        day += timedelta(days=1)
    return day


@pytest.mark.parametrize("width", [1280, 390])
def test_make_a_schedule_on_the_account_page_and_find_its_visits_on_the_agenda(
    page: Page, login, people, width
):
    account = make_account(people.alice, "Bakkerij Jansen", visit_street="Dorpsstraat 1")
    make_contact(account, first_name="Jan", last_name="de Vries")
    day = _next_weekday()
    page.set_viewport_size({"width": width, "height": 900})
    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    panel = page.locator("#recurring-visits")
    expect(panel).to_contain_text("No recurring visits yet.")
    page.evaluate("window.notReloaded = true")

    panel.get_by_text("New recurring visit").click()
    panel.get_by_label("Subject").fill("Vaste ronde")
    panel.get_by_label("Every (weeks)").fill("2")
    panel.get_by_label("First date").fill(day.isoformat())
    panel.get_by_label("Time *", exact=True).fill("10:30")
    panel.get_by_label("Jan de Vries").check()
    panel.get_by_role("button", name="Make schedule").click()

    expect(panel.locator(".schedule")).to_contain_text("Vaste ronde")
    expect(panel.locator(".next-occurrences li")).to_have_count(3)
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    schedule = VisitSchedule.objects.get()
    assert Activity.objects.filter(schedule=schedule).count() >= 3

    page.goto(f"/agenda/week/?day={(day + timedelta(weeks=2)).isoformat()}")
    item = page.locator(".agenda-item", has_text="Vaste ronde")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Bakkerij Jansen")
    expect(item).to_contain_text("Jan de Vries")
    expect(item).to_contain_text("recurring")
