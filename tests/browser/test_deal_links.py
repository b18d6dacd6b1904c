"""Activities for a deal from the agenda, in a real browser: alice plans a visit from her agenda,
chooses the account and then the deal (offered once the account is chosen), and finds the visit
as the deal's next step; she marks it done and, on a phone, plans a follow-up from the visit's
page, which starts for the same deal and becomes the deal's next step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.relations.models import Activity
from koers.sales.models import DealActivity
from tests.factories import make_account
from tests.sales.opportunity_factories import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _workday(after: date) -> date:
    day = after + timedelta(days=1)
    while day.weekday() >= 5 or (day.month, day.day) in {(12, 25), (12, 26), (1, 1)}:
        day += timedelta(days=1)
    return day


def test_plan_a_visit_for_a_deal_from_the_agenda_and_a_follow_up_from_it(page: Page, login, people):
    bos = make_account(people.alice, "Bakkerij Bos")
    smit = make_account(people.alice, "Slagerij Smit")
    ovens = make_opportunity(people.alice, bos, title="Nieuwe ovens", close_on=date(2030, 3, 31))
    make_opportunity(people.alice, smit, title="Messen", close_on=date(2030, 3, 31))
    visit_day = _workday(timezone.localdate())

    login(people.alice)
    page.get_by_role("button", name="Plan an activity").click()
    expect(page.get_by_label("For the opportunity")).to_have_count(0)
    page.get_by_label("Account").select_option(label="Slagerij Smit")
    deal = page.get_by_label("For the opportunity")
    expect(deal.locator("option", has_text="Messen")).to_have_count(1)
    page.get_by_label("Account").select_option(label="Bakkerij Bos")
    expect(deal.locator("option", has_text="Messen")).to_have_count(0)
    deal.select_option(label="Nieuwe ovens")
    page.get_by_label("Subject").fill("Demo van de ovens")
    page.get_by_label("Date").fill(visit_day.isoformat())
    page.get_by_label("Time").fill("10:30")
    page.get_by_role("button", name="Plan", exact=True).click()

    item = page.locator(".agenda-item", has_text="Demo van de ovens")
    expect(item).to_contain_text("Bakkerij Bos")
    page.goto(f"/opportunities/{ovens.pk}/")
    expect(page.locator("#next-step")).to_contain_text("Demo van de ovens")
    expect(page.locator("#next-step")).not_to_contain_text("for no deal in particular")

    visit = Activity.objects.get(subject="Demo van de ovens")
    page.goto(f"/activities/{visit.pk}/")
    page.get_by_role("button", name="Done").click()
    follow_up = page.locator(f"#activity-{visit.pk} .plan-follow-up")
    expect(follow_up).to_be_visible()

    page.set_viewport_size({"width": 390, "height": 844})
    follow_up.click()
    expect(page.get_by_label("For the opportunity")).to_have_value(str(ovens.pk))
    expect(page.get_by_label("Subject")).to_have_value("Follow-up: Demo van de ovens")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("Date").fill(_workday(visit_day).isoformat())
    page.get_by_role("button", name="Plan", exact=True).click()

    expect(page).to_have_url(f"{page.url.split('/activities/')[0]}/activities/{visit.pk}/")
    page.goto(f"/opportunities/{ovens.pk}/")
    expect(page.locator("#next-step")).to_contain_text("Follow-up: Demo van de ovens")
    second = Activity.objects.get(subject="Follow-up: Demo van de ovens")
    assert DealActivity.objects.get(activity=second).opportunity_id == ovens.pk
