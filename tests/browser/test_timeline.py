"""The timeline on the account page in a real browser: quick logging on a phone, filtering."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.relations.models import Activity, ActivityStatus
from tests.factories import make_account, make_contact
from tests.relations.factories import plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_i_just_called_jan_in_three_taps_on_a_phone(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Jansen")
    make_contact(account, first_name="Jan", last_name="de Vries")
    plan(
        people.alice,
        account,
        subject="Kwartaalbezoek",
        planned_start=timezone.now() + timedelta(days=2),
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Kwartaalbezoek")
    page.evaluate("window.notReloaded = true")

    timeline.get_by_label("Phone call").check()
    timeline.get_by_label("With").select_option(label="Jan de Vries")
    timeline.get_by_label("In one line").fill("Gevraagd naar week 50")
    timeline.get_by_role("button", name="Log as done now").click()

    # Below the visit planned for the day after tomorrow (what lies ahead comes first).
    entries = timeline.locator(".timeline > li")
    expect(entries.nth(1)).to_contain_text("Gevraagd naar week 50")
    expect(entries.nth(1)).to_contain_text("Jan de Vries")
    assert page.evaluate("window.notReloaded") is True
    call = Activity.objects.get(subject="Gevraagd naar week 50")
    assert call.status == ActivityStatus.DONE
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390


def test_ticking_a_kind_filters_the_timeline(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Jansen")
    plan(people.alice, account, subject="Het bezoek")
    plan(people.alice, account, subject="Het telefoontje", kind="phone_call")
    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Het bezoek")

    timeline.locator(".timeline-filter").get_by_label("Calls").check()

    expect(timeline).not_to_contain_text("Het bezoek")
    expect(timeline).to_contain_text("Het telefoontje")
