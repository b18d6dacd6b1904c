"""The calendar feed in a real browser: switch it on in the settings, copy the address, renew."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.relations.models import CalendarFeed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_switch_the_feed_on_and_renew_its_address(page: Page, login, people, width):
    page.set_viewport_size({"width": width, "height": 900})
    login(people.alice)
    page.goto("/settings/")
    section = page.locator("section#calendar")

    section.get_by_role("button", name="Switch on").click()

    address = page.get_by_label("Private address of your calendar")
    expect(address).to_have_value(f"{page.url.split('/settings/')[0]}/calendar/{token()}.ics")
    first = address.input_value()
    assert page.request.get(first).headers["content-type"] == "text/calendar; charset=utf-8"

    page.locator("section#calendar").get_by_role("button", name="Renew address").click()

    expect(page.get_by_label("Private address of your calendar")).not_to_have_value(first)
    renewed = page.get_by_label("Private address of your calendar").input_value()
    assert renewed.endswith(f"/calendar/{token()}.ics")
    assert page.request.get(first).status == 404
    assert page.request.get(renewed).status == 200
    width_of_page = page.evaluate("document.documentElement.scrollWidth")
    assert width_of_page <= width


def token() -> str:
    return CalendarFeed.objects.get().token
