"""Orders for the demo (`manage.py demo`): orders in every status over the past two years for
the demo's customers, repeat orders (and one "order again"), problems on some open orders, a
late one, and one contract whose renewal is due.

Made through the services (each has its lines, status changes and customer count), by the
account manager and processed by an administrator, dated as they would have happened. Its own
random stream (from the seed), so that the steps after it draw as before.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from koers.accounts.models import Account
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.sales.models import ORDER_PATH, Order, OrderStatus, ProblemKind, Product
from koers.sales.orders import services
from koers.sales.orders.services import LineIn
from koers.sales.pricing import vat_percentage

CUSTOMERS = 40
PROBLEMS = (
    (ProblemKind.DELAY, "De leverancier levert de runderlappen een week later."),
    (ProblemKind.SHORTAGE, "Twee dozen kipfilet te weinig geladen."),
    (ProblemKind.DAMAGE, "Eén krat beschadigd aangekomen; koelketen onderbroken."),
)


def build(context: DemoContext, _rng: random.Random) -> None:
    rng = random.Random(context.seed * 11 + 3)
    processor = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    accounts = list(
        Account.objects.filter(status="customer", parent__isnull=True)
        .select_related("owner")
        .order_by("pk")[:CUSTOMERS]
    )
    products = list(Product.objects.filter(active_until__isnull=True).order_by("pk")[:40])
    if processor is None or not accounts or not products:
        return
    today = context.today
    made: list[Order] = []
    for account in accounts:
        days = sorted(rng.sample(range(1, 730), rng.randint(1, 5)), reverse=True)
        for ago in days:
            ordered_on = today - timedelta(days=ago)
            made.append(_order(account, ordered_on, today, rng, products, processor))
    # Whatever the draw, orders still on their way in each open status (the last one late).
    for back, status in ((2, "received"), (6, "confirmed"), (25, "in_delivery")):
        account = rng.choice(accounts)
        ordered_on = today - timedelta(days=back)
        made.append(_order(account, ordered_on, today, rng, products, processor, status))
    _extras(made, rng, processor, today, products)
    context.summary.append(f"{Order.objects.count()} orders")


def _lines(rng: random.Random, products: list[Product], on: date) -> list[LineIn]:
    return [
        LineIn(
            quantity=Decimal(rng.choice([2, 5, 10, 20, 40])),
            product=product,
            unit_price=product.list_price,
            discount=Decimal(rng.choice([0, 0, 0, 5, 10])),
            vat_percentage=vat_percentage(product.vat_category, on),
        )
        for product in rng.sample(products, rng.randint(1, 4))
    ]


def _target(ago: int, rng: random.Random) -> str:
    """Old orders are invoiced (a few cancelled); recent ones are still on their way."""
    if rng.random() < 0.05:
        return OrderStatus.CANCELLED
    if ago > 60:
        return OrderStatus.INVOICED
    if ago > 20:
        return rng.choice([OrderStatus.DELIVERED, OrderStatus.INVOICED])
    return rng.choice(list(ORDER_PATH[:3]))


def _order(
    account: Account,
    ordered_on: date,
    today: date,
    rng: random.Random,
    products: list[Product],
    admin: User,
    target: str = "",
) -> Order:
    ago = (today - ordered_on).days
    promised = ordered_on + timedelta(days=rng.randint(3, 21))
    order = services.order_create(
        actor=account.owner,
        account=account,
        ordered_on=ordered_on,
        requested_on=promised - timedelta(days=rng.randint(0, 3)),
        promised_on=promised,
        customer_reference=f"PO-{ordered_on:%y%m}-{rng.randint(100, 999)}",
        lines=_lines(rng, products, ordered_on),
    )
    target = target or _target(ago, rng)
    if target == OrderStatus.CANCELLED:
        return services.order_status_change(
            actor=admin, order=order, to=target, on=ordered_on, cancel_reason="Dubbel besteld."
        )
    step_day = ordered_on
    for step in ORDER_PATH[1 : ORDER_PATH.index(OrderStatus(target)) + 1]:
        step_day = min(today, step_day + timedelta(days=rng.randint(0, 4)))
        order = services.order_status_change(actor=admin, order=order, to=step, on=step_day)
    return order


def _extras(
    made: list[Order], rng: random.Random, admin: User, today: date, products: list[Product]
) -> None:
    """Problems on some open orders, a repeat by "order again", and a contract due for renewal."""
    open_orders = [o for o in made if o.is_open]
    for order in open_orders[:3]:
        kind, text = rng.choice(PROBLEMS)
        services.order_problem_record(
            actor=order.owner,
            order=order,
            kind=kind,
            description=text,
            new_promised_on=today + timedelta(days=rng.randint(2, 10)),
        )
    invoiced = [o for o in made if o.status == OrderStatus.INVOICED]
    if invoiced:
        again = services.order_again(actor=invoiced[-1].owner, order=invoiced[-1])
        services.order_status_change(actor=admin, order=again, to=OrderStatus.CONFIRMED)
    account = made[0].account
    start = today - timedelta(days=330)
    contract = services.order_create(
        actor=account.owner,
        account=account,
        ordered_on=start,
        customer_reference="Servicecontract",
        contract_start=start,
        contract_end=today + timedelta(days=35),
        renewal_notice_days=60,
        lines=_lines(rng, products, start)[:1],
    )
    for step in (OrderStatus.CONFIRMED, OrderStatus.DELIVERED):
        services.order_status_change(actor=admin, order=contract, to=step, on=start)
    services.renew_contracts(today, tell_owners=False)
