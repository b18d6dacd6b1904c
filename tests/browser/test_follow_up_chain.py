"""Issue 12 in a real browser: alice plans a follow-up of a done visit by hand, the form offering
"Follow-up of" that visit; the new call's page shows the chain back to the visit, and the visit's
page shows the call as its follow-up, also on a phone."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.relations import services
from koers.relations.models import Activity
from tests.factories import make_account
from tests.relations.factories import plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _workday(after: date) -> date:
    day = after + timedelta(days=1)
    while day.weekday() >= 5 or (day.month, day.day) in {(12, 25), (12, 26), (1, 1)}:
        day += timedelta(days=1)
    return day


def test_a_follow_up_planned_by_hand_shows_in_the_chain(page: Page, login, people):
    bos = make_account(people.alice, "Bakkerij Bos")
    visit = plan(
        people.alice,
        bos,
        subject="Ovens bekijken",
        planned_start=timezone.now() - timedelta(hours=3),
    )
    services.activity_complete(actor=people.alice, activity=visit)

    login(people.alice)
    page.goto(f"/activities/{visit.pk}/")
    page.locator("#plan-follow-up").click()
    follow_up_of = page.get_by_label("Follow-up of")
    expect(follow_up_of).to_have_value(str(visit.pk))
    expect(follow_up_of.locator("option:checked")).to_contain_text("Ovens bekijken")
    page.get_by_label("Kind").select_option("phone_call")
    page.get_by_label("Subject").fill("Offerte ovens nabellen")
    page.get_by_label("Date").fill(_workday(timezone.localdate()).isoformat())
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Plan", exact=True).click()

    call = Activity.objects.get(subject="Offerte ovens nabellen")
    assert call.follow_up_of_id == visit.pk
    page.goto(f"/activities/{call.pk}/")
    chain = page.locator("#follow-up-chain")
    expect(chain).to_contain_text("Ovens bekijken")
    chain.get_by_role("link", name="Ovens bekijken").click()

    expect(page).to_have_url(f"{page.url.split('/activities/')[0]}/activities/{visit.pk}/")
    page.set_viewport_size({"width": 390, "height": 844})
    expect(page.locator("#follow-up-chain")).to_contain_text("Offerte ovens nabellen")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
