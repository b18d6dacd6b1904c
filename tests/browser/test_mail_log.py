"""The mail log in a real browser: a message from an unknown sender waits in the inbox (with a
count in the header), is put on an account with its sender as a new contact, and shows on the
account's timeline, its attachment on the activity; the inbox fits a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from koers.correspondence import services
from koers.correspondence.models import MailLogAddress
from tests.correspondence.test_mail_log import OFFER, SUBJECT, TOKEN
from tests.factories import make_account

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FROM_NEW_SENDER = OFFER.replace(b"Anna de Vries <anna@alpha.nl>", b"Piet Jansen <piet@nieuw.nl>")


@pytest.fixture
def waiting(people, settings):
    settings.MAIL_LOG_DOMAIN = "log.koers.test"
    settings.MAIL_LOG_LOCAL_PART = "log"
    MailLogAddress.objects.create(user=people.alice, token=TOKEN)
    return services.mail_log_receive(FROM_NEW_SENDER, source="api").mail


def test_a_message_in_the_inbox_put_on_an_account_shows_on_its_timeline(
    page: Page, login, people, waiting
):
    account = make_account(people.alice, "Bakkerij Jansen")
    make_account(people.alice, "Slagerij Pietersen")

    login(people.alice)
    expect(page.locator('[data-area="mail_log"] .nav-badge')).to_have_text("1")
    page.locator('[data-area="mail_log"]').click()
    inbox = page.locator(f'[data-inbound="{waiting.pk}"]')
    expect(inbox).to_contain_text(SUBJECT)
    inbox.get_by_role("button", name="Put on an account").click()
    page.get_by_label("Account").fill("Jansen")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Bakkerij Jansen").click()
    page.get_by_label("Add the other side as a new contact of this account").check()
    page.get_by_role("button", name="Put on the timeline").click()

    expect(page.locator(".messages")).to_contain_text("is on the timeline of Bakkerij Jansen")
    entry = page.locator("#timeline .timeline-entry.kind-email")
    expect(entry).to_contain_text(SUBJECT)
    expect(entry).to_contain_text("Piet Jansen")
    entry.get_by_role("link", name=SUBJECT).click()
    panel = page.locator("#mail")
    expect(panel.get_by_role("link", name="prijslijst café.pdf")).to_be_visible()
    with page.expect_download() as download:
        panel.get_by_role("link", name="prijslijst café.pdf").click()
    assert download.value.suggested_filename == "prijslijst café.pdf"
    assert account.activities.get().subject == SUBJECT


def test_the_inbox_fits_a_phone(page: Page, login, people, waiting):
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto("/mail-log/")

    expect(page.locator("[data-inbound]")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.goto(f"/mail-log/{waiting.pk}/assign/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
