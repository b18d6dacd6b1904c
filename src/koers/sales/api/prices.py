"""Prices one by one in the API: PATCH of one price of a list, and the agreed prices (list,
read, add, change). Read like the pages (an agreed price like its account); written by
administrators; every change names the `version` it read, a stale one is a 409 with the current
record. (The DELETEs of a product and a price list are in `catalogue.py`: ninja serves the
methods of one path from one router.)"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, P, PathEx, Query, Router, Schema, Status

from koers.api.errors import COMMON_RESPONSES, FieldErrors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, dump
from koers.api.versioning import patch_versioned
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.sales.api.price_schemas import (
    AgreedPriceConflictOut,
    AgreedPriceIn,
    AgreedPriceOut,
    AgreedPricePage,
    AgreedPricePatch,
    PriceListItemConflictOut,
    PriceListItemPatch,
    agreed_price_data,
)
from koers.sales.api.schemas import PriceListItemOut, item_data
from koers.sales.catalogue import queries, services
from koers.sales.models import AgreedPrice, PriceListItem, Product

router = Router(tags=["catalogue"])

ProductId = PathEx[int, P(ge=1, le=MAX_ID, description="The product's id.")]
PriceListId = PathEx[int, P(ge=1, le=MAX_ID, description="The price list's id.")]
ItemId = PathEx[int, P(ge=1, le=MAX_ID, description="The price's id on the list.")]
AgreedId = PathEx[int, P(ge=1, le=MAX_ID, description="The agreed price's id.")]


def _admin(user: User) -> None:
    if not queries.can_manage_catalogue(user):
        raise NotAllowed(_("Only administrators manage the catalogue and its prices."))


def _item(user: User, price_list_id: int, item_id: int) -> dict[str, Any]:
    lists = queries.price_lists_readable(user).filter(pk=price_list_id)
    found = PriceListItem.objects.select_related("product").get(pk=item_id, price_list__in=lists)
    return item_data(found)


@router.patch(
    "/price-lists/{price_list_id}/items/{item_id}",
    response={200: PriceListItemOut, 409: PriceListItemConflictOut, **COMMON_RESPONSES},
    summary="Change one price of a price list",
)
def update_price_list_item(
    request: ApiRequest, price_list_id: PriceListId, item_id: ItemId, payload: PriceListItemPatch
) -> Status[dict[str, Any]]:
    """The price or the quantity break; a stale `version` is a 409 with the current price."""
    user: User = request.auth
    _admin(user)
    item = PriceListItem.objects.get(pk=item_id, price_list_id=price_list_id)

    def save(version: int, data: dict[str, Any]) -> None:
        values = {name: Decimal(value) for name, value in data.items()}
        services.price_list_item_update(
            actor=user, item=item, data=values, expected_version=version
        )

    return patch_versioned(payload, save=save, read=lambda: _item(user, price_list_id, item_id))


# ---------------------------------------------------------------------------- agreed prices


class AgreedPriceFilters(Schema):
    account_id: Id | None = Field(None, description="Agreed with this account.")
    product_id: Id | None = Field(None, description="For this product.")


def _agreed_rows(user: User) -> Any:
    return queries.agreed_prices_readable(user).select_related("account", "product")


def _agreed(user: User, pk: int) -> dict[str, Any]:
    return agreed_price_data(_agreed_rows(user).get(pk=pk))


def _agreed_service_data(user: User, data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    if "account_id" in out:
        account = access.accounts_readable(user).filter(pk=out.pop("account_id")).first()
        if account is None:
            message = _("There is no account with this id.")
            raise FieldErrors({"account_id": [message]}, code="not_found")
        out["account"] = account
    if "product_id" in out:
        product = Product.objects.filter(pk=out.pop("product_id")).first()
        if product is None:
            message = _("There is no product with this id.")
            raise FieldErrors({"product_id": [message]}, code="not_found")
        out["product"] = product
    if "price" in out:
        out["price"] = Decimal(out["price"])
    return out


@router.get(
    "/agreed-prices",
    response={200: AgreedPricePage, **COMMON_RESPONSES},
    summary="List agreed prices",
)
def list_agreed_prices(
    request: ApiRequest, filters: Query[AgreedPriceFilters], page: Query[PageParams]
) -> dict[str, Any]:
    """The prices agreed with the accounts you may read, by account and product."""
    rows = _agreed_rows(request.auth).order_by("account__name", "product__code", "-valid_from")
    if filters.account_id is not None:
        rows = rows.filter(account_id=filters.account_id)
    if filters.product_id is not None:
        rows = rows.filter(product_id=filters.product_id)
    return paginate(request, rows, page, agreed_price_data)


@router.post(
    "/agreed-prices",
    response={201: AgreedPriceOut, **COMMON_RESPONSES},
    summary="Add an agreed price",
)
def create_agreed_price(
    request: ApiRequest, payload: AgreedPriceIn, idempotency_key: KeyHeader = None
) -> HttpResponse:
    user: User = request.auth
    _admin(user)

    def create() -> tuple[int, dict[str, Any]]:
        data = _agreed_service_data(user, payload.model_dump())
        agreed = services.agreed_price_create(actor=user, data=data)
        return 201, dump(AgreedPriceOut, _agreed(user, agreed.pk))

    return run_once(request, key=idempotency_key, payload=payload, create=create)


@router.get(
    "/agreed-prices/{agreed_price_id}",
    response={200: AgreedPriceOut, **COMMON_RESPONSES},
    summary="Read an agreed price",
)
def get_agreed_price(request: ApiRequest, agreed_price_id: AgreedId) -> dict[str, Any]:
    return _agreed(request.auth, agreed_price_id)


@router.patch(
    "/agreed-prices/{agreed_price_id}",
    response={200: AgreedPriceOut, 409: AgreedPriceConflictOut, **COMMON_RESPONSES},
    summary="Change an agreed price",
)
def update_agreed_price(
    request: ApiRequest, agreed_price_id: AgreedId, payload: AgreedPricePatch
) -> Status[dict[str, Any]]:
    """Only the fields sent change; a stale `version` is a 409 with the current agreement."""
    user: User = request.auth
    _admin(user)
    agreed = AgreedPrice.objects.get(pk=agreed_price_id)

    def save(version: int, data: dict[str, Any]) -> None:
        services.agreed_price_update(
            actor=user,
            agreed=agreed,
            data=_agreed_service_data(user, data),
            expected_version=version,
        )

    return patch_versioned(payload, save=save, read=lambda: _agreed(user, agreed_price_id))
