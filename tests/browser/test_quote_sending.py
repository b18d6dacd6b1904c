"""Sending a quote in a real browser, on a phone's width: alice downloads the approved
version's PDF, sends it to a contact with a template (in-memory mail, the PDF attached) and
sees it on the account's timeline with a link to the PDF sent."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from koers.sales.models import QuoteDocument, QuoteStatus
from tests.correspondence.factories import make_correspondence
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_download_send_and_see_the_quote_on_the_timeline(page: Page, login, people):
    world = make_correspondence(people.alice, people.maria)
    serve(world.account, people.ingrid)
    version = make_quote(
        people.alice,
        world.account,
        make_product(),
        status=QuoteStatus.APPROVED,
        reviewer=people.ingrid,
    )
    page.set_viewport_size({"width": 390, "height": 844})
    login(people.alice)
    page.goto(f"/quote-versions/{version.pk}/")

    with page.expect_download() as download:
        page.locator("#quote-download").click()
    assert open(download.value.path(), "rb").read().startswith(b"%PDF")  # noqa: SIM115

    page.locator("#quote-send").click()
    page.get_by_label("To").select_option(label="John Smith <john@alpha.co.uk>")
    page.get_by_label("Template").select_option(label="Welcome")
    page.get_by_role("button", name="Send the quote").click()

    expect(page.locator("#quote-status")).to_have_text("Sent")
    (message,) = mail.outbox
    assert message.attachments[0][2] == "application/pdf"
    assert QuoteDocument.objects.get().quote_version_id == version.pk

    page.goto(f"/accounts/{world.account.pk}/")
    timeline = page.locator("#timeline")
    expect(timeline.locator(".timeline-quote-pdf")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
