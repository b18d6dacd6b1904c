"""Quote templates for tests, made through the services (as an administrator would)."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from koers.sales.models import Product, QuoteTemplate
from koers.sales.quote_templates import services
from koers.sales.quote_templates.services import TemplateData, TemplateGroupData, TemplateLineData
from tests.sales.factories import admin_user


def product_line(product: Product, quantity: str = "1", **data: Any) -> TemplateLineData:
    return TemplateLineData(product=product, quantity=Decimal(quantity), **data)


def free_line(description: str, price: str, quantity: str = "1", **data: Any) -> TemplateLineData:
    data.setdefault("vat_category", "high")
    return TemplateLineData(
        description=description, unit_price=Decimal(price), quantity=Decimal(quantity), **data
    )


def make_template(
    name: str = "Shelving", *, groups: Sequence[TemplateGroupData] = (), **data: Any
) -> QuoteTemplate:
    return services.quote_template_create(
        actor=admin_user(), data=TemplateData(name=name, **data), groups=groups
    )
