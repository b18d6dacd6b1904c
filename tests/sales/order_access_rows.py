"""The orders' rows of the access matrix (tests/core/test_access_matrix.py).

Alice's order at Alpha is read like the account: alice, maria, mark and the administrator read
it; bob, charlie and ingrid (not on Alpha's team) get a 404. Alice, maria and the administrator
change it (lines, problems, order again); mark gets a 403. Status moves are for inside sales,
managers and administrators: alice (an account manager) gets a 403 too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from koers.sales.orders import services
from koers.sales.orders.services import LineIn
from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    alice, alpha = objects["alice"], objects["alpha"]
    order = services.order_create(
        actor=alice,
        account=alpha,
        customer_reference="PO-1",
        lines=[LineIn(quantity=Decimal("2"), product=objects["product"])],
    )
    problem = services.order_problem_record(
        actor=alice, order=order, kind="delay", description="The truck broke down"
    )
    objects.update(order=order, order_line=order.lines.get(), order_problem=problem)


def rows(*, signed_in: dict[str, int], read: dict[str, int]) -> list[Row]:
    write = statuses(read, mark=403)
    done = statuses(write, alice=302, maria=302, admin=302)
    processed = statuses(write, alice=403, maria=302, admin=302)

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    def api_pk(w: World) -> dict[str, int]:
        return {"order_id": w.order.pk}

    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def post(name: str, expect: dict[str, int], data: Any, kwargs: Any = None) -> Row:
        return Row(f"sales:{name}", expect, kwargs=kwargs or pk("order"), method="post", data=data)

    def details(w: World) -> dict[str, str]:
        return {"customer_reference": "PO-2", "version": str(w.order.version)}

    problem = lambda w: {"pk": w.order.pk, "problem_pk": w.order_problem.pk}  # noqa: E731
    return [
        Row("sales:order_list", signed_in),
        Row("sales:order_list", signed_in, htmx=True, query="status=open"),
        Row("sales:order_watch", signed_in),
        Row("sales:order_count", signed_in, htmx=True, query="status=open"),
        Row("sales:order_export_csv", signed_in),
        Row("sales:order_export_xlsx", signed_in),
        Row("sales:order_detail", read, kwargs=pk("order")),
        Row("sales:order_ubl", read, kwargs=pk("order")),
        Row("sales:order_new", write, query=lambda w: f"account={w.alpha.pk}"),
        Row(
            "sales:order_new",
            done,
            method="post",
            query=lambda w: f"account={w.alpha.pk}",
            data=lambda w: {"customer_reference": "PO-3"},
            label="post sales:order_new",
        ),
        Row("sales:order_edit", write, kwargs=pk("order")),
        post("order_edit", done, details),
        post("order_status", processed, lambda w: {"status-to": "confirmed"}),
        post("order_cancel", processed, lambda w: {"cancel-reason": "Ordered twice"}),
        post(
            "order_line_add",
            done,
            lambda w: {"line-description": "Extra", "line-quantity": "1", "line-unit_price": "5"},
        ),
        post(
            "order_line_remove",
            done,
            None,
            lambda w: {"pk": w.order.pk, "line_pk": w.order_line.pk},
        ),
        post(
            "order_problem_add",
            done,
            lambda w: {"problem-kind": "damage", "problem-description": "Dented"},
        ),
        post("order_problem_resolve", done, lambda w: {}, problem),
        post(
            "order_problem_mail",
            statuses(write, alice=422, maria=422, admin=422),
            lambda w: {f"mail-{w.order_problem.pk}-subject": "Your order"},
            problem,
        ),
        post("order_again", done, None),
        Row("sales:account_orders", read, kwargs=pk("alpha")),
        Row("sales:account_orders", read, kwargs=pk("alpha"), htmx=True),
        # The API: the same access as the pages (401 without credentials).
        Row("api:v1:list_orders", api(signed_in)),
        Row(
            "api:v1:create_order",
            api(write, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
            method="post",
            json=True,
            data=lambda w: {"account_id": w.alpha.pk, "customer_reference": "PO-4"},
        ),
        Row("api:v1:get_order", api(read), kwargs=api_pk),
        Row("api:v1:get_order_ubl", api(read), kwargs=api_pk),
        Row(
            "api:v1:change_order_status",
            api(write, alice=403),
            kwargs=api_pk,
            method="post",
            json=True,
            data=lambda w: {"status": "confirmed"},
        ),
        Row(
            "api:v1:record_order_problem",
            api(write),
            kwargs=api_pk,
            method="post",
            json=True,
            data=lambda w: {"kind": "delay", "description": "Later"},
        ),
        Row(
            "api:v1:resolve_order_problem",
            api(write),
            kwargs=lambda w: {"order_id": w.order.pk, "problem_id": w.order_problem.pk},
            method="post",
            json=True,
            data=lambda w: {},
        ),
    ]
