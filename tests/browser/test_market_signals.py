"""Market information in a real browser: an account manager makes her visit report's market
information a signal about a competitor and finds it on the competitor's page; records another
in the account page's dialog; and the feed fits a phone for marketing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.planning import services
from koers.planning.models import MarketSignal
from koers.relations import services as relations_services
from tests.factories import make_account
from tests.sales.opportunity_factories import make_competitor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visit_reports_market_information_becomes_a_signal_on_the_competitors_page(
    page: Page, login, people
):
    account = make_account(people.alice, "Bakkerij Jansen")
    rival = make_competitor("Rivaal BV")
    visit = relations_services.activity_plan(
        actor=people.alice,
        account=account,
        kind="visit",
        subject="Jaargesprek",
        planned_start=timezone.now() - timedelta(days=1),
    )
    relations_services.report_write(
        actor=people.alice,
        activity=visit,
        data={"discussed": "Prijzen", "market_info": "Rivaal geeft 10% korting op broodmixen"},
    )

    login(people.alice)
    page.goto(f"/activities/{visit.pk}/")
    panel = page.locator("#market-information")
    expect(panel).to_contain_text("Rivaal geeft 10% korting op broodmixen")
    panel.get_by_role("button", name="Make it a signal").click()
    expect(page.get_by_label("What")).to_have_value("Rivaal geeft 10% korting op broodmixen")
    page.get_by_label("Kind").select_option("competitor")
    page.get_by_label("Importance").select_option("3")
    page.get_by_label("Competitors").select_option(label="Rivaal BV")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#market-information #report-signal")).to_have_text(
        "Rivaal geeft 10% korting op broodmixen"
    )
    signal = MarketSignal.objects.get()
    assert (signal.kind, signal.source, signal.importance) == ("competitor", "visit_report", 3)

    page.goto(f"/accounts/{account.pk}/")
    page.locator("#account-competitors").get_by_role("link", name="All competitors").click()
    page.get_by_role("link", name="Rivaal BV").click()
    expect(page.locator("h1")).to_have_text("Rivaal BV")
    signals = page.locator("#competitor-signals")
    expect(signals).to_contain_text("Rivaal geeft 10% korting op broodmixen")
    expect(signals).to_contain_text("Bakkerij Jansen")
    assert rival.pk == signal.competitors.get().pk


def test_a_signal_is_recorded_in_the_account_pages_dialog(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Jansen")

    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")
    page.locator("#market-signals").get_by_role("button", name="Record a signal").click()
    dialog = page.locator("#signal-dialog")
    expect(dialog).to_be_visible()
    dialog.get_by_label("What").fill("Jansen opent een tweede winkel")
    dialog.get_by_label("Kind").select_option("customer")
    dialog.get_by_role("button", name="Save").click()

    expect(page.locator("#market-signals")).to_contain_text("Jansen opent een tweede winkel")
    assert list(MarketSignal.objects.get().accounts.all()) == [account]


def test_the_feed_fits_a_phone(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Jansen met een hele lange naam")
    rival = make_competitor("Rivaal Vleesgroothandel en Zonen BV")
    for n in range(4):
        services.signal_record(
            actor=people.alice,
            title=f"Varkensvlees wordt {n + 3}% duurder in het voorjaar volgens de vakpers",
            kind="price",
            accounts=[account],
            competitors=[rival],
        )
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.mark)
    page.goto("/market/signals/")

    expect(page.locator(".signal-table tbody tr")).to_have_count(4)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("Kind").select_option("regulation")
    expect(page.locator("#signal-results")).to_contain_text("No signals match")
