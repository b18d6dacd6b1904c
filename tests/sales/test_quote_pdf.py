"""The quote's PDF: its text read back (pypdf) shows the totals, the VAT per rate and the
validity as a date, in the contact's language; a draft is marked concept; the download page."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from pypdf import PdfReader

from koers.core.models import CompanySettings
from koers.sales.models import GroupDisplay, QuoteLineGroup, QuoteStatus
from koers.sales.quotes.pdf import quote_pdf
from koers.sales.quotes.services import LineData, quote_line_add
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    CompanySettings.objects.create(pk=1, name="Koers Groothandel BV", kvk_number="12345678")
    return account


@pytest.fixture
def version(account, people):
    product = make_product(list_price=D("10.00"), cost_price=D("6.00"))
    version = make_quote(people.alice, account, product, quantity="3")
    quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(
            description="Bezorging",
            quantity=D("1"),
            unit_price=D("12.50"),
            vat_category="low",
        ),
    )
    return version


def test_the_pdf_shows_totals_vat_per_rate_and_the_validity_date(version):
    version.refresh_from_db()
    text = text_of(quote_pdf(version, "nl"))
    # 3 x 10,00 at 21 % and 12,50 at 9 %: 42,50 net, 6,30 + 1,13 VAT, 49,93 gross.
    assert "€ 42,50" in text and "€ 6,30" in text and "€ 1,13" in text and "€ 49,93" in text
    assert "15 juli 2026" in text  # valid 30 days from 15 June
    assert "Koers Groothandel BV" in text and "KvK 12345678" in text
    assert "CONCEPT" in text


def test_the_pdf_in_english_of_an_approved_version_is_final(version, people):
    from tests.sales.quote_factories import bring_to

    version = bring_to(version, S.APPROVED, people.alice, people.ingrid)
    text = text_of(quote_pdf(version, "en"))
    assert "€49.93" in text
    assert "July 15, 2026" in text or "15 July 2026" in text
    assert "CONCEPT" not in text


def test_a_group_with_only_its_total_hides_its_lines(version):
    QuoteLineGroup.objects.filter(quote_version=version).update(display=GroupDisplay.TOTAL_ONLY)
    text = text_of(quote_pdf(version, "nl"))
    assert "Bezorging" not in text and "€ 49,93" in text


def test_download_the_pdf_of_a_draft(version, people, client_for):
    response = client_for(people.alice).get(reverse("sales:quote_pdf", args=[version.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "concept" in response["Content-Disposition"]
    assert "CONCEPT" in text_of(b"".join(response.streaming_content))


def test_no_pdf_of_a_quote_one_may_not_read(version, people, client_for):
    response = client_for(people.charlie).get(reverse("sales:quote_pdf", args=[version.pk]))
    assert response.status_code == 404
