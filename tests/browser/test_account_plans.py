"""An account plan in a real browser (issue 14): an account manager writes a plan with two
actions, turns one into a visit, submits it; the manager returns it with a comment; the owner
submits it again and the manager approves it. The plan page fits a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.planning.models import AccountPlan
from koers.relations.models import Activity
from tests.factories import make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Page, login, user) -> None:
    """Signs out (the cookies go) and in as `user`. This flow makes many page loads: each may
    take longer than the default 10 s on a busy machine."""
    page.set_default_timeout(30_000)
    page.context.clear_cookies()
    login(user)


def test_a_plan_is_written_returned_and_approved(page: Page, login, people):
    account = make_account(people.alice, "Slagerij Bakker")

    _as(page, login, people.alice)
    page.goto(f"/accounts/{account.pk}/")
    page.locator("#account-plans").get_by_role("button", name="Write a plan").click()
    page.get_by_label("Plan type").select_option("retain")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.locator(".messages")).to_contain_text("The plan is started from its template.")
    # The retain template: two goals, each with one action.
    expect(page.locator(".plan-actions li[data-status]")).to_have_count(2)
    page.locator("#plan-edit").click()
    page.get_by_label("Expected revenue").fill("120000")
    page.get_by_label("Risks").fill("A competitor offers lower prices")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#plan-part-risks")).to_contain_text("A competitor offers lower prices")

    page.locator(".plan-visit").first.click()
    expect(page.locator(".messages")).to_contain_text("The action is planned in the agenda.")
    activity = Activity.objects.get(account=account)
    assert (activity.kind, activity.status, activity.owner) == ("visit", "planned", people.alice)
    expect(page.locator(".plan-visit")).to_have_count(1)

    page.locator("#plan-submit").click()
    expect(page.locator(".messages")).to_contain_text("The plan is submitted to your manager.")
    expect(page.locator("#plan-status")).to_have_text("Submitted")

    plan = AccountPlan.objects.get(account=account)
    _as(page, login, people.maria)
    page.goto(f"/plans/{plan.pk}/")
    page.locator("#plan-return-box summary").click()
    page.get_by_label("Why it is returned").fill("Add a visit to the buyer, please.")
    page.locator("#plan-return").click()
    expect(page.locator("#plan-status")).to_have_text("Returned")

    _as(page, login, people.alice)
    page.goto(f"/plans/{plan.pk}/")
    expect(page.locator("#plan-returned-comment")).to_contain_text("Add a visit to the buyer")
    page.locator("#plan-submit").click()
    expect(page.locator("#plan-status")).to_have_text("Submitted")

    _as(page, login, people.maria)
    page.goto(f"/plans/{plan.pk}/")
    page.locator("#plan-approve").click()
    expect(page.locator(".messages")).to_contain_text("The plan is approved.")
    expect(page.locator("#plan-status")).to_have_text("Approved")
    expect(page.locator("#plan-drafts")).to_have_text("2")
    expect(page.locator("#plan-edit")).to_have_count(0)
    plan.refresh_from_db()
    assert (plan.status, plan.drafts, plan.versions.count()) == ("approved", 2, 2)


def test_the_plan_page_fits_a_phone(page: Page, login, people):
    from tests.planning.plan_factories import make_plan

    account = make_account(people.alice, "Slagerij Bakker met een heel lange naam")
    plan = make_plan(people.alice, account)
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto(f"/plans/{plan.pk}/")

    expect(page.locator("#plan-goals")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
