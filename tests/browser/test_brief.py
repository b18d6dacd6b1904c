"""The visit brief opened from the account page on a phone: the DMU and the last report are on
it, it fits 390 px, and its PDF downloads with the account's name in its text."""

from __future__ import annotations

import importlib
import io
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from koers.relations import services
from tests.factories import make_account, make_contact
from tests.relations.factories import plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _default_norms(db):
    """The norms and counting kinds the migrations put in: a browser test before this one
    emptied the tables (a transactional test ends by flushing the database)."""
    importlib.import_module("koers.relations.migrations.0002_default_norms").forwards(apps, None)


def test_open_the_brief_from_the_account_page_on_a_phone(page: Page, login, people):
    account = make_account(people.alice, "Groothandel Van der Berg-Oosterhuizen", tier="A")
    dirk = make_contact(
        account,
        first_name="Dirk",
        last_name="Decker",
        buying_role="decider",
        attitude="critic",
        personal_interests="Zeilen op het IJsselmeer",
    )
    last = plan(
        people.alice,
        account,
        subject="Najaarsbezoek",
        contacts=[dirk],
        planned_start=timezone.now() - timedelta(days=20),
    )
    services.report_write(
        actor=people.alice,
        activity=last,
        data={"discussed": "Assortiment 2027", "agreements": "Wij sturen de prijslijst"},
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto(f"/accounts/{account.pk}/")

    page.get_by_role("button", name="Visit brief").click()

    page.wait_for_url(f"**/accounts/{account.pk}/brief/")
    dmu = page.locator("#brief-dmu")
    expect(dmu).to_contain_text("Dirk Decker")
    expect(dmu).to_contain_text("Decider")
    expect(dmu).to_contain_text("Critic")
    expect(page.locator("#brief-agreements")).to_contain_text("Wij sturen de prijslijst")
    expect(page.locator("#brief-recent-contacts")).to_contain_text("Assortiment 2027")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    with page.expect_download() as download:
        page.get_by_role("button", name="Download PDF").click()
    content = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert content.startswith(b"%PDF")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    assert "Groothandel Van der Berg-Oosterhuizen" in text
    assert "Wij sturen de prijslijst" in text


def test_the_brief_of_a_planned_visit_starts_with_the_visit(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Jansen")
    dirk = make_contact(account, first_name="Dirk", last_name="Decker")
    visit = plan(
        people.alice,
        account,
        subject="Kerstbezoek",
        contacts=[dirk],
        planned_start=timezone.now() + timedelta(days=1),
        instructions="Vraag naar de uitbreiding.",
        checklist=["Prijslijst"],
    )
    login(people.alice)
    page.goto(f"/activities/{visit.pk}/")

    page.get_by_role("button", name="Visit brief").click()

    page.wait_for_url(f"**/activities/{visit.pk}/brief/")
    first = page.locator(".brief-section").first
    expect(first).to_have_id("brief-visit")
    expect(first).to_contain_text("Dirk Decker")
    expect(first).to_contain_text("Vraag naar de uitbreiding.")
    expect(first).to_contain_text("Prijslijst")
