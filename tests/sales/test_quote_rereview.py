"""The re-review (decision 112): when inside sales review a version a second time (after a return
and a revision of the draft), the review shows only what changed since the last review: lines
added, removed and changed, the totals and the terms; the changed lines are marked, the others
not. A first review shows no such block."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse

from koers.sales.models import QuoteLine, QuoteReviewSnapshot, QuoteStatus
from koers.sales.quotes import services
from koers.sales.quotes.diff import compare_to_snapshot
from koers.sales.quotes.services import LineData
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


@pytest.fixture
def in_review(people, account):
    """Alice's quote of two lines, in review."""
    shelf = make_product(list_price=D("10.00"), cost_price=D("6.00"), vat_category="high")
    version = make_quote(people.alice, account, shelf, quantity="2")
    services.quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(
            description="Installation",
            quantity=D("1"),
            unit_price=D("100.00"),
            vat_category="high",
        ),
    )
    return services.quote_submit(actor=people.alice, version=version)


def returned_and_revised(people, version):
    services.quote_review_return(
        actor=people.ingrid, version=version, remarks="Delivery in week 30 is not feasible"
    )
    lines = {
        line.description: line for line in QuoteLine.objects.filter(group__quote_version=version)
    }
    shelf = next(line for name, line in lines.items() if name != "Installation")
    services.quote_line_update(actor=people.alice, line=shelf, data=LineData(quantity=D("3")))
    services.quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(
            description="Transport", quantity=D("1"), unit_price=D("25.00"), vat_category="high"
        ),
    )
    services.quote_terms_update(
        actor=people.alice,
        version=version,
        expected_version=type(version).objects.get(pk=version.pk).version,
        data=services.TermsData(
            valid_until=date(2026, 7, 31),
            delivery_terms="Week 32",
            payment_terms="",
            introduction="",
            value_proposition="",
            discount_percent=None,
            discount_amount=None,
        ),
    )
    return services.quote_submit(actor=people.alice, version=version), shelf


def test_a_second_review_highlights_only_what_changed(people, in_review, client_for):
    version, shelf = returned_and_revised(people, in_review)
    snapshot = QuoteReviewSnapshot.objects.get(quote_version=version)
    assert snapshot.reviewed_by == people.ingrid
    diff = compare_to_snapshot(snapshot.data, version)
    assert [line.description for line in diff.added] == ["Transport"]
    assert diff.removed == []
    assert [(c.description, c.changes[0][1:]) for c in diff.changed] == [
        (shelf.description, (D("2.000"), D("3.000")))
    ]
    assert [label for label, _old, _new in diff.terms] == ["valid until", "delivery terms"]
    assert [label for label, _old, _new in diff.totals][:3] == [
        "total excluding VAT",
        "VAT",
        "total including VAT",
    ]
    page = client_for(people.ingrid).get(reverse("sales:quote_version", args=[version.pk]))
    html = page.content.decode()
    block = html[
        html.index('id="since-review"') : html.index("</div>", html.index('id="since-review"'))
    ]
    assert "Added: Transport" in block
    assert "Installation" not in block  # unchanged: not highlighted
    assert "Week 32" in block
    marked = set(re.findall(r'<tr id="line-(\d+)" class="[^"]*changed-since-review', html))
    transport = QuoteLine.objects.get(group__quote_version=version, description="Transport")
    assert marked == {str(shelf.pk), str(transport.pk)}


def test_a_first_review_shows_no_changes_block(people, in_review, client_for):
    page = client_for(people.ingrid).get(reverse("sales:quote_version", args=[in_review.pk]))
    html = page.content.decode()
    assert 'id="quote-review"' in html
    assert 'id="since-review"' not in html and "changed-since-review" not in html


def test_a_resubmission_without_changes_says_so(people, in_review, client_for):
    services.quote_review_return(actor=people.ingrid, version=in_review, remarks="Check again")
    version = services.quote_submit(actor=people.alice, version=in_review)
    page = client_for(people.ingrid).get(reverse("sales:quote_version", args=[version.pk]))
    assert "Nothing changed since the last review." in page.content.decode()


def test_the_review_of_a_revision_compares_with_the_reviewed_version_it_came_from(people, account):
    product = make_product(list_price=D("10.00"), cost_price=D("6.00"), vat_category="high")
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    v2 = services.quote_revise(actor=people.alice, version=sent)
    line = QuoteLine.objects.get(group__quote_version=v2)
    services.quote_line_update(actor=people.alice, line=line, data=LineData(quantity=D("5")))
    v2 = services.quote_submit(actor=people.alice, version=v2)
    from koers.sales.quotes.queries import last_review

    snapshot = last_review(v2)
    assert snapshot is not None and snapshot.quote_version_id == sent.pk
    diff = compare_to_snapshot(snapshot.data, v2)
    assert diff.before.label == "v1"
    assert [c.line_id for c in diff.changed] == [line.pk]


@pytest.mark.parametrize("extra", [0, 3])
def test_the_review_page_makes_a_fixed_number_of_queries(
    people, in_review, client_for, query_baseline, extra
):
    version, _shelf = returned_and_revised(people, in_review)
    services.quote_review_return(actor=people.ingrid, version=version, remarks="Again")
    for i in range(extra):
        services.quote_line_add(
            actor=people.alice,
            version=version,
            data=LineData(
                description=f"Extra {i}", quantity=D("1"), unit_price=D("5.00"), vat_category="high"
            ),
        )
    version = services.quote_submit(actor=people.alice, version=version)
    client = client_for(people.ingrid)
    with query_baseline("page"):
        page = client.get(reverse("sales:quote_version", args=[version.pk]))
    assert page.content.decode().count("changed-since-review") == extra
