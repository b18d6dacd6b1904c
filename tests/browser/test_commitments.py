"""A commitment in a real browser: made on the account page, overdue once its date has passed
(a fixed clock, moved on two days), and done in one tap without a reload, also on a phone."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from playwright.sync_api import Page, expect

from koers.relations.models import Commitment, CommitmentStatus
from tests.factories import make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_commitment_turns_overdue_when_its_date_passes_and_is_done_in_one_tap(
    page: Page, login, people
):
    account = make_account(people.alice, "Bakkerij Jansen")
    page.set_viewport_size({"width": 390, "height": 844})
    with time_machine.travel("2026-12-09 10:00 +01:00", tick=True):
        login(people.alice)
        page.goto(f"/accounts/{account.pk}/")
        panel = page.locator("#commitments")
        panel.get_by_text("New commitment").click()
        panel.get_by_label("What").fill("Prijslijst 2027 sturen")
        panel.get_by_label("Due date").fill("2026-12-10")
        panel.get_by_role("button", name="Make the commitment").click()
        expect(panel.locator(".commitment")).to_contain_text("Prijslijst 2027 sturen")
        expect(panel.locator(".commitment.late")).to_have_count(0)
        # With every panel loaded, no id twice (a label would point into another panel).
        expect(page.locator("#timeline .quick-log")).to_be_visible()
        duplicates = page.evaluate(
            "(() => { const ids = [...document.querySelectorAll('[id]')].map(e => e.id);"
            " return ids.filter((id, i) => ids.indexOf(id) !== i); })()"
        )
        assert duplicates == []

    with time_machine.travel("2026-12-11 09:00 +01:00", tick=True):
        page.reload()
        line = page.locator("#commitments .commitment")
        expect(line).to_have_class("commitment late")
        expect(line).to_contain_text("Overdue")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.evaluate("window.notReloaded = true")
        line.get_by_placeholder("How it was done (optional)").fill("Gemaild")
        line.get_by_role("button", name="Done").click()
        expect(page.locator("#commitments .commitment")).to_contain_text("Done on")
        assert page.evaluate("window.notReloaded") is True

    commitment = Commitment.objects.get()
    assert (commitment.status, commitment.done_date, commitment.done_note) == (
        CommitmentStatus.DONE,
        date(2026, 12, 11),
        "Gemaild",
    )
