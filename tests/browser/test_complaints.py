"""A complaint in a real browser, on a phone's width: alice registers it on the account page,
asks inside sales (ingrid) to check the delivery; ingrid sees the notification, does her task
and solves it; alice answers the follow-up check as satisfied and sees it verified. Also at a
phone's width: the complaint list's export menu gives the rows the filtered list shows, and a
mention reaches the colleague through the header's notification link."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from koers.accounts import services as account_services
from koers.complaints.models import Complaint, ComplaintStatus
from koers.notifications.models import Notification
from koers.relations.models import ActivityStatus
from tests.complaints.factories import make_category, make_complaint
from tests.factories import make_account
from tests.transfer.helpers import read_xlsx

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_register_involve_solve_and_verify_a_complaint(page: Page, login, people):
    account = make_account(people.alice, "Slagerij De Vries")
    account_services.account_team_add(
        actor=people.alice, account=account, user=people.ingrid, role="inside_sales"
    )
    make_category("Delivery")
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    page.locator("#complaints").get_by_role("button", name="Register a complaint").click()
    page.get_by_label("Category").select_option(label="Delivery")
    page.get_by_label("Description").fill("Twee pallets kapot geleverd")
    page.get_by_label("Handling agreed with the customer").fill("Nieuwe levering morgen")
    page.get_by_label("Promised to the customer for").fill("2027-01-10")
    _fits(page)
    page.get_by_role("button", name="Register").click()
    expect(page.locator("#complaint-status")).to_have_text("Received")
    _fits(page)

    page.locator("#task-new summary").click()
    page.get_by_label("Colleague").select_option(label="Ingrid Tester")
    page.get_by_label("What to do").fill("Controleer de vrachtbrief")
    page.get_by_role("button", name="Ask", exact=True).click()
    expect(page.locator("#complaint-tasks")).to_contain_text("Controleer de vrachtbrief")

    page.context.clear_cookies()
    login(people.ingrid)
    bell = page.locator("#nav-bell")
    expect(bell.locator("[data-unread]")).to_have_text("1")
    bell.get_by_role("link").click()
    page.get_by_role("button", name="Open").first.click()
    expect(page.locator("h1")).to_contain_text("Delivery")
    page.locator("#complaint-tasks").get_by_role("button", name="Done").click()
    page.locator("#action-solve summary").click()
    page.get_by_label("Solution").fill("Nieuwe pallets geleverd")
    page.locator("#action-solve").get_by_role("button", name="Save").click()
    expect(page.locator("#complaint-status")).to_have_text("Solved")
    expect(page.locator("#follow-up")).to_contain_text("Planned")

    page.context.clear_cookies()
    login(people.alice)
    complaint = Complaint.objects.get()
    page.goto(f"/complaints/{complaint.pk}/")
    page.locator("#action-follow-up summary").click()
    page.get_by_label("Yes, satisfied").check()
    page.locator("#action-follow-up").get_by_label("Comment").fill("Alles goed ontvangen")
    page.locator("#action-follow-up").get_by_role("button", name="Save").click()
    expect(page.locator("#complaint-status")).to_have_text("Verified")
    _fits(page)
    page.goto("/complaints/")
    expect(page.locator("#complaint-results")).to_contain_text("Slagerij De Vries")
    _fits(page)

    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.VERIFIED
    assert complaint.customer_answer == "Alles goed ontvangen"
    assert complaint.follow_up is not None
    assert complaint.follow_up.status == ActivityStatus.DONE
    assert list(complaint.steps.values_list("kind", flat=True)) == [
        "received",
        "solved",
        "verified",
    ]


def _inside_viewport(page: Page, selector: str) -> None:
    box = page.locator(selector).bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390


def test_the_complaint_lists_export_menu_at_a_phones_width(page: Page, login, people):
    alpha = make_account(people.alice, "Slagerij De Vries")
    make_complaint(people.alice, alpha, description="Twee pallets kapot")
    make_complaint(people.alice, alpha, ComplaintStatus.VERIFIED, description="Factuur dubbel")
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto("/complaints/")
    expect(page.locator("#complaint-results tbody tr")).to_have_count(2)
    with page.expect_response(lambda r: "status=open" in r.url):
        page.locator("#complaint-filters").get_by_label("Status").select_option("open")
    expect(page.locator("#complaint-results tbody tr")).to_have_count(1)
    page.locator("#complaint-export summary").click()
    expect(page.locator("#complaint-export-xlsx")).to_be_visible()
    _inside_viewport(page, "#complaint-export-xlsx")
    _inside_viewport(page, "#complaint-export-csv")
    _fits(page)
    with page.expect_download() as info:
        page.locator("#complaint-export-xlsx").click()

    rows = read_xlsx(Path(info.value.path()).read_bytes())
    assert [(row[1], row[9]) for row in rows[1:]] == [("Slagerij De Vries", "Twee pallets kapot")]


def test_a_mention_reaches_the_colleague_through_the_header_link(page: Page, login, people):
    complaint = make_complaint(people.alice, make_account(people.alice, "Slagerij De Vries"))
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/complaints/{complaint.pk}/")
    page.locator("#comment-form").get_by_label("Comment").fill("@maria kun je meekijken?")
    page.locator("#comment-form").get_by_role("button", name="Comment").click()
    expect(page.locator("#complaint-comments")).to_contain_text("@maria kun je meekijken?")

    page.context.clear_cookies()
    login(people.maria)
    bell = page.locator("#nav-bell")
    expect(bell.locator("[data-unread]")).to_have_text("1")
    _inside_viewport(page, "#nav-bell a")
    _fits(page)
    bell.get_by_role("link").click()
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(page.locator(".notification.unread")).to_contain_text("Alice Tester")
    page.get_by_role("button", name="Open").first.click()
    expect(page).to_have_url(re.compile(f"/complaints/{complaint.pk}/$"))
    expect(page.locator("#complaint-comments")).to_contain_text("@maria kun je meekijken?")
    expect(bell.locator("[data-unread]")).to_have_count(0)
    _fits(page)

    told = Notification.objects.get(recipient=people.maria)
    assert told.read_at is not None
