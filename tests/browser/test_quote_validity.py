"""The validity watch in a real browser, on a phone's width: a sent quote of alice's passed its
validity day and the daily job expired it and planned a follow-up call; alice finds it under the
expired quotes, sees the mark and the call on its page, is refused a date in the past, and
extends it with a reason: it is sent again and its history says why."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from koers.sales.models import QuoteStatus, QuoteVersion
from koers.sales.quotes.services.validity import watch_validity
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_owner_extends_an_expired_quote(page: Page, login, people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    oven = make_product(
        "OVEN", name_en="Oven", list_price=Decimal("100.00"), cost_price=Decimal("60.00")
    )
    version = make_quote(
        people.alice, account, oven, status=QuoteStatus.SENT, reviewer=people.ingrid
    )
    today = timezone.localdate()
    QuoteVersion.objects.filter(pk=version.pk).update(valid_until=today - timedelta(days=1))
    watch_validity(today)
    page.set_viewport_size({"width": 390, "height": 844})

    login(people.alice)
    page.goto("/quotes/?status=expired")
    row = page.locator(f"#quote-{version.pk}")
    expect(row.locator(".badge.danger")).to_have_text("Expired")
    _fits(page)
    row.locator("a").first.click()
    expect(page.locator("#quote-status")).to_have_text("Expired")
    expect(page.locator("#quote-expired")).to_contain_text("Follow-up call planned on")
    _fits(page)

    form = page.locator("#extend-form")
    form.get_by_label("Valid until").fill((today - timedelta(days=3)).isoformat())
    form.get_by_label("Why it is extended").fill("")
    page.locator("#extend-submit").click()
    expect(page.locator("#extend-form")).to_contain_text("The new validity date lies in the past.")
    expect(page.locator("#extend-form")).to_contain_text("Say why the quote is extended.")
    _fits(page)

    later = today + timedelta(days=14)
    form = page.locator("#extend-form")
    form.get_by_label("Valid until").fill(later.isoformat())
    form.get_by_label("Why it is extended").fill("Their board decides next week")
    page.locator("#extend-submit").click()
    expect(page.locator("#quote-status")).to_have_text("Sent")
    expect(page.locator("#quote-expired")).to_have_count(0)
    expect(page.locator("#quote-history")).to_contain_text("Their board decides next week")
    _fits(page)
    version.refresh_from_db()
    assert (version.status, version.valid_until) == (QuoteStatus.SENT, later)
