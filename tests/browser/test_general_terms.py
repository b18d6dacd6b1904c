"""The general terms in a real browser: the administrator uploads a version on the settings
page and sees it marked current; alice then sends a quote (in-memory mail) and reads on the
quote's page that these terms were attached; both pages fit a phone's width."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from koers.sales.models import QuoteDocument, QuoteStatus
from tests.core.terms_factories import terms_pdf
from tests.correspondence.factories import make_correspondence
from tests.factories import make_totp_device, totp_code
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_a_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_administrator_uploads_terms_and_a_sent_quote_carries_them(page: Page, login, people):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    version = make_quote(
        people.alice,
        world.account,
        make_product(),
        status=QuoteStatus.APPROVED,
        reviewer=people.ingrid,
    )
    content = terms_pdf("Algemene voorwaarden 2026-01")
    device = make_totp_device(people.admin)
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.admin)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.goto("/settings/company/")
    page.get_by_role("link", name="General terms").click()
    expect(page.locator("#general-terms-none")).to_be_visible()
    page.get_by_label("Version").fill("2026-01")
    page.get_by_label("Valid from").fill("2026-01-01")
    page.get_by_label("PDF").set_input_files(
        {"name": "voorwaarden.pdf", "mimeType": "application/pdf", "buffer": content}
    )
    page.get_by_role("button", name="Upload").click()

    current = page.locator("#general-terms tr", has=page.locator("#general-terms-current"))
    expect(current).to_contain_text("2026-01")
    _fits_a_phone(page)

    page.context.clear_cookies()
    login(people.alice)
    page.goto(f"/quote-versions/{version.pk}/")
    expect(page.locator("#quote-general-terms-download")).to_have_text(
        "General terms 2026-01 (PDF)"
    )
    page.locator("#quote-send").click()
    page.get_by_label("To").select_option(label="Anna de Vries <anna@alpha.nl>")
    page.get_by_label("Template").select_option(label="Welcome")
    page.get_by_role("button", name="Send the quote").click()

    expect(page.locator("#quote-status")).to_have_text("Sent")
    expect(page.locator("#quote-general-terms")).to_have_text("General terms 2026-01 attached")
    _fits_a_phone(page)
    (message,) = mail.outbox
    assert [(name, kind) for name, _bytes, kind in message.attachments][1:] == [
        ("general-terms-2026-01.pdf", "application/pdf")
    ]
    assert message.attachments[1][1] == content
    assert QuoteDocument.objects.get().general_terms.label == "2026-01"
