"""The visit brief lists the account's open opportunities: title, stage, value, expected close
and next step, on the page and in the PDF; closed deals and other accounts' deals are not in it;
the same number of queries for one deal or many."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from koers.sales.models import Stage
from tests.factories import make_account
from tests.relations.factories import at, plan
from tests.sales.opportunity_factories import make_opportunity


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def _brief(client, account):
    return client.get(reverse("relations:account_brief", args=[account.pk]))


def test_the_brief_lists_the_open_deals_with_their_next_step(account, people, client_for):
    ovens = make_opportunity(
        people.alice,
        account,
        Stage.PROPOSAL,
        title="Ovens",
        amount=Decimal("12500"),
        close_on=date(2026, 9, 30),
    )
    make_opportunity(people.alice, account, title="Mixers", close_on=date(2026, 6, 1))
    make_opportunity(people.alice, account, Stage.WON, title="Old win")
    other = make_account(people.alice, "Slagerij Smit")
    make_opportunity(people.alice, other, title="Knives")
    plan(
        people.alice,
        account,
        subject="Oven demo",
        planned_start=at("2026-06-25"),
        links={"opportunity": ovens.pk},
    )

    response = _brief(client_for(people.alice), account)

    (section,) = [s for s in response.context["sections"] if s.name == "opportunities"]
    assert [o.title for o in section.data["rows"]] == ["Mixers", "Ovens"]
    html = response.content.decode()
    part = html.split('id="brief-opportunities"')[1].split("</section>")[0]
    assert "Ovens" in part and "Proposal / quote" in part and "€12,500.00" in part
    assert "close 2026-09-30" in part and "Next step: 2026-06-25, Oven demo" in part
    assert "Old win" not in html and "Knives" not in html
    # Mixers: its close date has passed, and the account's demo is Ovens' own.
    assert "No next step planned" in part


def test_the_brief_leaves_the_section_out_without_open_deals(account, people, client_for):
    make_opportunity(people.alice, account, Stage.LOST, title="Gone")
    response = _brief(client_for(people.alice), account)
    assert "opportunities" not in [s.name for s in response.context["sections"]]


def test_the_pdf_lists_the_open_deals(account, people, client_for):
    make_opportunity(people.alice, account, title="Ovens", amount=Decimal("12500"))
    response = client_for(people.alice).get(
        reverse("relations:account_brief_pdf", args=[account.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Open opportunities" in text and "Ovens" in text and "No next step planned" in text


def test_the_brief_makes_the_same_queries_for_one_deal_or_many(account, people, client_for):
    client = client_for(people.alice)
    busy = make_account(people.alice, "Bakkerij Druk")
    make_opportunity(people.alice, account, title="One")
    for i in range(6):
        make_opportunity(people.alice, busy, title=f"Deal {i}")

    def count(of) -> int:
        with CaptureQueriesContext(connection) as queries:
            _brief(client, of)
        return len(queries)

    assert count(account) == count(busy)
