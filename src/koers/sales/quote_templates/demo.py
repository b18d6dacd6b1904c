"""Quote templates for the demo (`manage.py demo`): three that fit the demo's catalogue, two in
Dutch (retail butchery, care meals) and one in English (the barbecue season), each with an
optional line. Made by the administrator through the services; draws nothing from the random
stream, so the steps after it stay as they were."""

from __future__ import annotations

import random
from decimal import Decimal
from typing import Any

from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.sales.models import Product
from koers.sales.quote_templates import services
from koers.sales.quote_templates.services import TemplateData, TemplateGroupData, TemplateLineData

# (name, language, validity, texts, groups: (title, display, lines: (code or free text, quantity,
# optional[, price for a free line])))
TEMPLATES = (
    (
        "Vleesafdeling retail",
        "nl",
        30,
        {
            "introduction": "Dank voor het prettige gesprek. Hierbij ontvang je ons voorstel "
            "voor het vaste assortiment van je vleesafdeling.",
            "value_proposition": "Vaste kwaliteit, vaste prijzen per kwartaal en gekoelde "
            "levering op het tijdstip dat jij kiest.",
            "delivery_terms": "Gekoelde levering binnen 2 werkdagen na bestelling, franco "
            "vanaf € 250.",
            "payment_terms": "Betaling binnen 30 dagen na factuurdatum.",
        },
        (
            (
                "Vers vlees",
                "prices",
                (("RU-101", "20", False), ("VA-201", "10", False), ("GE-301", "20", False)),
            ),
            (
                "Service",
                "prices",
                (("LO-961", "4", False), ("AD-972", "1", True)),
            ),
        ),
    ),
    (
        "Zorgmaaltijden",
        "nl",
        45,
        {
            "introduction": "Hierbij ons voorstel voor de maaltijden van je bewoners.",
            "value_proposition": "Maaltijden die passen bij elk dieet, elke dag vers bereid.",
            "delivery_terms": "Levering op vaste dagen, twee keer per week.",
            "payment_terms": "Betaling binnen 30 dagen na factuurdatum.",
        },
        (
            ("Maaltijden", "total_only", (("MA-605", "200", False), ("MA-606", "200", False))),
            ("Advies", "prices", (("AD-974", "4", True),)),
        ),
    ),
    (
        "Barbecue season",
        "en",
        21,
        {
            "introduction": "Thank you for your interest. Please find our barbecue offer below.",
            "value_proposition": "Everything for a barbecue season without worries, delivered "
            "chilled.",
            "delivery_terms": "Chilled delivery within 2 working days of your order.",
            "payment_terms": "Payment within 14 days of the invoice date.",
        },
        (
            (
                "Barbecue",
                "prices",
                (("BB-801", "10", False), ("BB-802", "5", False), ("BB-803", "5", False)),
            ),
            (
                "Extras",
                "no_prices",
                (("SA-951", "1", True), ("Barbecue rental per weekend", "1", True, "75.00")),
            ),
        ),
    ),
)


def _line(products: dict[str, Product], spec: tuple[Any, ...]) -> TemplateLineData | None:
    """A product line by its code (None when the catalogue lacks it), or a free line."""
    code, quantity, optional, *price = spec
    if price:
        return TemplateLineData(
            description=code,
            quantity=Decimal(quantity),
            unit_price=Decimal(price[0]),
            vat_category="high",
            optional=optional,
        )
    product = products.get(code)
    if product is None:
        return None
    return TemplateLineData(product=product, quantity=Decimal(quantity), optional=optional)


def build(context: DemoContext, _rng: random.Random) -> None:
    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    if admin is None:
        return
    products = {p.code: p for p in Product.objects.all()}
    for name, language, days, texts, groups in TEMPLATES:
        made = [
            TemplateGroupData(
                title=title,
                display=display,
                lines=[line for spec in lines if (line := _line(products, spec)) is not None],
            )
            for title, display, lines in groups
        ]
        services.quote_template_create(
            actor=admin,
            data=TemplateData(name=name, language=language, validity_days=days, **texts),
            groups=made,
        )
