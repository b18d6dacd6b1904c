"""Every write of the catalogue and its prices (`@service`: one transaction, the actor in the
history). Administrators only.

What is in use is retired rather than deleted, so that what was offered or agreed stays readable:
a group with products or subgroups is made inactive; a product on a price list or in an agreed
price gets its last day (today); a price list, agreed price or VAT rate that has applied ends
today. What never applied (nothing refers to it, or its period has not started) is deleted.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.sales.catalogue.queries import can_manage_catalogue
from koers.sales.models import (
    AgreedPrice,
    CatalogueSettings,
    PriceList,
    PriceListItem,
    Product,
    ProductGroup,
    VatRate,
)
from koers.sales.models.catalogue import COST_PRICE_AUDIENCES

DELETED, RETIRED = "deleted", "retired"
PRODUCT_FIELDS = (
    "code",
    "kind",
    "group",
    "name_nl",
    "name_en",
    "description",
    "unit",
    "cost_price",
    "list_price",
    "vat_category",
    "active_from",
    "active_until",
)
GROUP_FIELDS = ("code", "name_nl", "name_en", "parent", "position", "active")
PRICE_LIST_FIELDS = ("name", "segment", "account", "valid_from", "valid_until", "notes")
AGREED_FIELDS = (
    "account",
    "product",
    "price",
    "valid_from",
    "valid_until",
    "for_branches",
    "notes",
)


def _require_admin(actor: User) -> None:
    if not can_manage_catalogue(actor):
        raise NotAllowed(_("Only administrators manage the catalogue and its prices."))


def _error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _apply(obj: Any, data: dict[str, Any], fields: tuple[str, ...]) -> None:
    for name in fields:
        if name in data:
            setattr(obj, name, data[name])


def _check_period(start: date | None, end: date | None, start_field: str, end_field: str) -> None:
    if start is None:
        raise _error(start_field, _("Give the first day."), "required")
    if end is not None and end < start:
        raise _error(end_field, _("The last day cannot be before the first day."), "dates_order")


def _check_amount(field: str, value: Decimal | None) -> None:
    if value is None:
        raise _error(field, _("Give an amount in euros."), "required")
    if value < 0 or value != value.quantize(Decimal("0.01")) or value >= Decimal("100000000"):
        raise _error(field, _("Give an amount of 0 or more, in whole cents."), "amount")


def _check_code(model: type[Product] | type[ProductGroup], code: str, pk: int | None) -> str:
    code = (code or "").strip()
    if not code:
        raise _error("code", _("Give a code."), "required")
    others = model.objects.filter(code__iexact=code)
    if pk is not None:
        others = others.exclude(pk=pk)
    if others.exists():
        raise _error("code", _("This code is already used."), "unique")
    return code


def _today() -> date:
    return timezone.localdate()


# ---------------------------------------------------------------------------- product groups


def _check_group(group: ProductGroup) -> None:
    group.code = _check_code(ProductGroup, group.code, group.pk)
    if not (group.name_nl or "").strip():
        raise _error("name_nl", _("Give the Dutch name."), "required")
    parent = group.parent
    if parent is not None:
        if parent.pk == group.pk or parent.parent_id is not None:
            raise _error("parent", _("Choose a main group: groups have two levels."), "levels")
        if group.pk and ProductGroup.objects.filter(parent=group).exists():
            raise _error(
                "parent", _("This group has subgroups, so it stays a main group."), "levels"
            )


@service
def product_group_create(*, actor: User, data: dict[str, Any]) -> ProductGroup:
    _require_admin(actor)
    group = ProductGroup()
    _apply(group, data, GROUP_FIELDS)
    _check_group(group)
    group.save()
    return group


@service
def product_group_update(*, actor: User, group: ProductGroup, data: dict[str, Any]) -> ProductGroup:
    _require_admin(actor)
    group = ProductGroup.objects.select_for_update().get(pk=group.pk)
    _apply(group, data, GROUP_FIELDS)
    _check_group(group)
    group.save()
    return group


@service
def product_group_remove(*, actor: User, group: ProductGroup) -> str:
    """Deleted when empty; with products or subgroups, made inactive."""
    _require_admin(actor)
    group = ProductGroup.objects.select_for_update().get(pk=group.pk)
    if group.products.exists() or group.children.exists():
        group.active = False
        group.save()
        return RETIRED
    group.delete()
    return DELETED


# ---------------------------------------------------------------------------------- products


def _check_product(product: Product) -> None:
    product.code = _check_code(Product, product.code, product.pk)
    if not (product.name_nl or "").strip():
        raise _error("name_nl", _("Give the Dutch name."), "required")
    if product.group_id is None:
        raise _error("group", _("Choose the product group."), "required")
    _check_amount("cost_price", product.cost_price)
    _check_amount("list_price", product.list_price)
    _check_period(product.active_from, product.active_until, "active_from", "active_until")


def product_in_use(product: Product) -> bool:
    """On a price list, in an agreed price or on an opportunity's estimate (`removal.py`)."""
    from koers.sales.catalogue.removal import product_uses

    return bool(product_uses(product))


@service
def product_create(*, actor: User, data: dict[str, Any]) -> Product:
    _require_admin(actor)
    product = Product()
    _apply(product, data, PRODUCT_FIELDS)
    _check_product(product)
    product.save()
    return product


@service
def product_update(
    *, actor: User, product: Product, data: dict[str, Any], expected_version: int | None = None
) -> Product:
    """With `expected_version` (the API), a save on an older version is a StaleVersionError."""
    _require_admin(actor)
    if expected_version is not None:
        product = lock_version(Product, product.pk, expected_version)
    else:
        product = Product.objects.select_for_update().get(pk=product.pk)
    _apply(product, data, PRODUCT_FIELDS)
    _check_product(product)
    return save_version(product)


@service
def product_remove(*, actor: User, product: Product) -> str:
    """Deleted when no price list or agreed price names it; else sold until today."""
    _require_admin(actor)
    product = Product.objects.select_for_update().get(pk=product.pk)
    if not product_in_use(product):
        product.delete()
        return DELETED
    today = _today()
    if product.active_until is None or product.active_until > today:
        product.active_until = max(today, product.active_from)
        product.version += 1
        product.save()
    return RETIRED


# --------------------------------------------------------------------------------- VAT rates


@service
def vat_rate_create(
    *, actor: User, vat_category: str, percentage: Decimal, valid_from: date
) -> VatRate:
    """A new percentage from `valid_from`; the rate it follows ends the day before."""
    _require_admin(actor)
    if percentage is None or not Decimal("0") <= percentage <= Decimal("100"):
        raise _error("percentage", _("Give a percentage from 0 to 100."), "range")
    if VatRate.objects.filter(vat_category=vat_category, valid_from=valid_from).exists():
        raise _error("valid_from", _("This category already has a rate from this day."), "unique")
    later = (
        VatRate.objects.filter(vat_category=vat_category, valid_from__gt=valid_from)
        .order_by("valid_from")
        .first()
    )
    before = (
        VatRate.objects.select_for_update()
        .filter(vat_category=vat_category, valid_from__lt=valid_from)
        .order_by("-valid_from")
        .first()
    )
    if before is not None and (before.valid_until is None or before.valid_until >= valid_from):
        before.valid_until = valid_from - timedelta(days=1)
        before.save()
    rate = VatRate(
        vat_category=vat_category,
        percentage=percentage,
        valid_from=valid_from,
        valid_until=later.valid_from - timedelta(days=1) if later else None,
    )
    rate.save()
    return rate


@service
def vat_rate_remove(*, actor: User, rate: VatRate) -> str:
    """A rate that has not started is deleted (the one before it runs on); one that has applied
    stays: invoices were made with it."""
    _require_admin(actor)
    if rate.valid_from <= _today():
        raise _error(
            "valid_from",
            _("This rate has applied, so it is kept. Add the new rate from its first day."),
            "in_use",
        )
    before = (
        VatRate.objects.select_for_update()
        .filter(vat_category=rate.vat_category, valid_from__lt=rate.valid_from)
        .order_by("-valid_from")
        .first()
    )
    rate.delete()
    if before is not None and before.valid_until == rate.valid_from - timedelta(days=1):
        before.valid_until = rate.valid_until
        before.save()
    return DELETED


# ------------------------------------------------------------------------------- price lists


def _check_price_list(plist: PriceList) -> None:
    if not (plist.name or "").strip():
        raise _error("name", _("Give the name of the price list."), "required")
    if plist.segment_id and plist.account_id:
        raise _error(
            "account", _("A price list is for a segment or a chain, not both."), "price_list_scope"
        )
    _check_period(plist.valid_from, plist.valid_until, "valid_from", "valid_until")


@service
def price_list_create(*, actor: User, data: dict[str, Any]) -> PriceList:
    _require_admin(actor)
    plist = PriceList()
    _apply(plist, data, PRICE_LIST_FIELDS)
    _check_price_list(plist)
    plist.save()
    return plist


def _locked(model: Any, pk: int, expected_version: int | None) -> Any:
    """The row locked; with `expected_version` (the API), a StaleVersionError when another
    version is stored."""
    if expected_version is not None:
        return lock_version(model, pk, expected_version)
    return model.objects.select_for_update().get(pk=pk)


@service
def price_list_update(
    *,
    actor: User,
    price_list: PriceList,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> PriceList:
    _require_admin(actor)
    plist = _locked(PriceList, price_list.pk, expected_version)
    _apply(plist, data, PRICE_LIST_FIELDS)
    _check_price_list(plist)
    return save_version(plist)


def _touch_list(price_list: PriceList) -> None:
    """A change of a list's prices is a new version of the list (an API client's PATCH of the
    list then sees that its copy is stale)."""
    PriceList.objects.filter(pk=price_list.pk).update(version=F("version") + 1)


def _end_or_delete(obj: PriceList | AgreedPrice) -> str:
    today = _today()
    if obj.valid_from > today:
        obj.delete()
        return DELETED
    if obj.valid_until is None or obj.valid_until > today:
        obj.valid_until = today
        obj.version += 1
        obj.save()
    return RETIRED


@service
def price_list_remove(*, actor: User, price_list: PriceList) -> str:
    """A list that has not started is deleted; one that has applied ends today."""
    _require_admin(actor)
    return _end_or_delete(PriceList.objects.select_for_update().get(pk=price_list.pk))


@service
def price_list_item_set(
    *,
    actor: User,
    price_list: PriceList,
    product: Product,
    price: Decimal,
    min_quantity: Decimal = Decimal("1"),
) -> PriceListItem:
    """The product's price on the list from `min_quantity` on (a quantity break), new or changed."""
    _require_admin(actor)
    _check_amount("price", price)
    if min_quantity is None or min_quantity < 0 or min_quantity >= Decimal("10000000"):
        raise _error("min_quantity", _("Give a quantity of 0 or more."), "quantity")
    item, created = PriceListItem.objects.update_or_create(
        price_list=price_list,
        product=product,
        min_quantity=min_quantity,
        defaults={"price": price},
    )
    if not created:
        PriceListItem.objects.filter(pk=item.pk).update(version=F("version") + 1)
    _touch_list(price_list)
    return item


@service
def price_list_item_update(
    *, actor: User, item: PriceListItem, data: dict[str, Any], expected_version: int
) -> PriceListItem:
    """One price of a list (its price or quantity break), when `expected_version` is still the
    stored one. The item keeps no history of its own: a conflict names no changes."""
    _require_admin(actor)
    locked = PriceListItem.objects.select_for_update().get(pk=item.pk)
    if locked.version != expected_version:
        raise StaleVersionError(locked, [])
    if "price" in data:
        _check_amount("price", data["price"])
        locked.price = data["price"]
    if "min_quantity" in data:
        quantity = data["min_quantity"]
        if quantity is None or quantity < 0 or quantity >= Decimal("10000000"):
            raise _error("min_quantity", _("Give a quantity of 0 or more."), "quantity")
        taken = PriceListItem.objects.filter(
            price_list_id=locked.price_list_id, product_id=locked.product_id, min_quantity=quantity
        ).exclude(pk=locked.pk)
        if taken.exists():
            message = _("This product has this quantity twice on the list.")
            raise _error("min_quantity", message, "unique")
        locked.min_quantity = quantity
    locked.version += 1
    locked.save()
    _touch_list(locked.price_list)
    return locked


@service
def price_list_items_replace(
    *, actor: User, price_list: PriceList, items: list[dict[str, Any]]
) -> PriceList:
    """All prices of a list at once (the API): the list then holds exactly `items`."""
    _require_admin(actor)
    seen: set[tuple[int, Decimal]] = set()
    for index, item in enumerate(items):
        _check_amount(f"items.{index}.price", item["price"])
        key = (item["product"].pk, item["min_quantity"])
        if key in seen:
            raise _error(
                f"items.{index}.min_quantity",
                _("This product has this quantity twice on the list."),
                "unique",
            )
        seen.add(key)
    PriceListItem.objects.filter(price_list=price_list).delete()
    PriceListItem.objects.bulk_create(PriceListItem(price_list=price_list, **i) for i in items)
    _touch_list(price_list)
    return price_list


@service
def price_list_item_remove(*, actor: User, item: PriceListItem) -> None:
    _require_admin(actor)
    item.delete()
    _touch_list(item.price_list)


# ----------------------------------------------------------------------------- agreed prices


def _check_agreed(agreed: AgreedPrice) -> None:
    if agreed.account_id is None:
        raise _error("account", _("Choose the account."), "required")
    if agreed.product_id is None:
        raise _error("product", _("Choose the product."), "required")
    _check_amount("price", agreed.price)
    _check_period(agreed.valid_from, agreed.valid_until, "valid_from", "valid_until")


@service
def agreed_price_create(*, actor: User, data: dict[str, Any]) -> AgreedPrice:
    _require_admin(actor)
    agreed = AgreedPrice(created_by=actor)
    _apply(agreed, data, AGREED_FIELDS)
    _check_agreed(agreed)
    agreed.save()
    return agreed


@service
def agreed_price_update(
    *,
    actor: User,
    agreed: AgreedPrice,
    data: dict[str, Any],
    expected_version: int | None = None,
) -> AgreedPrice:
    """The account stays; with `expected_version` (the API), a stale save is refused."""
    _require_admin(actor)
    agreed = _locked(AgreedPrice, agreed.pk, expected_version)
    _apply(agreed, {k: v for k, v in data.items() if k != "account"}, AGREED_FIELDS)
    _check_agreed(agreed)
    return save_version(agreed)


@service
def agreed_price_remove(*, actor: User, agreed: AgreedPrice) -> str:
    """An agreement that has not started is deleted; one that has applied ends today."""
    _require_admin(actor)
    return _end_or_delete(AgreedPrice.objects.select_for_update().get(pk=agreed.pk))


# ------------------------------------------------------------------------------ the settings


@service
def cost_prices_hide_for(*, actor: User, audiences: list[str]) -> CatalogueSettings:
    _require_admin(actor)
    known = {key for key, _label in COST_PRICE_AUDIENCES}
    unknown = [a for a in audiences if a not in known]
    if unknown:
        raise _error("cost_prices_hidden_for", _("Unknown role or level."), "invalid")
    row, _created = CatalogueSettings.objects.select_for_update().get_or_create(pk=1)
    row.cost_prices_hidden_for = sorted(set(audiences))
    row.save()
    return row
