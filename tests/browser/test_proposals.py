"""Improvement proposals in a real browser: an account manager opens the structural complaints
overview, records a proposal from a row, her manager accepts it with a comment, and she sees
the answer; she changes and withdraws another before it is decided; the overview fits a
phone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.notifications.models import Notification
from koers.proposals.models import Proposal, ProposalStatus
from tests.complaints.factories import make_category, make_complaint
from tests.factories import make_account
from tests.proposals.factories import propose
from tests.sales.factories import make_group, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _structural(owner, names):
    quality = make_category("Kwaliteit")
    return [
        make_complaint(
            owner,
            make_account(owner, name),
            category=quality,
            product_name="Rundergehakt 1 kg",
            received_at=timezone.now() - timedelta(days=days),
        )
        for days, name in enumerate(names, start=2)
    ]


def test_a_proposal_from_the_overview_is_accepted_by_the_manager(page: Page, login, people):
    complaints = _structural(people.alice, ["Slagerij Jansen", "Supermarkt De Hoek", "Hotel Zee"])

    login(people.alice)
    page.goto("/complaints/")
    page.get_by_role("button", name="Structural complaints").click()
    row = page.locator(".structural-product_name")
    expect(row).to_contain_text("Rundergehakt 1 kg")
    expect(row.locator("td").nth(1)).to_have_text("3")
    row.get_by_role("link", name="Propose an improvement").click()
    expect(page.get_by_label("Title")).to_have_value("Rundergehakt 1 kg")
    page.get_by_label("Product or service range").check()
    page.get_by_label("Title").fill("Rundergehakt ook per 500 gram")
    page.locator("#id_what").fill("Een verpakking van 500 gram, mager.")
    page.get_by_label("Expected effect").fill("Minder klachten en derving.")
    page.get_by_role("button", name="Send to my manager").click()
    expect(page.locator("h1")).to_have_text("Rundergehakt ook per 500 gram")
    expect(page.locator("#proposal-status")).to_have_text("Awaiting a decision")
    expect(page.locator("#proposal-complaints li")).to_have_count(3)
    proposal = Proposal.objects.get()
    assert set(proposal.complaints.all()) == set(complaints)

    page.context.clear_cookies()
    login(people.maria)
    expect(page.locator('[data-area="proposals"] .nav-badge')).to_have_text("1")
    page.locator('[data-area="proposals"]').click()
    page.get_by_role("link", name="Rundergehakt ook per 500 gram").click()
    page.get_by_label("Comment").fill("Goed onderbouwd, ik neem het mee naar inkoop.")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator("#proposal-status")).to_have_text("Accepted")

    page.context.clear_cookies()
    login(people.alice)
    page.goto("/proposals/")
    line = page.locator(f"#proposal-{proposal.pk}")
    expect(line.locator(".status")).to_have_text("Accepted")
    line.get_by_role("link", name="Rundergehakt ook per 500 gram").click()
    expect(page.locator("#proposal-answer")).to_contain_text(
        "Goed onderbouwd, ik neem het mee naar inkoop."
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert Notification.objects.filter(recipient=people.alice, kind="proposal_decided").exists()


def test_the_structural_overview_fits_a_phone(page: Page, login, people):
    _structural(people.alice, ["Slagerij Jansen met een lange naam", "Supermarkt", "Hotel"])
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto("/complaints/structural/")

    expect(page.locator(".structural tbody tr")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_proposer_changes_and_withdraws_a_proposal_before_it_is_decided(
    page: Page, login, people
):
    proposal = propose(people.alice, title="Vaste bezorgdag voor kleine filialen")

    login(people.alice)
    page.goto(f"/proposals/{proposal.pk}/")
    page.get_by_role("button", name="Change").click()
    page.get_by_label("Title").fill("Vaste bezorgdag voor de kleinere filialen")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_have_text("Vaste bezorgdag voor de kleinere filialen")
    page.get_by_label("Why (optional)").fill("Inkoop regelt dit al met de vervoerder.")
    page.get_by_role("button", name="Withdraw the proposal").click()
    expect(page.locator("#proposal-status")).to_have_text("Withdrawn")
    expect(page.locator("#proposal-decisions")).to_contain_text(
        "Inkoop regelt dit al met de vervoerder."
    )
    expect(page.locator("#proposal-withdraw")).to_have_count(0)
    expect(page.get_by_role("button", name="Change")).to_have_count(0)

    page.context.clear_cookies()
    login(people.maria)
    page.goto(f"/proposals/{proposal.pk}/")
    expect(page.locator("#proposal-status")).to_have_text("Withdrawn")
    expect(page.locator("#proposal-decide")).to_have_count(0)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert Notification.objects.filter(recipient=people.maria, kind="proposal_withdrawn").exists()


def test_a_catalogue_product_at_three_accounts_leads_to_its_complaints(page: Page, login, people):
    beef = make_group("RUND", parent=make_group("VERS", name_en="Fresh meat"), name_en="Beef")
    minced = make_product("RU-101", group=beef, name_en="Minced beef")
    for name in ("Slagerij Jansen", "Supermarkt De Hoek", "Hotel Zee"):
        make_complaint(people.alice, make_account(people.alice, name), product=minced)
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto("/complaints/structural/")
    product = page.locator(".structural-product")
    expect(product).to_contain_text("RU-101 Minced beef")
    expect(page.locator(".structural-product_group")).to_have_count(2)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    product.get_by_role("link", name="RU-101 Minced beef").click()
    expect(page.locator("#complaint-results tbody tr")).to_have_count(3)
    expect(page.locator("#complaint-results")).to_contain_text("Minced beef")
    page.goto("/complaints/structural/")
    page.locator(".structural-product").get_by_role("link", name="Propose an improvement").click()
    expect(page.get_by_label("Title")).to_have_value("Minced beef")
