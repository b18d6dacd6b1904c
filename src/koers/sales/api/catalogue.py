"""The catalogue in the API: products (with their price for an account), product groups and
price lists. Read by every user, written by administrators; cost prices as on the pages."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.api.errors import COMMON_RESPONSES, FieldErrors, filter_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PlanDate, SearchText, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.sales.api.price_schemas import InUseOut
from koers.sales.api.schemas import (
    PriceListConflictOut,
    PriceListIn,
    PriceListOut,
    PriceListPage,
    PriceListPatch,
    PriceOut,
    ProductConflictOut,
    ProductGroupIn,
    ProductGroupOut,
    ProductGroupPage,
    ProductGroupPatch,
    ProductIn,
    ProductOut,
    ProductPage,
    ProductPatch,
    Quantity,
    group_data,
    price_data,
    price_list_data,
    product_data,
)
from koers.sales.catalogue import queries, removal, services
from koers.sales.catalogue.filters import ProductFilterSet
from koers.sales.models import PriceList, PriceListItem, Product, ProductGroup, ProductKind
from koers.sales.models import VatCategory as Vat
from koers.sales.pricing import price_for

router = Router(tags=["catalogue"])

ProductId = PathEx[int, P(ge=1, le=MAX_ID, description="The product's id.")]
GroupId = PathEx[int, P(ge=1, le=MAX_ID, description="The product group's id.")]
PriceListId = PathEx[int, P(ge=1, le=MAX_ID, description="The price list's id.")]

ORDERINGS = {"code": "code", "name": "name", "list_price": "price", "group": "group"}
if TYPE_CHECKING:  # a Literal built at run time for pydantic; to mypy, a str
    Ordering = str
else:
    Ordering = Literal[tuple(ORDERINGS) + tuple(f"-{key}" for key in ORDERINGS)]


def _admin(user: User) -> None:
    """Writes are refused before any id in the body is looked at."""
    if not queries.can_manage_catalogue(user):
        raise NotAllowed(_("Only administrators manage the catalogue and its prices."))


def _not_found(field: str, what: str) -> FieldErrors:
    return FieldErrors({field: [what]}, code="not_found")


# ----------------------------------------------------------------------------------- groups


def _group(pk: int | None, field: str = "parent_id") -> ProductGroup | None:
    if pk is None:
        return None
    found = ProductGroup.objects.filter(pk=pk).first()
    if found is None:
        raise _not_found(field, _("There is no product group with this id."))
    return found


def _group_service_data(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "parent_id" in out:
        out["parent"] = _group(out.pop("parent_id"))
    return out


@router.get(
    "/product-groups",
    response={200: ProductGroupPage, **COMMON_RESPONSES},
    summary="List product groups",
)
def list_product_groups(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Main groups and their subgroups, in the catalogue's order."""
    rows = queries.groups_readable(request.auth).order_by("position", "code", "pk")
    return paginate(request, rows, page, group_data)


@router.post(
    "/product-groups",
    response={201: ProductGroupOut, **COMMON_RESPONSES},
    summary="Add a product group",
)
def create_product_group(
    request: ApiRequest, payload: ProductGroupIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    user: User = request.auth
    _admin(user)

    def create() -> tuple[int, dict[str, Any]]:
        data = _group_service_data(payload.model_dump())
        group = services.product_group_create(actor=user, data=data)
        return 201, dump(ProductGroupOut, group_data(group))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/product-groups/{group_id}",
    response={200: ProductGroupOut, **COMMON_RESPONSES},
    summary="Read a product group",
)
def get_product_group(request: ApiRequest, group_id: GroupId) -> dict[str, Any]:
    return group_data(queries.groups_readable(request.auth).get(pk=group_id))


@router.patch(
    "/product-groups/{group_id}",
    response={200: ProductGroupOut, **COMMON_RESPONSES},
    summary="Change a product group",
)
def update_product_group(
    request: ApiRequest, group_id: GroupId, payload: ProductGroupPatch
) -> dict[str, Any]:
    user: User = request.auth
    _admin(user)
    group = ProductGroup.objects.get(pk=group_id)
    data = _group_service_data(payload.changes())  # type: ignore[attr-defined]
    return group_data(services.product_group_update(actor=user, group=group, data=data))


# --------------------------------------------------------------------------------- products


class ProductFilters(Schema):
    q: SearchText() | None = Field(None, description="Words in the code or either name.")
    group: Id | None = Field(None, description="In this group or, for a main group, its subgroups.")
    kind: ProductKind | None = None
    vat_category: Vat | None = None
    state: Literal["active", "inactive", "all"] = Field(
        "all", description="`active`: sold today; `inactive`: not sold today."
    )
    ordering: Ordering = "code"


def filter_products(user: User, filters: ProductFilters) -> QuerySet[Product]:
    data = {
        name: str(getattr(value, "value", value))
        for name in ("q", "group", "kind", "vat_category")
        if (value := getattr(filters, name)) is not None
    }
    data["state"] = filters.state
    sort = ORDERINGS[filters.ordering.lstrip("-")]
    data["sort"] = f"-{sort}" if filters.ordering.startswith("-") else sort
    filterset = ProductFilterSet(data, user=user, strict=True)
    if not filterset.is_valid():
        raise filter_errors(filterset.errors, names={"sort": "ordering"})
    return filterset.found(queries.products_readable(user))


def _product_service_data(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "group_id" in out:
        out["group"] = _group(out.pop("group_id"), "group_id")
    for name in ("cost_price", "list_price"):
        if name in out:
            out[name] = Decimal(out[name])
    return out


def _product(user: User, pk: int) -> dict[str, Any]:
    product = queries.products_readable(user).get(pk=pk)
    return product_data(product, cost_prices=queries.sees_cost_prices(user))


@router.get("/products", response={200: ProductPage, **COMMON_RESPONSES}, summary="List products")
def list_products(
    request: ApiRequest, filters: Query[ProductFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The catalogue; `cost_price` and `margin_percent` are null for roles that may not see them."""
    user: User = request.auth
    cost_prices = queries.sees_cost_prices(user)
    return paginate(
        request,
        filter_products(user, filters),
        page,
        lambda p: product_data(p, cost_prices=cost_prices),
    )


@router.post("/products", response={201: ProductOut, **COMMON_RESPONSES}, summary="Add a product")
def create_product(
    request: ApiRequest, payload: ProductIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    user: User = request.auth
    _admin(user)

    def create() -> tuple[int, dict[str, Any]]:
        data = _product_service_data(payload.model_dump())
        product = services.product_create(actor=user, data=data)
        return 201, dump(ProductOut, _product(user, product.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/products/{product_id}",
    response={200: ProductOut, **COMMON_RESPONSES},
    summary="Read a product",
)
def get_product(request: ApiRequest, product_id: ProductId) -> dict[str, Any]:
    return _product(request.auth, product_id)


@router.patch(
    "/products/{product_id}",
    response={200: ProductOut, 409: ProductConflictOut, **COMMON_RESPONSES},
    summary="Change a product",
)
def update_product(
    request: ApiRequest, product_id: ProductId, payload: ProductPatch
) -> Status[dict[str, Any]]:
    """Changes only the fields sent; a stale `version` is a 409 with the current product."""
    user: User = request.auth
    _admin(user)
    product = Product.objects.get(pk=product_id)

    def save(version: int, data: dict[str, Any]) -> None:
        services.product_update(
            actor=user,
            product=product,
            data=_product_service_data(data),
            expected_version=version,
        )

    return patch_versioned(payload, save=save, read=lambda: _product(user, product_id))


class PriceQuery(Schema):
    account_id: Id = Field(description="An account you may read.")
    date: PlanDate | None = Field(None, description="The day of the price; today if left out.")
    quantity: Quantity = Field(
        "1", description="Above 0, with a point for decimals; quantity breaks apply from it."
    )


@router.get(
    "/products/{product_id}/price",
    response={200: PriceOut, **COMMON_RESPONSES},
    summary="The price of a product for an account",
)
def product_price(
    request: ApiRequest, product_id: ProductId, query: Query[PriceQuery]
) -> dict[str, Any]:
    """The price for the account on the day for the quantity, and where it comes from (an agreed
    price, the chain's, a price list, or the list price). A product not sold that day is a 422
    on `date`."""
    user: User = request.auth
    product = queries.products_readable(user).get(pk=product_id)
    account = access.accounts_readable(user).filter(pk=query.account_id).first()
    if account is None:
        raise _not_found("account_id", _("There is no account with this id."))
    day: date = query.date or timezone.localdate()
    found = price_for(product=product, account=account, on=day, quantity=Decimal(query.quantity))
    return price_data(found)


# ------------------------------------------------------------------------------ price lists


def _lists(user: User) -> QuerySet[PriceList]:
    items = PriceListItem.objects.select_related("product").order_by(
        "product__code", "min_quantity"
    )
    return queries.price_lists_readable(user).prefetch_related(Prefetch("items", queryset=items))


def _list_data(plist: PriceList) -> dict[str, Any]:
    return price_list_data(plist, list(plist.items.all()))


def _price_list_service_data(user: User, data: dict[str, Any]) -> dict[str, Any]:
    from koers.accounts.models import Segment

    out = dict(data)
    out.pop("items", None)
    if "segment_id" in out:
        pk = out.pop("segment_id")
        out["segment"] = None if pk is None else Segment.objects.filter(pk=pk).first()
        if pk is not None and out["segment"] is None:
            raise _not_found("segment_id", _("There is no segment with this id."))
    if "account_id" in out:
        pk = out.pop("account_id")
        out["account"] = (
            None if pk is None else access.accounts_readable(user).filter(pk=pk).first()
        )
        if pk is not None and out["account"] is None:
            raise _not_found("account_id", _("There is no account with this id."))
    return out


def _items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = {item["product_id"] for item in items}
    products = Product.objects.in_bulk(ids)
    out = []
    for index, item in enumerate(items):
        product = products.get(item["product_id"])
        if product is None:
            raise _not_found(f"items.{index}.product_id", _("There is no product with this id."))
        out.append(
            {
                "product": product,
                "min_quantity": Decimal(item.get("min_quantity", "1")),
                "price": Decimal(item["price"]),
            }
        )
    return out


@router.get(
    "/price-lists", response={200: PriceListPage, **COMMON_RESPONSES}, summary="List price lists"
)
def list_price_lists(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """Lists for a segment or a period, and the lists of chains you may read; newest first."""
    rows = _lists(request.auth).order_by("-valid_from", "name", "pk")
    return paginate(request, rows, page, _list_data)


@router.post(
    "/price-lists", response={201: PriceListOut, **COMMON_RESPONSES}, summary="Add a price list"
)
def create_price_list(
    request: ApiRequest, payload: PriceListIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    user: User = request.auth
    _admin(user)

    def create() -> tuple[int, dict[str, Any]]:
        dumped = payload.model_dump()
        items = _items(dumped["items"])
        plist = services.price_list_create(actor=user, data=_price_list_service_data(user, dumped))
        services.price_list_items_replace(actor=user, price_list=plist, items=items)
        return 201, dump(PriceListOut, _list_data(_lists(user).get(pk=plist.pk)))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/price-lists/{price_list_id}",
    response={200: PriceListOut, **COMMON_RESPONSES},
    summary="Read a price list",
)
def get_price_list(request: ApiRequest, price_list_id: PriceListId) -> dict[str, Any]:
    return _list_data(_lists(request.auth).get(pk=price_list_id))


@router.patch(
    "/price-lists/{price_list_id}",
    response={200: PriceListOut, 409: PriceListConflictOut, **COMMON_RESPONSES},
    summary="Change a price list",
)
def update_price_list(
    request: ApiRequest, price_list_id: PriceListId, payload: PriceListPatch
) -> Status[dict[str, Any]]:
    """Only the fields sent change; `items`, when sent, replace all prices of the list. A
    stale `version` is a 409 with the current list."""
    user: User = request.auth
    _admin(user)
    plist = PriceList.objects.get(pk=price_list_id)

    @transaction.atomic  # the list and its prices, or nothing
    def save(version: int, data: dict[str, Any]) -> None:
        items = _items(data["items"]) if "items" in data else None
        services.price_list_update(
            actor=user,
            price_list=plist,
            data=_price_list_service_data(user, data),
            expected_version=version,
        )
        if items is not None:
            services.price_list_items_replace(actor=user, price_list=plist, items=items)

    return patch_versioned(
        payload, save=save, read=lambda: _list_data(_lists(user).get(pk=price_list_id))
    )


# ------------------------------------------------------------------------------- deletes


def _in_use(exc: removal.InUse, what: str) -> Status[dict[str, Any]]:
    return Status(409, {"detail": what, "uses": exc.uses})


@router.delete(
    "/products/{product_id}",
    response={204: None, 409: InUseOut, **COMMON_RESPONSES},
    summary="Delete a product",
)
def delete_product(request: ApiRequest, product_id: ProductId) -> Status[Any]:
    """Only a product that no price list, agreed price or opportunity names; else a 409 with
    the reasons and nothing changed (retire it instead: PATCH `active_until`)."""
    user: User = request.auth
    _admin(user)
    product = Product.objects.get(pk=product_id)
    try:
        removal.product_delete(actor=user, product=product)
    except removal.InUse as exc:
        return _in_use(exc, _("The product is in use, so it cannot be deleted."))
    return Status(204, None)


@router.delete(
    "/price-lists/{price_list_id}",
    response={204: None, 409: InUseOut, **COMMON_RESPONSES},
    summary="Delete a price list",
)
def delete_price_list(request: ApiRequest, price_list_id: PriceListId) -> Status[Any]:
    """Only a list that has not applied yet (with its prices); one that has is a 409 (end it
    instead: PATCH `valid_until`)."""
    user: User = request.auth
    _admin(user)
    plist = queries.price_lists_readable(user).get(pk=price_list_id)
    try:
        removal.price_list_delete(actor=user, price_list=plist)
    except removal.InUse as exc:
        return _in_use(exc, _("The price list has applied, so it cannot be deleted."))
    return Status(204, None)
