"""Accepting a sent quote (the opportunity won, the order made with the quote's figures, in one
transaction) and declining it (the opportunity left open or lost). Each refusal names its field
or says why, and changes nothing."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from koers.core.lifecycle import TransitionRefused
from koers.sales.models import (
    LostReason,
    Order,
    OrderSource,
    QuoteLine,
    QuoteStatus,
    QuoteVersion,
    Stage,
)
from koers.sales.quotes import services
from koers.sales.quotes.services import Contract, LineData, TermsData
from koers.sales.templatetags.sales_tags import euro
from tests.factories import make_account
from tests.sales.factories import make_product
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


def _line(actor, version, description, price, vat="high", **extra):
    services.quote_line_add(
        actor=actor,
        version=version,
        data=LineData(
            description=description,
            quantity=D("3"),
            unit_price=D(price),
            vat_category=vat,
            cost_price=D("1.00"),
            **extra,
        ),
    )


def rich_quote(people, account, product, status=S.SENT):
    """Three rates of rounding: a % line, a fixed discount, a 9 % line, an optional line, and
    7 % off the total."""
    version = make_quote(people.alice, account, product, quantity="3")
    _line(people.alice, version, "Training", "33.33", discount_amount=D("5.01"))
    _line(people.alice, version, "Manuals", "12.35", vat="low")
    _line(people.alice, version, "Support", "99.99", optional=True)
    product_line = QuoteLine.objects.get(group__quote_version=version, product=product)
    services.quote_line_update(
        actor=people.alice, line=product_line, data=LineData(discount_percent=D("2.5"))
    )
    version.refresh_from_db()
    services.quote_terms_update(
        actor=people.alice,
        version=version,
        expected_version=version.version,
        data=TermsData(valid_until=version.valid_until, discount_percent=D("7")),
    )
    return bring_to(version, status, people.alice, people.ingrid)


def optional_line(version):
    return QuoteLine.objects.get(group__quote_version=version, optional=True)


def test_accepting_makes_the_order_with_the_quotes_net_and_vat_and_wins_the_deal(
    account, people, product
):
    sent = rich_quote(people, account, product)
    support = optional_line(sent)
    services.quote_accept(
        actor=people.alice,
        version=sent,
        accepted_by_name=" Els Bos ",
        customer_reference="PO-4711",
        accepted_on=date(2026, 6, 14),
        chosen_lines=[support.pk],
        contract=Contract(start=date(2026, 7, 1), end=date(2027, 6, 30), renewal_notice_days=60),
    )
    version = QuoteVersion.objects.get(pk=sent.pk)
    order = Order.objects.get(quote_version=version)
    # Lines: 3 x 10.00 - 2.5 % = 29.25 (21 %); 3 x 33.33 - 5.01 = 94.98 (21 %); 3 x 12.35 =
    # 37.05 (9 %); 3 x 99.99 = 299.97 (21 %, chosen). Subtotal 461.25; 7 % = 32.29.
    # 21 %: nets 424.20, share 29.70 -> base 394.50, VAT 82.85; 9 %: 37.05 - 2.59 = 34.46,
    # VAT 3.10. Net 428.96, VAT 85.95.
    assert (version.status, version.accepted_by_name, version.accepted_on) == (
        S.ACCEPTED,
        "Els Bos",
        date(2026, 6, 14),
    )
    assert (version.net_total, version.vat_total, version.total_discount) == (
        D("428.96"),
        D("85.95"),
        D("32.29"),
    )
    assert (order.net_total, order.vat_total, order.total_discount) == (
        D("428.96"),
        D("85.95"),
        D("32.29"),
    )
    assert sum(line.net for line in order.lines.all()) == D("428.96")
    assert sum(line.vat for line in order.lines.all()) == D("85.95")
    assert [line.description for line in order.lines.all()] == [
        product.name,
        "Training",
        "Manuals",
        "Support",
    ]
    assert (order.source, order.customer_reference, order.owner, order.account) == (
        OrderSource.QUOTE,
        "PO-4711",
        people.alice,
        account,
    )
    assert (order.contract_start, order.contract_end, order.renewal_notice_days) == (
        date(2026, 7, 1),
        date(2027, 6, 30),
        60,
    )
    opportunity = version.quote.opportunity
    opportunity.refresh_from_db()
    assert (opportunity.stage, opportunity.won_on) == (Stage.WON, date(2026, 6, 14))
    assert order.opportunity == opportunity
    assert QuoteLine.objects.get(pk=support.pk).chosen is True


def test_an_optional_line_not_chosen_stays_out_of_the_order(account, people, product):
    sent = rich_quote(people, account, product)
    services.quote_accept(actor=people.alice, version=sent, accepted_by_name="Els", chosen_lines=[])
    version = QuoteVersion.objects.get(pk=sent.pk)
    order = Order.objects.get(quote_version=version)
    assert "Support" not in [line.description for line in order.lines.all()]
    assert (order.net_total, order.vat_total) == (version.net_total, version.vat_total)
    # 161.28 less 7 % (11.29) = 149.99
    assert order.net_total == D("149.99")


def test_accepting_twice_is_refused_and_makes_no_second_order(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    services.quote_accept(actor=people.alice, version=sent, accepted_by_name="Els")
    number = Order.objects.get(quote_version=sent).number
    with pytest.raises(ValidationError) as refused:
        services.quote_accept(actor=people.alice, version=sent, accepted_by_name="Els")
    assert refused.value.message_dict == {
        "status": [f"This quote was accepted already (order {number})."]
    }
    assert Order.objects.filter(quote_version=sent).count() == 1


def test_the_database_allows_one_order_per_quote_version(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.ACCEPTED, reviewer=people.ingrid)
    order = Order.objects.get(quote_version=sent)
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.create(
            number="O-X",
            account=account,
            owner=people.alice,
            ordered_on=date(2026, 6, 1),
            quote_version=sent,
        )
    assert list(Order.objects.filter(quote_version=sent)) == [order]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (S.EXPIRED, "This quote has expired: it can no longer be accepted. Make a new version."),
        (S.WITHDRAWN, "This quote was withdrawn: it cannot be accepted."),
        (S.APPROVED, "Only a sent quote can be accepted."),
    ],
)
def test_only_a_sent_version_can_be_accepted(account, people, product, status, message):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    QuoteVersion.objects.filter(pk=sent.pk).update(status=status)
    with pytest.raises(TransitionRefused) as refused:
        services.quote_accept(actor=people.alice, version=sent, accepted_by_name="Els")
    assert refused.value.reason == message
    assert not Order.objects.exists()
    assert QuoteVersion.objects.get(pk=sent.pk).status == status


def test_the_acceptance_date_is_within_the_validity_and_not_in_the_future(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        services.quote_accept(
            actor=people.alice, version=sent, accepted_by_name="Els", accepted_on=tomorrow
        )
    assert refused.value.message_dict == {"accepted_on": ["This date cannot be in the future."]}
    with pytest.raises(ValidationError) as refused:
        services.quote_accept(actor=people.alice, version=sent, accepted_by_name=" ")
    assert refused.value.message_dict == {"accepted_by_name": ["Name who agreed at the customer."]}
    assert QuoteVersion.objects.get(pk=sent.pk).status == S.SENT
    assert not Order.objects.exists()


def test_an_acceptance_after_the_validity_day_is_refused(account, people, product, time_machine):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    time_machine.move_to(sent.valid_until + timedelta(days=3))
    with pytest.raises(ValidationError) as refused:
        services.quote_accept(
            actor=people.alice,
            version=sent,
            accepted_by_name="Els",
            accepted_on=sent.valid_until + timedelta(days=1),
        )
    valid = sent.valid_until.strftime("%d-%m-%Y")
    assert refused.value.message_dict == {
        "accepted_on": [f"The quote was valid until {valid}: the customer agreed too late."]
    }
    services.quote_accept(
        actor=people.alice, version=sent, accepted_by_name="Els", accepted_on=sent.valid_until
    )
    assert Order.objects.filter(quote_version=sent).exists()


def test_only_optional_lines_of_the_quote_can_be_chosen(account, people, product):
    sent = rich_quote(people, account, product)
    plain = QuoteLine.objects.filter(group__quote_version=sent, optional=False).first()
    with pytest.raises(ValidationError) as refused:
        services.quote_accept(
            actor=people.alice, version=sent, accepted_by_name="Els", chosen_lines=[plain.pk]
        )
    assert refused.value.message_dict == {
        "chosen_lines": ["Choose only optional lines of this quote."]
    }
    assert QuoteVersion.objects.get(pk=sent.pk).status == S.SENT


def test_someone_of_another_team_cannot_accept(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    with pytest.raises(PermissionDenied):
        services.quote_accept(actor=people.charlie, version=sent, accepted_by_name="Els")
    assert QuoteVersion.objects.get(pk=sent.pk).status == S.SENT
    assert not Order.objects.exists()


def test_a_lost_opportunity_cannot_be_won_by_accepting(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    opportunity = sent.quote.opportunity
    opportunity.stage, opportunity.lost_reason = Stage.LOST, LostReason.PRICE
    opportunity.save()
    with pytest.raises(ValidationError) as refused:
        services.quote_accept(actor=people.alice, version=sent, accepted_by_name="Els")
    assert refused.value.message_dict == {
        "status": ["The opportunity is lost: a manager reopens it before the quote is accepted."]
    }
    assert QuoteVersion.objects.get(pk=sent.pk).status == S.SENT
    assert not Order.objects.exists()


def test_declining_can_keep_the_opportunity_open_to_revise(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    stage = sent.quote.opportunity.stage
    services.quote_decline(actor=people.alice, version=sent, reason="Too dear", opportunity="open")
    version = QuoteVersion.objects.get(pk=sent.pk)
    version.quote.opportunity.refresh_from_db()
    assert (version.status, version.decline_reason) == (S.DECLINED, "Too dear")
    assert version.quote.opportunity.stage == stage


def test_declining_can_lose_the_opportunity_with_the_reason(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    services.quote_decline(
        actor=people.alice,
        version=sent,
        reason="Went with the cheaper one",
        opportunity="lost",
        lost_reason=LostReason.PRICE,
    )
    opportunity = QuoteVersion.objects.get(pk=sent.pk).quote.opportunity
    assert (opportunity.stage, opportunity.lost_reason, opportunity.lost_note) == (
        Stage.LOST,
        LostReason.PRICE,
        "Went with the cheaper one",
    )


def test_losing_needs_a_reason_from_the_list_and_changes_nothing_without(account, people, product):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    with pytest.raises(ValidationError) as refused:
        services.quote_decline(actor=people.alice, version=sent, reason="No", opportunity="lost")
    assert refused.value.message_dict == {"lost_reason": ["Choose why the opportunity was lost."]}
    version = QuoteVersion.objects.get(pk=sent.pk)
    assert version.status == S.SENT
    assert version.quote.opportunity.stage != Stage.LOST


# --- the page ---------------------------------------------------------------------------------


def _page(version):
    return f"/quote-versions/{version.pk}/"


def test_the_owner_records_the_acceptance_on_the_page_and_sees_the_order(
    account, people, product, client_for
):
    sent = rich_quote(people, account, product)
    client = client_for(people.alice)
    page = client.get(_page(sent)).content.decode()
    assert 'id="accept-form"' in page and "Support" in page
    response = client.post(
        f"/quote-versions/{sent.pk}/accept/",
        {
            "accept-accepted_by_name": "Els Bos",
            "accept-customer_reference": "PO-9",
            "accept-chosen_lines": [str(optional_line(sent).pk)],
        },
    )
    assert response.status_code == 302
    order = Order.objects.get(quote_version=sent)
    page = client.get(_page(sent)).content.decode()
    assert f"/orders/{order.pk}/" in page and 'id="accept-form"' not in page
    order_page = client.get(f"/orders/{order.pk}/").content.decode()
    assert f'id="order-net">{euro(D("428.96"))}' in order_page
    assert f"/quote-versions/{sent.pk}/" in order_page


def test_a_missing_name_is_refused_next_to_the_field(account, people, product, client_for):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    response = client_for(people.alice).post(
        f"/quote-versions/{sent.pk}/accept/", {"accept-accepted_by_name": ""}
    )
    assert response.status_code == 422
    assert "Name who agreed at the customer." in response.content.decode()
    assert QuoteVersion.objects.get(pk=sent.pk).status == S.SENT


def test_the_owner_declines_on_the_page_and_loses_the_deal(account, people, product, client_for):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    response = client_for(people.alice).post(
        f"/quote-versions/{sent.pk}/decline/",
        {
            "decline-reason": "Too dear",
            "decline-opportunity": "lost",
            "decline-lost_reason": "price",
        },
    )
    assert response.status_code == 302
    version = QuoteVersion.objects.get(pk=sent.pk)
    assert (version.status, version.quote.opportunity.stage) == (S.DECLINED, Stage.LOST)


@pytest.mark.parametrize(("persona", "status"), [("charlie", 404), ("mark", 403)])
def test_someone_elses_quote_cannot_be_accepted_on_the_page(
    account, people, product, client_for, persona, status
):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    response = client_for(getattr(people, persona)).post(
        f"/quote-versions/{sent.pk}/accept/", {"accept-accepted_by_name": "Els"}
    )
    assert response.status_code == status
    assert QuoteVersion.objects.get(pk=sent.pk).status == S.SENT
    assert not Order.objects.exists()


# --- the API ----------------------------------------------------------------------------------


def test_the_api_accepts_and_answers_the_order_id(account, people, product, api):
    sent = rich_quote(people, account, product)
    client = api(people.alice)
    refused = client.post(
        f"/quote-versions/{sent.pk}/accept",
        {"accepted_by_name": "Els", "chosen_lines": [sent.groups.first().lines.first().pk]},
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "chosen_lines"
    made = client.post(
        f"/quote-versions/{sent.pk}/accept",
        {
            "accepted_by_name": "Els",
            "customer_reference": "PO-1",
            "chosen_lines": [optional_line(sent).pk],
            "contract_start": "2026-07-01",
            "contract_end": "2027-06-30",
            "renewal_notice_days": 30,
        },
    )
    assert made.status_code == 200, made.json()
    body = made.json()
    order = Order.objects.get(quote_version=sent)
    assert (body["status"], body["order_id"], body["customer_reference"]) == (
        "accepted",
        order.pk,
        "PO-1",
    )
    assert (body["net_total"], str(order.net_total)) == ("428.96", "428.96")
    again = client.post(f"/quote-versions/{sent.pk}/accept", {"accepted_by_name": "Els"})
    assert again.status_code == 409
    assert again.json()["detail"] == f"This quote was accepted already (order {order.number})."


def test_the_api_declines_and_loses_the_deal(account, people, product, api):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    response = api(people.alice).post(
        f"/quote-versions/{sent.pk}/decline",
        {"reason": "Too dear", "opportunity": "lost", "lost_reason": "price"},
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "declined"
    assert QuoteVersion.objects.get(pk=sent.pk).quote.opportunity.stage == Stage.LOST


def test_the_api_refuses_someone_of_another_team(account, people, product, api):
    sent = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    response = api(people.charlie).post(
        f"/quote-versions/{sent.pk}/accept", {"accepted_by_name": "Els"}
    )
    assert response.status_code == 404
    assert not Order.objects.exists()
