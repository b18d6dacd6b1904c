"""The shapes of one price of a list, of agreed prices and of a refused delete in the API."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, In, PageOut, PlanDate, Text, max_len
from koers.api.versioning import conflict_schema, patch_schema, versioned_schemas
from koers.sales.api.schemas import Euros, PriceListItemOut, money
from koers.sales.models import AgreedPrice


class InUseOut(Schema):
    detail: str
    uses: list[str] = Field(description="What still refers to it, one sentence each.")


class PriceListItemChangeIn(In):
    min_quantity: Text(
        11,
        pattern=r"^[0-9]{1,7}(\.[0-9]{1,3})?$",
        message=lambda: _("Give a quantity with a point for decimals, like 10."),
        examples=["10"],
    ) = "1"
    price: Euros


PriceListItemPatch = patch_schema(
    "PriceListItemPatch",
    PriceListItemChangeIn,
    doc="The price or the quantity break of one price; `version` is the one you read.",
)
PriceListItemConflictOut = conflict_schema("PriceListItemConflictOut", PriceListItemOut)


class AgreedPriceOut(Schema):
    id: int
    account_id: int
    account_name: str
    product_id: int
    product_code: str
    price: str = Field(description="Euros excluding VAT per unit.")
    valid_from: date
    valid_until: date | None
    for_branches: bool = Field(description="Branches without an agreement of their own get it.")
    notes: str
    version: int


def agreed_price_data(agreed: AgreedPrice) -> dict[str, Any]:
    """`account` and `product` must be loaded."""
    return {
        "id": agreed.pk,
        "account_id": agreed.account_id,
        "account_name": agreed.account.name,
        "product_id": agreed.product_id,
        "product_code": agreed.product.code,
        "price": money(agreed.price),
        "valid_from": agreed.valid_from,
        "valid_until": agreed.valid_until,
        "for_branches": agreed.for_branches,
        "notes": agreed.notes,
        "version": agreed.version,
    }


class AgreedPriceIn(In):
    account_id: BodyId = Field(description="An account you may read.")
    product_id: BodyId
    price: Euros
    valid_from: PlanDate
    valid_until: PlanDate | None = None
    for_branches: bool = True
    notes: Text(max_len(AgreedPrice, "notes")) = ""


AgreedPricePatch, AgreedPriceConflictOut = versioned_schemas(
    "AgreedPrice",
    create=AgreedPriceIn,
    read=AgreedPriceOut,
    nullable={"valid_until"},
    exclude={"account_id"},
    doc="Only the fields sent are changed (the account stays); `version` is the one you read.",
)


class AgreedPricePage(PageOut):
    results: list[AgreedPriceOut]
