"""On a phone during and after a visit: tick the checklist, write the report with a photo, see
its thumbnail, and send the recap to the contacts who were there."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from PIL import Image
from playwright.sync_api import Page, expect

from koers.relations.models import Activity, ReportPhoto
from tests.factories import make_account, make_contact
from tests.relations.factories import plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_tick_report_with_a_photo_and_send_the_recap_on_a_phone(
    page: Page, login, people, tmp_path: Path
):
    account = make_account(people.alice, "Bakkerij Jansen")
    jan = make_contact(account, first_name="Jan", last_name="de Vries", email="jan@jansen.nl")
    kate = make_contact(
        account,
        first_name="Kate",
        last_name="Brown",
        email="kate@jansen.co.uk",
        preferred_language="en",
    )
    piet = make_contact(account, first_name="Piet", last_name="Zonder")
    visit = plan(
        people.alice,
        account,
        subject="Kwartaalbezoek",
        contacts=[jan, kate, piet],
        planned_start=timezone.now(),
        checklist=["Prijslijst 2027", "Vraag naar week 50", "Schap fotograferen"],
    )
    photo = tmp_path / "schap.png"
    Image.new("RGB", (1200, 900), "orange").save(photo)
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto(f"/activities/{visit.pk}/")
    page.evaluate("window.stillThisPage = true")

    checklist = page.locator("#checklist")
    checklist.get_by_role("checkbox", name="Prijslijst 2027").click()
    expect(checklist.get_by_role("checkbox", name="Prijslijst 2027")).to_be_checked()
    checklist.get_by_role("checkbox", name="Schap fotograferen").click()
    expect(checklist.get_by_role("checkbox", name="Schap fotograferen")).to_be_checked()
    expect(checklist.get_by_role("checkbox", name="Vraag naar week 50")).not_to_be_checked()
    assert page.evaluate("window.stillThisPage") is True  # no full reload
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert [i["done"] for i in Activity.objects.get(pk=visit.pk).checklist] == [True, False, True]

    page.get_by_role("button", name="Write the report").click()
    page.get_by_label("What was discussed").fill("Schapindeling na de verbouwing.")
    page.get_by_label("Agreements").fill("Wij sturen de prijslijst")
    page.get_by_label("Photos").set_input_files(str(photo))
    page.get_by_role("button", name="Save the report").click()

    thumbnail = page.locator("#photos img")
    expect(thumbnail).to_have_count(1)
    expect(thumbnail).to_have_js_property("complete", True)
    assert thumbnail.evaluate("img => img.naturalWidth") == 320
    assert ReportPhoto.objects.get().width == 1200
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    page.get_by_role("button", name="Send a recap").click()
    expect(page.locator("main")).to_contain_text("No e-mail address, so no recap for: Piet Zonder")
    assert mail.outbox == []
    page.get_by_role("button", name="Send it to 2 contacts").click()

    expect(page.locator("#recap")).to_contain_text("jan@jansen.nl")
    assert sorted(m.to[0] for m in mail.outbox) == ["jan@jansen.nl", "kate@jansen.co.uk"]
    assert "Wij sturen de prijslijst" in mail.outbox[0].body
    expect(page.get_by_role("button", name="Send a recap")).to_have_count(0)
    expect(page.locator("#recap")).to_contain_text("sent")
