"""Orders: creating, pricing the lines, the status table, repeat orders, problems, contracts."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koers.core.errors import NotAllowed
from koers.relations.models import Activity
from koers.sales.models import (
    CustomerOrderSummary,
    Opportunity,
    Order,
    OrderSource,
    OrderStatus,
    ProblemKind,
)
from koers.sales.orders import services
from koers.sales.orders.lines import line_amounts
from koers.sales.orders.services import LineIn
from tests.factories import make_account, make_contact
from tests.sales.factories import agree, make_product
from tests.sales.order_factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(people):
    account = make_account(people.alice, "Alpha BV")
    account.team_members.create(user=people.ingrid, role="inside_sales")
    return account


def test_a_line_is_rounded_once_after_its_discount():
    amounts = line_amounts(
        quantity=Decimal("3"),
        unit_price=Decimal("9.99"),
        discount=Decimal("12.5"),
        unit_cost=Decimal("4.333"),
        vat_percentage=Decimal("21"),
    )
    # 29.97 less 12.5 % = 26.22375 -> 26.22; VAT 21 % of 26.22 = 5.5062 -> 5.51;
    # cost 12.999 -> 13.00
    assert (amounts.net, amounts.vat, amounts.cost) == (
        Decimal("26.22"),
        Decimal("5.51"),
        Decimal("13.00"),
    )
    assert amounts.margin == Decimal("13.22")


def test_a_full_discount_makes_a_line_of_nothing():
    amounts = line_amounts(quantity=Decimal("2"), unit_price=Decimal("10"), discount=Decimal("100"))
    assert amounts.net == Decimal("0.00")


def test_an_order_takes_the_customers_price_and_keeps_its_totals(people, alpha):
    product = make_product(list_price=Decimal("10.00"), cost_price=Decimal("6.00"))
    agree(alpha, product, "8.50")
    order = services.order_create(
        actor=people.alice,
        account=alpha,
        customer_reference="PO-4711",
        lines=[
            LineIn(quantity=Decimal("4"), product=product, discount=Decimal("10")),
            LineIn(quantity=Decimal("1"), description="Delivery", unit_price=Decimal("25")),
        ],
    )
    order.refresh_from_db()
    first, second = order.lines.all()
    assert (first.unit_price, first.net, first.cost) == (
        Decimal("8.50"),
        Decimal("30.60"),
        Decimal("24.00"),
    )
    assert first.product_group_id == product.group_id
    assert order.net_total == Decimal("55.60")
    assert order.cost_total == Decimal("24.00")
    assert order.vat_total == first.vat + second.vat
    assert order.number == f"O-{order.pk:06d}"
    assert order.owner == people.alice
    assert order.status == OrderStatus.RECEIVED
    assert [c.to_status for c in order.status_changes.all()] == ["received"]


def test_a_negative_quantity_is_refused_and_nothing_is_made(people, alpha):
    with pytest.raises(ValidationError) as refused:
        services.order_create(
            actor=people.alice,
            account=alpha,
            lines=[LineIn(quantity=Decimal("-1"), description="x", unit_price=Decimal("1"))],
        )
    assert "lines" in refused.value.message_dict
    assert not Order.objects.exists()


def test_a_branch_of_another_account_is_refused(people, alpha):
    other = make_account(people.alice, "Other BV")
    with pytest.raises(ValidationError) as refused:
        make_order(people.alice, alpha, branch=other)
    assert "branch" in refused.value.message_dict


def test_someone_who_cannot_read_the_account_cannot_order_for_it(people, alpha):
    with pytest.raises(NotAllowed):
        make_order(people.charlie, alpha)
    assert not Order.objects.exists()


def test_inside_sales_moves_an_order_through_its_statuses_with_their_dates(people, alpha):
    order = make_order(people.alice, alpha)
    for status in ("confirmed", "in_delivery", "delivered", "invoiced"):
        order = services.order_status_change(actor=people.ingrid, order=order, to=status)
    order.refresh_from_db()
    today = date(2026, 6, 15)
    assert (order.confirmed_on, order.delivered_on, order.invoiced_on) == (today, today, today)
    assert [c.to_status for c in order.status_changes.all()] == [
        "received",
        "confirmed",
        "in_delivery",
        "delivered",
        "invoiced",
    ]


def test_the_account_manager_does_not_process_orders(people, alpha):
    order = make_order(people.alice, alpha)
    with pytest.raises(NotAllowed):
        services.order_status_change(actor=people.alice, order=order, to="confirmed")
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED
    assert order.confirmed_on is None


def test_a_delivered_order_cannot_be_cancelled(people, alpha):
    order = make_order(people.alice, alpha, "delivered", processor=people.ingrid)
    with pytest.raises(ValidationError) as refused:
        services.order_status_change(
            actor=people.ingrid, order=order, to="cancelled", cancel_reason="Changed mind"
        )
    assert refused.value.message_dict["status"] == [
        "Only an order that is not yet in delivery can be cancelled."
    ]
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED


def test_cancelling_needs_a_reason(people, alpha):
    order = make_order(people.alice, alpha)
    with pytest.raises(ValidationError) as refused:
        services.order_status_change(actor=people.ingrid, order=order, to="cancelled")
    assert refused.value.message_dict["cancel_reason"] == ["Say why the order is cancelled."]


def test_an_order_after_a_delivered_one_is_a_repeat_and_the_customer_count_follows(people, alpha):
    first = make_order(people.alice, alpha, "delivered", processor=people.ingrid)
    second = make_order(people.alice, alpha)
    assert not first.is_repeat
    assert second.is_repeat
    summary = CustomerOrderSummary.objects.get(account=alpha)
    assert (summary.orders, summary.repeat_orders) == (2, 1)
    assert summary.first_ordered_on == date(2026, 6, 15)
    services.order_status_change(
        actor=people.ingrid, order=second, to="cancelled", cancel_reason="Twice"
    )
    summary.refresh_from_db()
    assert (summary.orders, summary.repeat_orders) == (1, 0)


def test_order_again_copies_the_lines_at_todays_price(people, alpha):
    product = make_product(list_price=Decimal("10.00"))
    first = make_order(people.alice, alpha, "delivered", product=product, processor=people.ingrid)
    agree(alpha, product, "9.00", valid_from=date(2026, 6, 1))
    again = services.order_again(actor=people.alice, order=first)
    line = again.lines.get()
    assert (line.product, line.quantity, line.unit_price) == (
        product,
        Decimal("2"),
        Decimal("9.00"),
    )
    assert again.repeats == first
    assert again.source == OrderSource.REPEAT
    assert again.is_repeat


def test_a_problem_puts_the_order_on_watch_until_it_is_resolved(people, alpha):
    order = make_order(people.alice, alpha, promised_on=date(2026, 6, 20))
    problem = services.order_problem_record(
        actor=people.alice,
        order=order,
        kind=ProblemKind.DELAY,
        description="The supplier is late",
        new_promised_on=date(2026, 6, 30),
    )
    order.refresh_from_db()
    assert (order.open_problems, order.promised_on) == (1, date(2026, 6, 30))
    services.order_problem_resolve(actor=people.ingrid, problem=problem, resolution="Delivered")
    order.refresh_from_db()
    assert order.open_problems == 0


def test_a_problem_is_told_to_the_customer_by_a_logged_mail(people, alpha, mailoutbox):
    anna = make_contact(alpha, first_name="Anna", email="anna@alpha.example")
    order = make_order(people.alice, alpha)
    problem = services.order_problem_record(
        actor=people.alice, order=order, kind=ProblemKind.SHORTAGE, description="2 short"
    )
    services.order_problem_communicate(
        actor=people.alice,
        problem=problem,
        contacts=[anna],
        subject="Your order",
        body="{salutation}, two pieces come later.",
    )
    problem.refresh_from_db()
    assert problem.mail is not None and problem.communicated_at is not None
    assert Activity.objects.filter(account=alpha, kind="email").count() == 1


def test_a_contract_gets_one_renewal_opportunity_when_its_notice_starts(people, alpha):
    order = make_order(
        people.alice,
        alpha,
        contract_start=date(2026, 1, 1),
        contract_end=date(2026, 8, 31),
        renewal_notice_days=60,
    )
    assert services.renew_contracts(date(2026, 7, 1)) == 0
    assert services.renew_contracts(date(2026, 7, 2)) == 1
    assert services.renew_contracts(date(2026, 7, 3)) == 0
    order.refresh_from_db()
    renewal = Opportunity.objects.get()
    assert order.renewal_opportunity == renewal
    assert (renewal.owner, renewal.close_on) == (people.alice, date(2026, 8, 31))


def test_the_erp_can_report_a_later_status_and_the_steps_are_kept(people, alpha):
    order = make_order(people.alice, alpha, ordered_on=date(2026, 6, 1))
    services.order_status_advance(
        actor=people.admin, order=order, to="invoiced", on=date(2026, 6, 10)
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.INVOICED
    assert order.delivered_on == date(2026, 6, 10)
    steps = [c.to_status for c in order.status_changes.all()]
    assert steps == ["received", "confirmed", "delivered", "invoiced"]
    with pytest.raises(ValidationError):
        services.order_status_advance(actor=people.admin, order=order, to="confirmed")


def test_a_future_status_date_is_refused(people, alpha):
    order = make_order(people.alice, alpha)
    with pytest.raises(ValidationError) as refused:
        services.order_status_change(
            actor=people.ingrid, order=order, to="confirmed", on=date(2026, 6, 15) + timedelta(1)
        )
    assert "on" in refused.value.message_dict


def test_the_customer_counts_can_be_rebuilt_from_the_orders(people, alpha):
    from io import StringIO

    from django.core.management import call_command

    make_order(people.alice, alpha, "delivered", processor=people.ingrid)
    make_order(people.alice, alpha)
    CustomerOrderSummary.objects.filter(account=alpha).update(orders=99, repeat_orders=0)
    out = StringIO()
    call_command("order_summaries", stdout=out)
    summary = CustomerOrderSummary.objects.get(account=alpha)
    assert (summary.orders, summary.repeat_orders) == (2, 1)
    assert out.getvalue().strip() == "1 accounts"


def test_a_delivery_date_before_the_order_date_is_refused(people, alpha):
    with pytest.raises(ValidationError) as refused:
        make_order(people.alice, alpha, promised_on=date(2026, 6, 1))
    assert refused.value.message_dict["promised_on"] == [
        "This date cannot be before the order date."
    ]
    assert not Order.objects.exists()


def test_the_owner_is_notified_of_a_due_renewal(people, alpha):
    from koers.notifications.models import Notification

    make_order(
        people.alice,
        alpha,
        contract_start=date(2026, 1, 1),
        contract_end=date(2026, 7, 31),
        renewal_notice_days=60,
    )
    services.renew_contracts(date(2026, 6, 15))
    notice = Notification.objects.get(recipient=people.alice)
    assert notice.kind == "order_renewal"
    assert "Alpha BV" in notice.text
