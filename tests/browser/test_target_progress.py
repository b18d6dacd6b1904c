"""Plan against actual in a real browser: alice opens her targets, an order is delivered and an
opportunity added (as the order and deal pages do; they have their own browser tests), and on
reload her actual, forecast and what is still to close move; she opens the drill-down behind
the actual, records the cause of her deviation and sees it counted; the page fits a phone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.planning.models import PeriodKind, TargetDeviation, TargetLevel
from koers.planning.targets import services
from koers.planning.targets.services import TargetRow
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.opportunity_factories import make_opportunity

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
YEAR = TODAY.year


def test_alice_sees_her_progress_move_and_records_the_cause(page: Page, login, people):
    row = TargetRow(
        "revenue",
        TargetLevel.USER,
        {"user": people.alice.pk},
        YEAR,
        PeriodKind.YEAR,
        1,
        Decimal("10000"),
    )
    target = services.target_set(actor=people.admin, row=row)
    account = make_account(people.alice, "Alpha")
    mine = page.locator(f'tr[data-target="{target.pk}"]')

    login(people.alice)
    page.goto(f"/targets/progress/?year={YEAR}")
    expect(mine.locator('[data-figure="actual"]')).to_have_text("0")
    expect(mine.locator('[data-figure="still-to-close"]')).to_have_text("10,000")

    delivered(people.alice, account, TODAY.replace(day=1), [(None, "2500.00", "1000.00", "1")])
    make_opportunity(
        people.alice,
        account,
        amount=Decimal("4000.00"),
        probability=50,
        close_on=date(YEAR, 12, 31),
    )
    page.reload()
    expect(mine.locator('[data-figure="actual"]')).to_have_text("2,500")
    expect(mine.locator('[data-figure="pipeline"]')).to_have_text("2,000")
    expect(mine.locator('[data-figure="forecast"]')).to_have_text("4,500")
    expect(mine.locator('[data-figure="still-to-close"]')).to_have_text("5,500")
    expect(mine.locator('[data-figure="deviation-percent"]')).to_have_text("-75.0 %")

    mine.locator('[data-figure="actual"] a').click()
    expect(page.locator("#drilldown-total")).to_have_text("2,500")
    expect(page.locator("#drilldown tbody tr")).to_have_count(1)
    page.go_back()

    mine.get_by_role("link", name="Record the cause").click()
    page.get_by_label("Cause").select_option("competitor")
    page.get_by_label("Comment").fill("Rivaal BV gives 8% off")
    page.get_by_label("Corrective action").fill("Offer a year contract")
    page.get_by_role("button", name="Save").click()
    expect(mine.locator('[data-figure="cause"]')).to_have_text("Competitor")
    expect(page.locator('#deviation-causes [data-cause="competitor"] td.num')).to_have_text("1")
    assert TargetDeviation.objects.get().action == "Offer a year contract"

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    expect(page.locator("#target-progress")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
