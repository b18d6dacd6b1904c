"""Orders in the benchmark (part of `bench/apps/sales.py`): five orders per account over two
years, 500,000 at size L, with four lines each on average (2,000,000), a status change per status
passed, a problem on some open orders, and each account's order count; the scenarios of the
order list, the orders to watch, an order's page and the API list.

Dates are relative to the day the data is generated (the orders to watch read today).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from bench.scenario import Scenario, Subjects
from koers.sales.models import (
    ORDER_PATH,
    STATUS_DATE_FIELDS,
    CustomerOrderSummary,
    Order,
    OrderLine,
    OrderProblem,
    OrderStatusChange,
    Product,
)

if TYPE_CHECKING:
    from bench.generate import Generator

ORDERS_PER_ACCOUNT = 5.0
LINES = (1, 2, 3, 4, 5, 6, 7)  # four on average
HISTORY_DAYS = 730
CANCELLED_SHARE = 0.03
PROBLEM_SHARE = 0.2  # of the open orders
CENT = Decimal("0.01")
VAT = {"low": Decimal("9"), "high": Decimal("21"), "zero": Decimal("0")}


def _status(age: int, rng: Any) -> str:
    """Old orders are invoiced, recent ones still on their way (a few cancelled)."""
    if rng.random() < CANCELLED_SHARE:
        return "cancelled"
    if age > 45:
        return "invoiced"
    if age > 14:
        return rng.choice(("delivered", "invoiced"))
    return rng.choice(("received", "confirmed", "in_delivery", "delivered"))


def orders(g: Generator) -> int:
    rng, day, dt = g.rng, g.day, g.dt
    today = g.rel_today
    products = list(
        Product.objects.values_list("pk", "list_price", "cost_price", "group_id", "vat_category")
    )
    first = (Order.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    make = g.writer.row_maker(Order, ["id", "number", "account_id"])
    n = round(ORDERS_PER_ACCOUNT * len(g.plan))
    picked = sorted(
        (
            (a, today - timedelta(days=rng.randrange(HISTORY_DAYS)))
            for a in rng.choices(g.plan, k=n)
        ),
        key=lambda pair: pair[1],
    )
    g.order_lines: list[tuple[int, list[tuple[Any, ...]]]] = []
    g.order_steps: list[tuple[int, int, int, str, dict[str, date]]] = []
    delivered: set[int] = set()
    summary: dict[int, list[Any]] = {}

    def rows() -> Iterable[tuple]:
        for account, ordered_on in picked:
            pk = next(ids)
            status = _status((today - ordered_on).days, rng)
            chosen = [rng.choice(products) for _ in range(rng.choice(LINES))]
            lines = []
            for product, price, cost, group, vat in chosen:
                quantity = rng.randint(1, 60)
                net = (price * quantity).quantize(CENT, ROUND_HALF_UP)
                rate = VAT.get(vat, Decimal("21"))
                tax = (net * rate / 100).quantize(CENT, ROUND_HALF_UP)
                lines.append(
                    (product, group, quantity, price, cost, rate, net, cost * quantity, tax)
                )
            dates = _dates(ordered_on, status, today, rng)
            promised = ordered_on + timedelta(days=rng.randint(3, 21))
            repeat = account.id in delivered
            if status in ("delivered", "invoiced"):
                delivered.add(account.id)
            if status != "cancelled":
                row = summary.setdefault(account.id, [ordered_on, ordered_on, 0, 0])
                row[1] = ordered_on
                row[2] += 1
                row[3] += 1 if repeat else 0
            g.order_lines.append((pk, lines))
            g.order_steps.append((pk, account.id, account.owner_id, status, dates))
            yield make(
                {
                    "id": pk,
                    "number": f"O-{pk:06d}",
                    "account_id": account.id,
                    "owner_id": account.owner_id,
                    "customer_reference": f"PO-{pk}",
                    "source": "direct",
                    "is_repeat": repeat,
                    "status": status,
                    "ordered_on": day(ordered_on),
                    "promised_on": day(promised),
                    **{name: day(value) for name, value in dates.items()},
                    "net_total": str(sum((line[6] for line in lines), Decimal("0"))),
                    "cost_total": str(sum((line[7] for line in lines), Decimal("0"))),
                    "vat_total": str(sum((line[8] for line in lines), Decimal("0"))),
                    "created_by_id": account.owner_id,
                    "version": 1 + len(dates),
                    "created_at": dt(g.rel_now - timedelta(days=(today - ordered_on).days)),
                    "updated_at": dt(g.rel_now),
                }
            )

    count = g.writer.write(Order, rows())
    g.order_summary = summary
    return count


def _dates(ordered_on: date, status: str, today: date, rng: Any) -> dict[str, date]:
    """The date of each status passed (`confirmed_on`, …), a few days apart, never after today."""
    if status == "cancelled":
        return {"cancelled_on": ordered_on}
    dates, current = {}, ordered_on
    for step in ORDER_PATH[1 : ORDER_PATH.index(status) + 1]:
        current = min(today, current + timedelta(days=rng.randint(0, 4)))
        dates[STATUS_DATE_FIELDS[step]] = current
    return dates


def order_lines(g: Generator) -> int:
    make = g.writer.row_maker(
        OrderLine,
        [
            "order_id",
            "product_id",
            "product_group_id",
            "description",
            "quantity",
            "unit_price",
            "unit_cost",
            "vat_percentage",
            "net",
            "cost",
            "vat",
            "position",
        ],
    )

    def rows() -> Iterable[tuple]:
        for pk, lines in g.order_lines:
            for position, line in enumerate(lines):
                product, group, quantity, price, cost, rate, net, total_cost, tax = line
                yield make(
                    {
                        "order_id": pk,
                        "product_id": product,
                        "product_group_id": group,
                        "description": f"Artikel {product}",
                        "quantity": str(quantity),
                        "unit_price": str(price),
                        "unit_cost": str(cost),
                        "vat_percentage": str(rate),
                        "net": str(net),
                        "cost": str(total_cost),
                        "vat": str(tax),
                        "position": position,
                    }
                )

    count = g.writer.write(OrderLine, rows())
    del g.order_lines
    return count


def order_history(g: Generator) -> int:
    """A status change per status passed; a problem on some of the open orders."""
    rng = g.rng
    make = g.writer.row_maker(
        OrderStatusChange, ["order_id", "account_id", "from_status", "to_status", "on", "at"]
    )
    troubled: list[tuple[int, int, int]] = []

    def rows() -> Iterable[tuple]:
        for pk, account_id, owner_id, status, dates in g.order_steps:
            path = ["cancelled"] if status == "cancelled" else list(ORDER_PATH[1:])
            before = ""
            ordered = [("received", None), *((s, dates.get(STATUS_DATE_FIELDS[s])) for s in path)]
            for step, on in ordered:
                if step != "received" and on is None:
                    break
                moment = g.rel_now - timedelta(days=(g.rel_today - (on or g.rel_today)).days)
                yield make(
                    {
                        "order_id": pk,
                        "account_id": account_id,
                        "from_status": before,
                        "to_status": step,
                        "on": g.day(on or g.rel_today),
                        "by_id": owner_id,
                        "at": g.dt(moment),
                    }
                )
                before = step
            open_order = status in ("received", "confirmed", "in_delivery")
            if open_order and rng.random() < PROBLEM_SHARE:
                troubled.append((pk, account_id, owner_id))

    count = g.writer.write(OrderStatusChange, rows())
    count += _problems(g, troubled)
    del g.order_steps
    return count


def _problems(g: Generator, troubled: list[tuple[int, int, int]]) -> int:
    make = g.writer.row_maker(
        OrderProblem, ["order_id", "account_id", "kind", "description", "recorded_at"]
    )
    rows = (
        make(
            {
                "order_id": pk,
                "account_id": account_id,
                "kind": g.rng.choice(("delay", "shortage", "damage")),
                "description": "Vertraging bij de leverancier.",
                "recorded_by_id": owner_id,
                "recorded_at": g.dt(g.rel_now - timedelta(days=g.rng.randint(0, 7))),
            }
        )
        for pk, account_id, owner_id in troubled
    )
    count = g.writer.write(OrderProblem, rows)
    Order.objects.filter(pk__in=[t[0] for t in troubled]).update(open_problems=1)
    return count


def order_summaries(g: Generator) -> int:
    make = g.writer.row_maker(
        CustomerOrderSummary,
        ["account_id", "first_ordered_on", "last_ordered_on", "orders", "repeat_orders"],
    )
    rows = (
        make(
            {
                "account_id": account_id,
                "first_ordered_on": g.day(first),
                "last_ordered_on": g.day(last),
                "orders": count,
                "repeat_orders": repeats,
            }
        )
        for account_id, (first, last, count, repeats) in g.order_summary.items()
    )
    count = g.writer.write(CustomerOrderSummary, rows)
    del g.order_summary
    return count


GENERATE = [
    ("orders", orders),
    ("order lines", order_lines),
    ("order history", order_history),
    ("order summaries", order_summaries),
]
LOADED = [Order, OrderLine, OrderStatusChange, OrderProblem, CustomerOrderSummary]


def subjects(s: Subjects) -> None:
    """The manager's biggest order (for its page)."""
    manager = s.personas["manager"]
    big = (
        Order.objects.filter(owner__teams__manager=manager)
        .order_by("-net_total", "pk")
        .values_list("pk", "net_total")
        .first()
    )
    s.big_order_id, s.big_order_amount = big if big else (0, 0)


SCENARIOS = [
    Scenario("order list, manager", url="/orders/", persona="manager"),
    Scenario(
        "order list, not yet delivered, manager",
        url="/orders/",
        persona="manager",
        params=lambda s, i: {"status": "open"},
    ),
    Scenario("orders to watch, account manager", url="/orders/watch/", persona="account_manager"),
    Scenario("orders to watch, manager", url="/orders/watch/", persona="manager"),
    Scenario(
        "order page, big order",
        url="/orders/{big_order_id}/",
        persona="manager",
        note="net {big_order_amount}",
    ),
    Scenario("API order list, manager", url="/api/v1/orders", persona="manager", api=True),
]
