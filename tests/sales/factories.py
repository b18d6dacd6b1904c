"""Catalogue objects for tests, made through the services (as an administrator would)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from itertools import count
from typing import Any

from koers.accounts.models import Account
from koers.core.models import Role, User
from koers.sales.catalogue import services
from koers.sales.models import AgreedPrice, PriceList, Product, ProductGroup

_seq = count(1)
START = date(2026, 1, 1)


def admin_user() -> User:
    return User.objects.filter(role=Role.ADMIN).first() or User.objects.create_user(
        username=f"catalogue-admin-{next(_seq)}", password="pw", role=Role.ADMIN, language="en"
    )


def make_group(
    code: str | None = None, parent: ProductGroup | None = None, **data: Any
) -> ProductGroup:
    code = code or f"G{next(_seq)}"
    data.setdefault("name_nl", f"Groep {code}")
    data.setdefault("name_en", f"Group {code}")
    return services.product_group_create(
        actor=admin_user(), data={"code": code, "parent": parent, **data}
    )


def make_product(code: str | None = None, **data: Any) -> Product:
    code = code or f"P{next(_seq)}"
    if "group" not in data:
        # Not setdefault: its argument is made even when a group is given, and an automatic
        # "G<n>" then met a test's own group of that code.
        data["group"] = make_group()
    data.setdefault("name_nl", f"Product {code}")
    data.setdefault("name_en", f"Product {code} (en)")
    data.setdefault("unit", "piece")
    data.setdefault("cost_price", Decimal("6.00"))
    data.setdefault("list_price", Decimal("10.00"))
    data.setdefault("vat_category", "high")
    data.setdefault("active_from", START)
    return services.product_create(actor=admin_user(), data={"code": code, **data})


def make_price_list(name: str = "Lijst", **data: Any) -> PriceList:
    data.setdefault("valid_from", START)
    return services.price_list_create(actor=admin_user(), data={"name": name, **data})


def add_item(price_list: PriceList, product: Product, price: str, min_quantity: str = "1") -> Any:
    return services.price_list_item_set(
        actor=admin_user(),
        price_list=price_list,
        product=product,
        price=Decimal(price),
        min_quantity=Decimal(min_quantity),
    )


def agree(account: Account, product: Product, price: str, **data: Any) -> AgreedPrice:
    data.setdefault("valid_from", START)
    return services.agreed_price_create(
        actor=admin_user(),
        data={"account": account, "product": product, "price": Decimal(price), **data},
    )
