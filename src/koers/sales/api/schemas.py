"""The shapes of the catalogue in the API. Amounts are decimal strings in euros ("12.50"), never
floats (docs/decisions.md, 74); cost prices and margins are null for who may not see them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import Field

from koers.api.schemas import BodyId, Choice, In, Integer, PageOut, PlanDate, Text, max_len
from koers.api.versioning import patch_schema, versioned_schemas
from koers.sales.models import (
    PriceList,
    PriceListItem,
    Product,
    ProductGroup,
    ProductKind,
    Unit,
    VatCategory,
)
from koers.sales.money import margin_percent
from koers.sales.pricing import PriceSource, ResolvedPrice

Euros = Text(
    12,
    pattern=r"^[0-9]{1,8}(\.[0-9]{1,2})?$",
    message=lambda: _("Give an amount in euros with a point for the cents, like 12.50."),
    examples=["12.50"],
)
QUANTITY_PATTERN = r"^(?=[0-9.]*[1-9])[0-9]{1,7}(\.[0-9]{1,3})?$"
Quantity = Text(
    11,
    pattern=QUANTITY_PATTERN,
    message=lambda: _("Give a quantity above 0 with a point for decimals, like 2.5."),
    examples=["10"],
)


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


class ProductGroupOut(Schema):
    id: int
    code: str
    name: str = Field(description="In the reader's language: English if given, else Dutch.")
    name_nl: str
    name_en: str
    parent_id: int | None = Field(description="The main group; null for a main group.")
    position: int
    active: bool


def group_data(group: ProductGroup) -> dict[str, Any]:
    return {
        "id": group.pk,
        "code": group.code,
        "name": group.name,
        "name_nl": group.name_nl,
        "name_en": group.name_en,
        "parent_id": group.parent_id,
        "position": group.position,
        "active": group.active,
    }


class ProductGroupIn(In):
    code: Text(max_len(ProductGroup, "code"), 1, examples=["VLEES"])
    name_nl: Text(max_len(ProductGroup, "name_nl"), 1, examples=["Vers vlees"])
    name_en: Text(max_len(ProductGroup, "name_en"), examples=["Fresh meat"]) = ""
    parent_id: BodyId | None = Field(None, description="A main group; null for a main group.")
    position: Integer(0, 32767) = 0
    active: bool = True


ProductGroupPatch = patch_schema(
    "ProductGroupPatch", ProductGroupIn, nullable={"parent_id"}, versioned=False
)


class ProductGroupPage(PageOut):
    results: list[ProductGroupOut]


class ProductOut(Schema):
    id: int
    code: str
    kind: ProductKind
    group_id: int
    name: str = Field(description="In the reader's language: English if given, else Dutch.")
    name_nl: str
    name_en: str
    description: str
    unit: Unit
    list_price: str = Field(description="Euros excluding VAT, a decimal string.")
    cost_price: str | None = Field(
        description="Euros, a decimal string; null for roles the administrator hides it from."
    )
    margin_percent: str | None = Field(
        description="(list price - cost price) / list price in percent, one decimal; null as "
        "the cost price, or for a list price of 0."
    )
    vat_category: VatCategory
    active_from: date
    active_until: date | None
    version: int
    updated_at: datetime


def product_data(product: Product, *, cost_prices: bool) -> dict[str, Any]:
    margin = margin_percent(product.list_price, product.cost_price) if cost_prices else None
    return {
        "id": product.pk,
        "code": product.code,
        "kind": product.kind,
        "group_id": product.group_id,
        "name": product.name,
        "name_nl": product.name_nl,
        "name_en": product.name_en,
        "description": product.description,
        "unit": product.unit,
        "list_price": money(product.list_price),
        "cost_price": money(product.cost_price) if cost_prices else None,
        "margin_percent": None if margin is None else f"{margin:.1f}",
        "vat_category": product.vat_category,
        "active_from": product.active_from,
        "active_until": product.active_until,
        "version": product.version,
        "updated_at": product.updated_at,
    }


class ProductIn(In):
    code: Text(max_len(Product, "code"), 1, examples=["RUND-001"])
    kind: Choice(ProductKind) = ProductKind.PRODUCT
    group_id: BodyId
    name_nl: Text(max_len(Product, "name_nl"), 1, examples=["Rundergehakt"])
    name_en: Text(max_len(Product, "name_en"), examples=["Minced beef"]) = ""
    description: Text(5000) = ""
    unit: Choice(Unit) = Unit.PIECE
    cost_price: Euros
    list_price: Euros
    vat_category: Choice(VatCategory) = VatCategory.HIGH
    active_from: PlanDate
    active_until: PlanDate | None = Field(None, description="The last day it is sold, if any.")


ProductPatch, ProductConflictOut = versioned_schemas(
    "Product",
    create=ProductIn,
    read=ProductOut,
    nullable={"active_until"},
    doc="Only the fields sent are changed; `version` is the one you read.",
)


class ProductPage(PageOut):
    results: list[ProductOut]


class PriceOut(Schema):
    product_id: int
    account_id: int
    date: date
    quantity: str
    unit_price: str = Field(description="Euros excluding VAT per unit.")
    source: PriceSource = Field(
        description="`agreed` with the account; `chain_agreed` with a chain above it; a price "
        "list of the account or chain (`account_list`), of its segment (`segment_list`) or for "
        "everyone in a period (`period_list`); else the `list_price`."
    )
    source_label: str
    agreed_price_id: int | None
    agreed_with_account_id: int | None
    price_list_id: int | None
    min_quantity: str | None = Field(description="The quantity break of the price list applied.")
    list_price: str
    net: str = Field(description="unit price x quantity, rounded to cents half up.")
    vat_percentage: str
    vat: str
    gross: str


def price_data(found: ResolvedPrice) -> dict[str, Any]:
    return {
        "product_id": found.product.pk,
        "account_id": found.account.pk,
        "date": found.on,
        "quantity": f"{found.quantity.normalize():f}",
        "unit_price": money(found.unit_price),
        "source": found.source,
        "source_label": found.source_label,
        "agreed_price_id": found.agreed_price.pk if found.agreed_price else None,
        "agreed_with_account_id": found.agreed_with.pk if found.agreed_with else None,
        "price_list_id": found.price_list.pk if found.price_list else None,
        "min_quantity": None
        if found.min_quantity is None
        else f"{found.min_quantity.normalize():f}",
        "list_price": money(found.list_price),
        "net": money(found.net),
        "vat_percentage": f"{found.vat_percentage:.2f}",
        "vat": money(found.vat),
        "gross": money(found.gross),
    }


class PriceListItemOut(Schema):
    id: int = Field(description="PATCH /price-lists/{id}/items/{item_id} changes this price.")
    product_id: int
    product_code: str
    min_quantity: str
    price: str
    version: int


class PriceListOut(Schema):
    id: int
    name: str
    segment_id: int | None
    account_id: int | None = Field(description="The chain (or single account) it is for.")
    valid_from: date
    valid_until: date | None
    notes: str
    items: list[PriceListItemOut]
    version: int


def price_list_data(plist: PriceList, items: list[PriceListItem]) -> dict[str, Any]:
    return {
        "id": plist.pk,
        "name": plist.name,
        "segment_id": plist.segment_id,
        "account_id": plist.account_id,
        "valid_from": plist.valid_from,
        "valid_until": plist.valid_until,
        "notes": plist.notes,
        "items": [item_data(item) for item in items],
        "version": plist.version,
    }


def item_data(item: PriceListItem) -> dict[str, Any]:
    """`product` must be loaded."""
    return {
        "id": item.pk,
        "product_id": item.product_id,
        "product_code": item.product.code,
        "min_quantity": f"{item.min_quantity.normalize():f}",
        "price": money(item.price),
        "version": item.version,
    }


class PriceListItemIn(In):
    product_id: BodyId
    min_quantity: Text(
        11,
        pattern=r"^[0-9]{1,7}(\.[0-9]{1,3})?$",
        message=lambda: _("Give a quantity with a point for decimals, like 10."),
        examples=["1"],
    ) = "1"
    price: Euros


class PriceListIn(In):
    name: Text(max_len(PriceList, "name"), 1, examples=["Retail 2027"])
    segment_id: BodyId | None = None
    account_id: BodyId | None = Field(None, description="A chain or account; not with a segment.")
    valid_from: PlanDate
    valid_until: PlanDate | None = None
    notes: Text(max_len(PriceList, "notes")) = ""
    items: list[PriceListItemIn] = Field(
        default_factory=list,
        max_length=2000,
        description="The prices; in a PATCH, sent items replace all of the list's prices.",
    )


PriceListPatch, PriceListConflictOut = versioned_schemas(
    "PriceList",
    create=PriceListIn,
    read=PriceListOut,
    nullable={"segment_id", "account_id", "valid_until"},
    doc="Only the fields sent are changed; `version` is the one you read (a change of the "
    "list's prices makes a new version too). Sent `items` replace all of the list's prices.",
)


class PriceListPage(PageOut):
    results: list[PriceListOut]
