"""An account plan's progress in a real browser (decision 127): an order entered and delivered
moves the plan's goal from behind to on track; the owner records the cause of a goal behind;
the manager's overview of the team's plans fits a phone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from koers.planning.plans import services
from koers.sales.models import Order
from tests.factories import make_account
from tests.planning.plan_factories import make_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _as(page: Page, login, user) -> None:
    page.set_default_timeout(30_000)
    page.context.clear_cookies()
    login(user)


def _plan_with_goal(people, account, target: str):
    plan = make_plan(people.alice, account)
    services.goals_replace(
        actor=people.alice,
        plan=plan,
        goals=[{"title": "Omzet", "metric": "revenue", "target": Decimal(target), "actions": []}],
    )
    return plan, plan.goals.get()


def test_an_order_entered_moves_the_progress(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    account.team_members.create(user=people.ingrid, role="inside_sales")
    plan, goal = _plan_with_goal(people, account, "1000")
    row = page.locator(f"#goal-progress-{goal.pk}")

    _as(page, login, people.alice)
    page.goto(f"/plans/{plan.pk}/")
    expect(row).to_have_attribute("data-status", "behind")
    expect(page.locator("#plan-progress-percent")).to_contain_text("0 of 1 goals on track")

    page.goto(f"/accounts/{account.pk}/")
    page.locator("#orders").get_by_role("button", name="New order").click()
    page.get_by_label("Customer's order number").fill("PO-1000")
    page.get_by_role("button", name="Create").click()
    page.locator("#line-add summary").click()
    form = page.locator("#line-form")
    form.get_by_label("Description").fill("Broodmix")
    form.get_by_label("Quantity").fill("1")
    form.get_by_label("Unit price").fill("1000")
    form.get_by_role("button", name="Add the line").click()
    expect(page.locator("#order-net")).to_contain_text("1")

    order = Order.objects.get()
    _as(page, login, people.ingrid)
    for status in ("Confirmed", "Delivered"):
        page.goto(f"/orders/{order.pk}/")
        page.get_by_label("New status").select_option(label=status)
        page.get_by_role("button", name="Change the status").click()
        expect(page.locator("#order-status")).to_have_text(status)

    _as(page, login, people.alice)
    page.goto(f"/plans/{plan.pk}/")
    expect(row).to_have_attribute("data-status", "on_track")
    expect(page.locator("#plan-progress-percent")).to_contain_text("1 of 1 goals on track")
    expect(page.locator("#actual-revenue")).to_contain_text("1")


def test_the_owner_records_the_cause_of_a_goal_behind(page: Page, login, people):
    account = make_account(people.alice, "Slagerij Smit")
    plan, goal = _plan_with_goal(people, account, "100000")

    _as(page, login, people.alice)
    page.goto(f"/plans/{plan.pk}/")
    page.locator(f"#goal-progress-{goal.pk} .deviation-new").click()
    page.get_by_label("Cause").select_option("competitor")
    page.get_by_label("Comment").fill("A new wholesaler in town")
    page.get_by_label("Corrective action").fill("Visit the buyer with a yearly offer")
    page.locator("#follow-up-save").click()

    expect(page.locator(".messages")).to_contain_text("The cause is recorded.")
    expect(page.locator(f"#goal-progress-{goal.pk} .plan-deviation")).to_contain_text(
        "Competitor: Visit the buyer with a yearly offer"
    )
    assert goal.deviations.get().recorded_by == people.alice


def test_the_team_overview_fits_a_phone(page: Page, login, people):
    account = make_account(people.alice, "Groothandel met een bijzonder lange naam in Utrecht")
    _plan_with_goal(people, account, "5000")
    make_account(people.bob, "Zonder plan")
    page.set_viewport_size({"width": 390, "height": 844})

    _as(page, login, people.maria)
    page.goto("/plans/overview/")

    expect(page.locator("#overview-table")).to_contain_text("Zonder plan")
    expect(page.locator("#overview-table")).to_contain_text("No plan")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto("/plans/?scope=team")
    expect(page.locator("#plan-table")).to_contain_text("Groothandel")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
