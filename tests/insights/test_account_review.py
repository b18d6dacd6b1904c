"""The account's year report for the review with the customer: revenue per month over three
years, per branch for a chain, products, satisfaction, complaints and commitments; the PDF for
the customer without margin; only for who may read the account.

On top of `world.py`: Alpha gets a branch, Alpha Store, with an order of 1,200 (cost 450) in
February 2026 and Alpha one of 800 (cost 300) in March 2025. Alpha's 2026 revenue over its
tree: 1,000 (November) + 300 (October) + 1,200 = 2,500, margin 400 + 200 + 750 = 1,350.
"""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from pypdf import PdfReader

from koers.aftersales.models import Survey
from koers.relations.models import Commitment
from tests.factories import make_account
from tests.planning.target_factories import delivered


@pytest.fixture
def chain(world):
    alice = world.people.alice
    store = make_account(alice, "Alpha Store", parent=world.alpha)
    order = delivered(
        alice, world.alpha, date(2026, 2, 10), [(None, "1200.00", "450.00", "1")], branch=store
    )
    delivered(alice, world.alpha, date(2025, 3, 3), [(None, "800.00", "300.00", "1")])
    sent = timezone.make_aware(datetime(2026, 6, 1, 10))
    Survey.objects.create(
        order=order,
        account=world.alpha,
        token_hash="a" * 64,
        sent_at=sent,
        expires_at=sent + timedelta(days=30),
        answered_at=sent + timedelta(days=2),
        score=9,
    )
    Commitment.objects.create(
        account=world.alpha,
        direction="ours",
        description="Samples of the new range",
        owner=alice,
        due_date=date(2026, 12, 1),
    )
    return store


def _text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_page_shows_the_year_with_margin_and_branches(world, chain, client_for):
    page = client_for(world.people.alice).get(
        f"/insights/accounts/{world.alpha.pk}/year-report/?year=2026"
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "€2,500" in html and "€1,350" in html  # revenue and margin of 2026
    assert "Alpha Store" in html and 'id="section-branches"' in html
    assert "Samples of the new range" in html
    assert 'id="chart-year"' in html


def test_the_customers_pdf_leaves_margin_out(world, chain, client_for):
    client = client_for(world.people.alice)
    url = f"/insights/accounts/{world.alpha.pk}/year-report.pdf?year=2026"
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _text(response.content)
    assert "Year report 2026: Alpha" in text
    assert "€2,500" in text and "€1,200" in text and "€800" in text
    assert "Alpha Store" in text and "Samples of the new range" in text
    assert "Margin" not in text and "€1,350" not in text and "Internal" not in text
    internal = _text(client.get(url + "&variant=internal").content)
    assert "Margin 2026" in internal and "€1,350" in internal


def test_the_year_report_is_only_for_who_reads_the_account(world, chain, client_for):
    url = f"/insights/accounts/{world.alpha.pk}/year-report/"
    assert client_for(world.people.charlie).get(url).status_code == 404
    assert client_for(world.people.charlie).get(url[:-1] + ".pdf").status_code == 404
    assert client_for(world.people.maria).get(url).status_code == 200


def test_the_api_gives_the_year_report(world, chain, client_for):
    body = (
        client_for(world.people.alice)
        .get(f"/api/v1/insights/accounts/{world.alpha.pk}/year-report?year=2026")
        .json()
    )
    assert body["year"] == 2026
    trend = next(s for s in body["sections"] if s["key"] == "trend")
    assert trend["headers"][1:4] == ["Revenue 2024", "Revenue 2025", "Revenue 2026"]
    assert trend["rows"][-1][1:4] == ["0.00", "800.00", "2500.00"]
    satisfaction = next(s for s in body["sections"] if s["key"] == "satisfaction")
    assert satisfaction["rows"][0][1] == 1
    assert satisfaction["rows"][2][1] == "100"  # one promoter: NPS 100
