"""Orders: list (the filters of the list page), create (idempotent on the ERP's order number),
read, the status moves and problems as actions, and the UBL 2.1 Order document.

The same access and rules as the pages: readable like the account; created by whoever may change
the account; moved by inside sales, managers and administrators (403 for others); a move the
status table does not allow is a 409 with the reason and the order as it is; bad input a 422
naming the field.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.accounts.models import Account
from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PlanDate, dump
from koers.core import access
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations.api.common import act, api_field_names, user_named, writable_account
from koers.sales.catalogue.queries import sees_cost_prices
from koers.sales.models import (
    Order,
    OrderLine,
    OrderProblem,
    OrderSource,
    OrderStatus,
    OrderStatusChange,
    Product,
)
from koers.sales.orders import queries, services
from koers.sales.orders.api.schemas import (
    OrderIn,
    OrderLineIn,
    OrderOut,
    OrderPage,
    ProblemIn,
    ResolveIn,
    StatusIn,
    order_data,
)
from koers.sales.orders.filters import OrderFilterSet
from koers.sales.orders.services import LineIn
from koers.sales.orders.ubl import order_xml

router = Router(tags=["orders"])

OrderId = PathEx[int, P(ge=1, le=MAX_ID, description="The order's id.")]
ProblemId = PathEx[int, P(ge=1, le=MAX_ID, description="The problem's id.")]
ORDERINGS = {"ordered_on": "date", "promised_on": "promised", "net_total": "value"}
if TYPE_CHECKING:  # Literals built at run time for pydantic; to mypy, a str
    Ordering = str
    StatusFilter = str
else:
    Ordering = Literal[(*ORDERINGS, *(f"-{key}" for key in ORDERINGS))]
    StatusFilter = Literal[("open", *(s.value for s in OrderStatus))]


class OrderConflictOut(Schema):
    detail: str
    current_version: int
    current: OrderOut
    changes: list[dict[str, Any]]


class OrderFilters(Schema):
    account: Id | None = Field(None, description="Orders of this account.")
    owner: Id | None = Field(None, description="Of this account manager.")
    team: Id | None = Field(None, description="Of an account manager in this team.")
    status: StatusFilter | None = Field(
        None, description="`open` (not yet delivered), or one status; by default every status."
    )
    watch: bool | None = Field(
        None, description="Only the late ones (promised date passed) and those with a problem."
    )
    ordered_from: PlanDate | None = Field(None, description="Ordered on or after this day.")
    ordered_until: PlanDate | None = Field(None, description="Ordered on or before this day.")
    source: OrderSource | None = None
    ordering: Ordering = Field("-ordered_on", description="By default the newest first.")


def for_api(rows: QuerySet[Order]) -> QuerySet[Order]:
    return rows.select_related("account", "owner").prefetch_related(
        Prefetch("lines", OrderLine.objects.select_related("product")),
        Prefetch("problems", OrderProblem.objects.select_related("recorded_by")),
        Prefetch("status_changes", OrderStatusChange.objects.select_related("by")),
    )


def _value(v: Any) -> str:
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(getattr(v, "value", v))


def filter_orders(user: User, filters: OrderFilters) -> tuple[QuerySet[Order], QuerySet[Order]]:
    """The orders in list order (the form that walks a page), and the same rows in the form
    that counts fastest (decision 135)."""
    names = [n for n in OrderFilterSet.Meta.fields if n != "sort"]
    data = {n: _value(getattr(filters, n)) for n in names if getattr(filters, n) is not None}
    key = filters.ordering.lstrip("-")
    sort = ORDERINGS.get(key, "date")
    # The list's "date" sort is the newest first; "-ordered_on" is that, "ordered_on" reversed.
    if key == "ordered_on":
        data["sort"] = "date" if filters.ordering.startswith("-") else "-date"
    else:
        data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = OrderFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return for_api(filterset.found(filterset.rows_in_order())), filterset.found(filterset.rows())


def _detail(user: User, pk: int) -> dict[str, Any]:
    found = for_api(queries.orders_readable(user)).get(pk=pk)
    return order_data(found, sees_cost_prices(user))


def _branch(user: User, pk: int | None) -> Account | None:
    if pk is None:
        return None
    branch = access.accounts_readable(user).filter(pk=pk).first()
    if branch is None:
        raise FieldErrors({"branch_id": [_("There is no account with this id.")]}, code="not_found")
    return branch


def _lines(items: list[OrderLineIn] | None) -> list[LineIn] | None:
    if items is None:
        return None
    ids = {i.product_id for i in items if i.product_id is not None}
    products = Product.objects.in_bulk(ids)
    if len(products) != len(ids):
        raise FieldErrors({"lines": [_("There is no product with this id.")]}, code="not_found")

    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    return [
        LineIn(
            quantity=Decimal(i.quantity),
            product=products.get(i.product_id) if i.product_id is not None else None,
            description=i.description,
            unit_price=dec(i.unit_price),
            discount=Decimal(i.discount),
            vat_percentage=dec(i.vat_percentage),
        )
        for i in items
    ]


def _details(user: User, payload: OrderIn) -> dict[str, Any]:
    details: dict[str, Any] = {
        "customer_reference": payload.customer_reference,
        "branch": _branch(user, payload.branch_id),
        "requested_on": payload.requested_on,
        "promised_on": payload.promised_on,
    }
    if payload.ordered_on is not None:
        details["ordered_on"] = payload.ordered_on
    if payload.owner_id is not None:
        details["owner"] = user_named(user, payload.owner_id, "owner_id")
    for name in ("contract_start", "contract_end", "renewal_notice_days"):
        if getattr(payload, name) is not None:
            details[name] = getattr(payload, name)
    return details


# The status as an int, as ninja keys its own responses (a "200" beside it is a duplicate key).
UBL_RESPONSE: dict[str, Any] = {
    "responses": {
        200: {
            "description": "UBL 2.1 Order (Peppol BIS Ordering 3, order only).",
            "content": {"application/xml": {"schema": {"type": "string"}}},
        }
    }
}
API_NAMES = {"branch": "branch_id", "owner": "owner_id", "on": "status_on"}


@router.get("/orders", response={200: OrderPage, **COMMON_RESPONSES}, summary="List orders")
def list_orders(
    request: ApiRequest, filters: Query[OrderFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The orders of the accounts you may read, the newest first, as on the list page."""
    sees_cost = sees_cost_prices(request.auth)
    found, counted = filter_orders(request.auth, filters)
    return paginate(request, found, page, lambda o: order_data(o, sees_cost), count_from=counted)


@router.post(
    "/orders",
    response={200: OrderOut, 201: OrderOut, **COMMON_RESPONSES},
    summary="Create an order (or update the one with this ERP number)",
)
def create_order(
    request: ApiRequest, payload: OrderIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """For an account you may change. With `external_number`, idempotent: the same number again
    updates that order (its details, its lines while it is received or confirmed, its status
    forward) and answers 200; it never makes a second order."""
    user: User = request.auth

    def create() -> tuple[int, dict[str, Any]]:
        account = writable_account(user, payload.account_id)
        details = _details(user, payload)
        lines = _lines(payload.lines)
        with api_field_names(API_NAMES):
            if payload.external_number.strip():
                order, created = services.order_upsert(
                    actor=user,
                    account=account,
                    external_number=payload.external_number,
                    lines=lines,
                    status=payload.status,
                    status_on=payload.status_on,
                    **details,
                )
            else:
                order = services.order_create(
                    actor=user, account=account, lines=lines or (), **details
                )
                created = True
                if payload.status != OrderStatus.RECEIVED:
                    services.order_status_advance(
                        actor=user, order=order, to=payload.status, on=payload.status_on
                    )
        return (201 if created else 200), dump(OrderOut, _detail(user, order.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/orders/{order_id}", response={200: OrderOut, **COMMON_RESPONSES}, summary="Read an order"
)
def get_order(request: ApiRequest, order_id: OrderId) -> dict[str, Any]:
    return _detail(request.auth, order_id)


@router.get(
    "/orders/{order_id}/ubl",
    response={200: None, **COMMON_RESPONSES},
    summary="The order as a UBL 2.1 Order document",
    openapi_extra=UBL_RESPONSE,
)
def get_order_ubl(request: ApiRequest, order_id: OrderId) -> HttpResponse:
    """With the customer's order number and the quote reference; 404 for an order without
    lines (a UBL order needs one)."""
    order = queries.order_for_detail(request.auth, order_id)
    if not order.lines.all():
        raise Order.DoesNotExist
    response = HttpResponse(order_xml(order), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="{order.number}.xml"'
    return response


ACTION_RESPONSES: dict[int, Any] = {200: OrderOut, 409: OrderConflictOut, **COMMON_RESPONSES}


def _action(
    request: ApiRequest, order_id: int, key: str | None, payload: Schema, run: Any
) -> HttpResponse:
    user: User = request.auth
    order = queries.order_for_detail(user, order_id)

    def create() -> tuple[int, dict[str, Any]]:
        return act(
            lambda: run(user, order),
            read=lambda: _detail(user, order_id),
            out=OrderOut,
            conflict=OrderConflictOut,
        )

    return run_once(request, key=key, payload=payload, create=create)


@router.post("/orders/{order_id}/status", response=ACTION_RESPONSES, summary="Change the status")
def change_order_status(
    request: ApiRequest, order_id: OrderId, payload: StatusIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """Moves the order by the status table (received → confirmed → in delivery → delivered →
    invoiced; cancelled with `cancel_reason` before delivery). For inside sales, managers and
    administrators."""

    def run(user: User, order: Order) -> object:
        return services.order_status_change(
            actor=user,
            order=order,
            to=payload.status,
            on=payload.on,
            note=payload.note,
            cancel_reason=payload.cancel_reason,
        )

    return _action(request, order_id, idempotency_key, payload, run)


@router.post("/orders/{order_id}/problems", response=ACTION_RESPONSES, summary="Record a problem")
def record_order_problem(
    request: ApiRequest, order_id: OrderId, payload: ProblemIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """A delay, shortage or damage; the order is then among the orders to watch until the
    problem is resolved."""

    def run(user: User, order: Order) -> object:
        return services.order_problem_record(
            actor=user,
            order=order,
            kind=payload.kind,
            description=payload.description,
            new_promised_on=payload.new_promised_on,
        )

    return _action(request, order_id, idempotency_key, payload, run)


@router.post(
    "/orders/{order_id}/problems/{problem_id}/resolve",
    response=ACTION_RESPONSES,
    summary="Resolve a problem",
)
def resolve_order_problem(
    request: ApiRequest,
    order_id: OrderId,
    problem_id: ProblemId,
    payload: ResolveIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    def run(user: User, order: Order) -> object:
        problem = OrderProblem.objects.filter(order=order, pk=problem_id).first()
        if problem is None:
            raise FieldErrors({"problem_id": [_("There is no such problem.")]}, code="not_found")
        problem.order = order
        return services.order_problem_resolve(
            actor=user, problem=problem, resolution=payload.resolution
        )

    return _action(request, order_id, idempotency_key, payload, run)
