"""Making a quote from an opportunity, its lines and totals, and its lifecycle: submit, the
four-eyes review, sent, accepted, declined, withdrawn; revisions and variants. Each refusal
names its field (or says why) and changes nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core.lifecycle import TransitionRefused
from koers.sales.models import Quote, QuoteEvent, QuoteLine, QuoteSettings, QuoteStatus
from koers.sales.quotes import services
from koers.sales.quotes.services import CHECKLIST, LineData
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.quote_factories import bring_to, make_quote, serve

S = QuoteStatus


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


@pytest.fixture
def product(db):
    return make_product(list_price=D("10.00"), cost_price=D("6.00"), vat_category="high")


def lines_of(version):
    return list(
        QuoteLine.objects.filter(group__quote_version=version)
        .order_by("position")
        .values_list("description", "quantity", "unit_price", "net_amount")
    )


def test_it_makes_a_quote_from_the_opportunity_with_its_lines_priced(account, people, product):
    opportunity = make_opportunity(people.alice, account, lines=[(product, D("3"))])
    version = services.quote_create(actor=people.alice, opportunity=opportunity)
    version.refresh_from_db()
    assert version.quote.number == "OF-2026-00001"
    assert (version.quote.account, version.quote.owner) == (account, people.alice)
    assert (version.label, version.status, version.valid_until) == (
        "v1",
        S.DRAFT,
        date(2026, 7, 15),
    )
    assert lines_of(version) == [(product.name, D("3.000"), D("10.00"), D("30.00"))]
    # 30.00 + 21 % = 36.30; cost 18.00
    assert (version.net_total, version.vat_total, version.gross_total) == (
        D("30.00"),
        D("6.30"),
        D("36.30"),
    )
    assert (version.cost_total, version.margin_total, version.margin_percent) == (
        D("18.00"),
        D("12.00"),
        D("40.0"),
    )
    assert list(QuoteEvent.objects.values_list("kind", flat=True)) == ["created"]
    second = services.quote_create(actor=people.alice, opportunity=opportunity)
    assert second.quote.number == "OF-2026-00002"


def test_the_validity_follows_the_settings(account, people, product):
    QuoteSettings.objects.create(pk=1, validity_days=14)
    version = make_quote(people.alice, account, product)
    assert version.valid_until == date(2026, 6, 29)


def test_a_catalogue_line_a_free_line_and_discounts(account, people, product):
    version = make_quote(people.alice, account, product, quantity="1")
    line = services.quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(product=product, quantity=D("5"), discount_percent=D("10")),
    )
    services.quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(
            description="Fitting",
            quantity=D("2"),
            unit_price=D("45.00"),
            discount_amount=D("10.00"),
            vat_category="low",
        ),
    )
    version.refresh_from_db()
    # 10.00 + (50.00 - 5.00) at 21 % = 55.00 -> 11.55; 90.00 - 10.00 = 80.00 at 9 % -> 7.20
    assert (line.list_price, line.net_amount) == (D("10.00"), D("45.00"))
    assert (version.net_total, version.vat_total, version.gross_total) == (
        D("135.00"),
        D("18.75"),
        D("153.75"),
    )
    # a free line without a cost price leaves the total cost unknown
    assert version.cost_total is None


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (LineData(quantity=D("-2")), "quantity", "Give a quantity above 0."),
        (LineData(quantity=D("0")), "quantity", "Give a quantity above 0."),
        (
            LineData(quantity=D("1"), discount_percent=D("5"), discount_amount=D("1")),
            "discount_amount",
            "Give the discount as a percentage or as an amount, not both.",
        ),
        (
            LineData(quantity=D("1"), discount_percent=D("101")),
            "discount_percent",
            "Give a discount between 0 and 100 %.",
        ),
        (
            LineData(quantity=D("1"), discount_amount=D("10.01")),
            "discount_amount",
            "Give a discount between € 0 and the line's amount (€10.00).",
        ),
    ],
)
def test_bad_figures_are_refused_with_a_message(account, people, product, data, field, message):
    version = make_quote(people.alice, account, product)
    before = lines_of(version)
    with pytest.raises(ValidationError) as refused:
        services.quote_line_add(
            actor=people.alice,
            version=version,
            data=LineData(**{**data.__dict__, "product": product}),
        )
    assert refused.value.message_dict == {field: [message]}
    assert lines_of(version) == before


def test_a_free_line_needs_a_vat_rate_and_a_price(account, people, product):
    version = make_quote(people.alice, account, product)
    with pytest.raises(ValidationError) as refused:
        services.quote_line_add(
            actor=people.alice,
            version=version,
            data=LineData(description="Advice", quantity=D("1"), unit_price=D("5")),
        )
    assert list(refused.value.message_dict) == ["vat_category"]


def test_a_line_changes_and_moves_and_the_totals_follow(account, people, product):
    version = make_quote(people.alice, account, product, quantity="1")
    free = services.quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(
            description="Fitting", quantity=D("1"), unit_price=D("5.00"), vat_category="high"
        ),
    )
    services.quote_line_update(actor=people.alice, line=free, data=LineData(quantity=D("3")))
    services.quote_line_move(actor=people.alice, line=free, up=True)
    assert [d for d, *_ in lines_of(version)] == ["Fitting", product.name]
    version.refresh_from_db()
    assert version.net_total == D("25.00")
    services.quote_line_remove(actor=people.alice, line=free)
    version.refresh_from_db()
    assert version.net_total == D("10.00")


def test_only_who_may_change_the_account_makes_or_changes_quotes(account, people, product):
    opportunity = make_opportunity(people.alice, account, lines=[(product, D("1"))])
    for someone in (people.charlie, people.mark):
        with pytest.raises(PermissionDenied):
            services.quote_create(actor=someone, opportunity=opportunity)
    assert not Quote.objects.exists()
    version = services.quote_create(actor=people.alice, opportunity=opportunity)
    with pytest.raises(PermissionDenied):
        services.quote_line_add(
            actor=people.charlie, version=version, data=LineData(product=product, quantity=D("1"))
        )
    services.quote_line_add(
        actor=people.maria, version=version, data=LineData(product=product, quantity=D("1"))
    )


def test_submit_sends_it_to_review_and_inside_sales_approves(account, people, product):
    version = make_quote(people.alice, account, product)
    version = services.quote_submit(actor=people.alice, version=version)
    assert (version.status, version.submitted_at is not None) == (S.IN_REVIEW, True)
    with pytest.raises(ValidationError) as refused:
        services.quote_review_approve(actor=people.ingrid, version=version, checklist=["terms"])
    assert list(refused.value.message_dict) == ["checklist"]
    version.refresh_from_db()
    assert version.status == S.IN_REVIEW
    version = services.quote_review_approve(
        actor=people.ingrid, version=version, checklist=list(CHECKLIST)
    )
    assert (version.status, version.reviewed_by) == (S.APPROVED, people.ingrid)
    review = QuoteEvent.objects.get(kind="reviewed")
    assert (review.by, review.waited_seconds) == (people.ingrid, 0)


def test_the_owner_never_reviews_their_own_quote(account, people, product):
    deal = make_opportunity(people.maria, account, owner=people.maria, lines=[(product, D("1"))])
    version = services.quote_create(actor=people.maria, opportunity=deal)
    version = services.quote_submit(actor=people.maria, version=version)
    with pytest.raises(PermissionDenied) as refused:
        services.quote_review_approve(
            actor=people.maria, version=version, checklist=list(CHECKLIST)
        )
    assert "own quote" in str(refused.value)
    with pytest.raises(PermissionDenied):  # an account manager does not review
        services.quote_review_approve(actor=people.bob, version=version, checklist=[])
    version.refresh_from_db()
    assert version.status == S.IN_REVIEW


def test_a_returned_quote_is_a_draft_with_remarks_per_line(account, people, product):
    version = bring_to(make_quote(people.alice, account, product), S.IN_REVIEW, people.alice)
    line = QuoteLine.objects.get(group__quote_version=version)
    with pytest.raises(TransitionRefused):
        services.quote_review_return(actor=people.ingrid, version=version, remarks=" ")
    services.quote_review_return(
        actor=people.ingrid,
        version=version,
        remarks="",
        line_remarks={line.pk: "Use the price list of 2026"},
    )
    version.refresh_from_db()
    line.refresh_from_db()
    assert (version.status, version.review_remarks) == (S.DRAFT, "See the remarks on the lines.")
    assert line.review_remark == "Use the price list of 2026"


def test_no_review_below_the_set_amount(account, people, product):
    QuoteSettings.objects.create(pk=1, review_from=D("100.00"))
    version = make_quote(people.alice, account, product)  # 20.00
    version = services.quote_submit(actor=people.alice, version=version)
    assert version.status == S.APPROVED


def test_an_empty_quote_cannot_be_submitted(account, people):
    version = services.quote_create(
        actor=people.alice, opportunity=make_opportunity(people.alice, account)
    )
    with pytest.raises(TransitionRefused) as refused:
        services.quote_submit(actor=people.alice, version=version)
    assert refused.value.reason == "Add at least one line before you submit the quote."


def test_what_went_out_cannot_change_and_a_revision_supersedes_it(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    line = QuoteLine.objects.get(group__quote_version=sent)
    with pytest.raises(ValidationError) as refused:
        services.quote_line_update(actor=people.alice, line=line, data=LineData(quantity=D("9")))
    assert refused.value.message_dict == {
        "status": ["This version is sent and can no longer change: make a new version."]
    }
    v2 = services.quote_revise(actor=people.alice, version=sent)
    sent.refresh_from_db()
    assert (sent.status, sent.superseded_by, v2.label, v2.status) == (
        S.SUPERSEDED,
        v2,
        "v2",
        S.DRAFT,
    )
    assert lines_of(v2) == lines_of(sent)
    with pytest.raises(TransitionRefused) as refused:
        services.quote_accept(actor=people.alice, version=sent, accepted_by_name="Els")
    assert refused.value.reason == (
        "This version was superseded by a newer one: it can never be accepted."
    )
    with pytest.raises(ValidationError):
        services.quote_revise(actor=people.alice, version=sent)


def test_variants_side_by_side_and_accepting_one_supersedes_the_other(account, people, product):
    a = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    b = services.quote_add_variant(actor=people.alice, version=a)
    a.refresh_from_db()
    assert (a.label, b.label, b.status) == ("v1A", "v1B", S.DRAFT)
    services.quote_line_update(
        actor=people.alice,
        line=QuoteLine.objects.get(group__quote_version=b),
        data=LineData(discount_percent=D("5")),
    )
    b = bring_to(b, S.SENT, people.alice, people.ingrid)
    services.quote_accept(
        actor=people.alice, version=b, accepted_by_name="Els Bos", customer_reference="PO-77"
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.status, a.superseded_by, b.status, b.customer_reference) == (
        S.SUPERSEDED,
        b,
        S.ACCEPTED,
        "PO-77",
    )


def test_declining_and_withdrawing_need_a_reason(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    with pytest.raises(TransitionRefused) as refused:
        services.quote_decline(actor=people.alice, version=sent, reason="")
    assert refused.value.reason == "Say why the customer declined."
    with pytest.raises(TransitionRefused):
        services.quote_withdraw(actor=people.alice, version=sent, reason=" ")
    sent.refresh_from_db()
    assert sent.status == S.SENT
    services.quote_withdraw(actor=people.alice, version=sent, reason="Customer stopped")
    sent.refresh_from_db()
    assert (sent.status, sent.withdraw_reason) == (S.WITHDRAWN, "Customer stopped")


def test_a_sent_quote_expires_after_its_validity_day(account, people, product, time_machine):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    with pytest.raises(ValidationError):
        services.quote_expire(actor=None, version=sent)
    time_machine.move_to(date(2026, 7, 16))
    services.quote_expire(actor=None, version=sent)
    sent.refresh_from_db()
    assert sent.status == S.EXPIRED


def test_what_changed_since_the_version_it_came_from(account, people, product):
    from koers.sales.quotes.diff import compare

    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    v2 = services.quote_revise(actor=people.alice, version=sent)
    line = QuoteLine.objects.get(group__quote_version=v2)
    services.quote_line_update(actor=people.alice, line=line, data=LineData(quantity=D("3")))
    services.quote_line_add(
        actor=people.alice,
        version=v2,
        data=LineData(
            description="Fitting", quantity=D("1"), unit_price=D("5.00"), vat_category="high"
        ),
    )
    sent.refresh_from_db()
    v2.refresh_from_db()
    diff = compare(sent, v2)
    assert [line.description for line in diff.added] == ["Fitting"]
    assert diff.removed == []
    assert [
        (c.description, [(label, old, new) for label, old, new in c.changes][:1])
        for c in diff.changed
    ] == [(product.name, [("quantity", D("2.000"), D("3.000"))])]
    assert ("total excluding VAT", D("20.00"), D("35.00")) in diff.totals


def test_the_review_queue_is_oldest_first_and_never_your_own(account, people, product):
    from koers.sales.quotes.queries import review_queue

    first = bring_to(make_quote(people.alice, account, product), S.IN_REVIEW, people.alice)
    second = bring_to(make_quote(people.alice, account, product), S.IN_REVIEW, people.alice)
    assert list(review_queue(people.ingrid)) == [first, second]
    assert list(review_queue(people.alice)) == []  # an account manager reviews nothing
    assert list(review_queue(people.charlie)) == []


def test_the_mandate_reads_the_figures_of_a_stored_version(account, people, product):
    from koers.sales.quotes.queries import figures_of

    version = make_quote(people.alice, account, product)  # 2 x 10.00, cost 6.00
    line = QuoteLine.objects.get(group__quote_version=version)
    services.quote_line_update(
        actor=people.alice, line=line, data=LineData(discount_percent=D("10"))
    )
    found = figures_of(version)
    assert (found.net_total, found.cost_total, found.total_discount_amount) == (
        D("18.00"),
        D("12.00"),
        D("0.00"),
    )
    assert [(f.key, f.list_amount, f.discount_amount, f.product_group_id) for f in found.lines] == [
        (str(line.pk), D("20.00"), D("2.00"), product.group_id)
    ]
