"""A visit completed and reported on a phone: the report survives a lost connection, its next
step lands on the agenda and its agreement becomes a commitment on the account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from koers.relations.models import ActivityStatus, Commitment, VisitReport
from tests.factories import make_account, make_contact
from tests.relations.factories import plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_a_visit_on_a_phone(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Jansen")
    jan = make_contact(account, first_name="Jan", last_name="de Vries")
    visit = plan(
        people.alice,
        account,
        subject="Kwartaalbezoek",
        contacts=[jan],
        planned_start=timezone.now(),
    )
    next_day = timezone.localdate() + timedelta(days=7)
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)

    page.locator(".agenda-item").get_by_role("link", name="Kwartaalbezoek").click()
    page.get_by_role("button", name="Write the report").click()
    page.get_by_label("What was discussed").fill("Voorraadproblemen rond de feestdagen.")
    page.get_by_label("Agreements").fill("Wij sturen de prijslijst")
    page.get_by_label("Next step", exact=True).fill("Bellen over de proefbestelling")
    page.get_by_label("Date of the next step").fill(next_day.isoformat())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # The connection drops as the report is sent: nothing is saved, nothing typed is lost.
    page.context.set_offline(True)
    with pytest.raises(PlaywrightError):
        page.get_by_role("button", name="Save the report").click(timeout=3000)
        page.wait_for_url("**/activities/*/", timeout=3000)
    page.context.set_offline(False)
    assert VisitReport.objects.count() == 0
    # Back through the activity's page: going to the report's own address again could count as
    # a reload, and then Chromium restores the typed text itself, with no offer to make.
    page.goto(f"/activities/{visit.pk}/")
    page.get_by_role("button", name="Write the report").click()
    page.get_by_role("button", name="Put it back").click()
    expect(page.get_by_label("What was discussed")).to_have_value(
        "Voorraadproblemen rond de feestdagen."
    )

    page.get_by_role("button", name="Save the report").click()

    expect(page.locator("#report")).to_contain_text("Voorraadproblemen")
    visit.refresh_from_db()
    assert visit.status == ActivityStatus.DONE
    page.get_by_role("button", name="Plan it").click()
    page.locator("#agreements + ul").get_by_label("Due date").fill(next_day.isoformat())
    page.get_by_role("button", name="Make it a commitment").click()
    expect(page.locator(".agreements")).to_contain_text("Commitment")
    assert Commitment.objects.get().description == "Wij sturen de prijslijst"

    page.goto(f"/agenda/?day={next_day.isoformat()}")
    expect(page.locator(".agenda-day")).to_contain_text("Bellen over de proefbestelling")
    page.goto(f"/accounts/{account.pk}/")
    expect(page.locator("#timeline")).to_contain_text("Wij sturen de prijslijst")
    # Once saved, the draft is gone: the form does not offer it again.
    page.goto(f"/activities/{visit.pk}/report/")
    expect(page.get_by_role("button", name="Put it back")).to_be_hidden()
