"""The demo's catalogue: a meat processor and food supplier to retail, food-service and care
chains (seeds/002), which fits the demo's segments Retail, Foodservice and Zorg. Eight main
groups, 64 products and services; price lists for those segments with quantity breaks, a summer
barbecue list for everyone, a list for the largest chain, and prices agreed with a few chains
(one of them not for its branches).

Food is sold at the low VAT rate, services at the high one. Everything goes through the
services, as an administrator would enter it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count

from koers.accounts.models import Account, Segment
from koers.core.models import Role, User
from koers.demo.context import DemoContext
from koers.sales.catalogue import services
from koers.sales.models import PriceList, Product, ProductGroup

# (code, Dutch, English, parent code or "")
GROUPS = (
    ("VERS", "Vers vlees", "Fresh meat", ""),
    ("RUND", "Rundvlees", "Beef", "VERS"),
    ("VARK", "Varkensvlees", "Pork", "VERS"),
    ("GEVO", "Gevogelte", "Poultry", "VERS"),
    ("VLWA", "Vleeswaren", "Cold cuts", ""),
    ("GEKO", "Gekookte vleeswaren", "Cooked meats", "VLWA"),
    ("ROOK", "Gerookt en gedroogd", "Smoked and cured", "VLWA"),
    ("MAAL", "Maaltijden", "Ready meals", ""),
    ("SNCK", "Snacks", "Snacks", ""),
    ("BBQ", "Barbecue", "Barbecue", ""),
    ("VEGA", "Vegetarisch", "Vegetarian", ""),
    ("SAUS", "Sauzen en kruiden", "Sauces and seasoning", ""),
    ("DIENST", "Diensten", "Services", ""),
    ("LOGI", "Logistiek", "Logistics", "DIENST"),
    ("ADVI", "Advies en training", "Advice and training", "DIENST"),
)

# (code, group, Dutch, English, unit, list price)
PRODUCTS = (
    ("RU-101", "RUND", "Rundergehakt", "Minced beef", "kg", "8.95"),
    ("RU-102", "RUND", "Runderbiefstuk", "Beef steak", "kg", "24.50"),
    ("RU-103", "RUND", "Riblappen", "Braising steak", "kg", "13.75"),
    ("RU-104", "RUND", "Runderstooflapjes", "Beef stew meat", "kg", "12.40"),
    ("RU-105", "RUND", "Entrecote", "Sirloin steak", "kg", "29.90"),
    ("RU-106", "RUND", "Rosbief", "Roast beef", "kg", "22.60"),
    ("VA-201", "VARK", "Varkenshaas", "Pork tenderloin", "kg", "14.95"),
    ("VA-202", "VARK", "Speklappen", "Pork belly slices", "kg", "7.80"),
    ("VA-203", "VARK", "Karbonade", "Pork chops", "kg", "8.45"),
    ("VA-204", "VARK", "Half-om-half gehakt", "Mixed mince", "kg", "7.25"),
    ("VA-205", "VARK", "Schnitzel", "Pork schnitzel", "kg", "10.90"),
    ("VA-206", "VARK", "Hamlappen", "Pork leg steaks", "kg", "9.60"),
    ("GE-301", "GEVO", "Kipfilet", "Chicken breast", "kg", "9.95"),
    ("GE-302", "GEVO", "Kippendijen", "Chicken thighs", "kg", "8.50"),
    ("GE-303", "GEVO", "Kippenpoten", "Chicken drumsticks", "kg", "5.40"),
    ("GE-304", "GEVO", "Kalkoenfilet", "Turkey breast", "kg", "12.30"),
    ("GE-305", "GEVO", "Kipshoarma", "Chicken shawarma", "kg", "9.20"),
    ("GK-401", "GEKO", "Beenham", "Ham on the bone", "kg", "16.80"),
    ("GK-402", "GEKO", "Gekookte ham", "Cooked ham", "kg", "11.40"),
    ("GK-403", "GEKO", "Kipfilet vleeswaren", "Sliced chicken breast", "kg", "13.20"),
    ("GK-404", "GEKO", "Leverworst", "Liver sausage", "kg", "6.90"),
    ("GK-405", "GEKO", "Fricandeau", "Fricandeau", "kg", "15.60"),
    ("RO-501", "ROOK", "Rookvlees", "Smoked beef", "kg", "27.50"),
    ("RO-502", "ROOK", "Gerookte kipfilet", "Smoked chicken breast", "kg", "17.90"),
    ("RO-503", "ROOK", "Boerenmetworst", "Farmhouse sausage", "kg", "12.80"),
    ("RO-504", "ROOK", "Ontbijtspek", "Breakfast bacon", "kg", "10.50"),
    ("MA-601", "MAAL", "Stamppot boerenkool met worst", "Kale mash with sausage", "piece", "4.95"),
    ("MA-602", "MAAL", "Hachee met rode kool", "Beef stew with red cabbage", "piece", "5.45"),
    ("MA-603", "MAAL", "Kip tandoori met rijst", "Chicken tandoori with rice", "piece", "5.25"),
    ("MA-604", "MAAL", "Lasagne bolognese", "Lasagne bolognese", "piece", "4.75"),
    ("MA-605", "MAAL", "Zorgmaaltijd gemalen", "Care meal, minced", "piece", "3.95"),
    ("MA-606", "MAAL", "Zorgmaaltijd zoutarm", "Care meal, low salt", "piece", "4.10"),
    ("SN-701", "SNCK", "Frikandellen (40 stuks)", "Frikandel sausages (40)", "box", "14.40"),
    ("SN-702", "SNCK", "Rundvleeskroketten (24 stuks)", "Beef croquettes (24)", "box", "16.80"),
    ("SN-703", "SNCK", "Bitterballen (100 stuks)", "Bitterballen (100)", "box", "13.90"),
    ("SN-704", "SNCK", "Saucijzenbroodjes (30 stuks)", "Sausage rolls (30)", "box", "18.60"),
    ("BB-801", "BBQ", "Hamburgers (20 stuks)", "Burgers (20)", "box", "15.90"),
    ("BB-802", "BBQ", "Saté van kip", "Chicken satay", "kg", "13.40"),
    ("BB-803", "BBQ", "Gemarineerde spareribs", "Marinated spare ribs", "kg", "11.75"),
    ("BB-804", "BBQ", "Barbecueworst", "Barbecue sausage", "kg", "9.30"),
    ("BB-805", "BBQ", "BBQ-pakket familie", "Family barbecue pack", "piece", "27.50"),
    ("VE-901", "VEGA", "Vegetarische burger", "Vegetarian burger", "box", "12.90"),
    ("VE-902", "VEGA", "Vegetarisch gehakt", "Vegetarian mince", "kg", "9.80"),
    ("VE-903", "VEGA", "Plantaardige kipstukjes", "Plant-based chicken pieces", "kg", "11.60"),
    ("VE-904", "VEGA", "Groenteballetjes", "Vegetable balls", "kg", "8.70"),
    ("SA-951", "SAUS", "Satésaus (5 liter)", "Satay sauce (5 litres)", "piece", "17.50"),
    ("SA-952", "SAUS", "Jus (2 liter)", "Gravy (2 litres)", "piece", "8.90"),
    ("SA-953", "SAUS", "Gehaktkruiden", "Mince seasoning", "kg", "14.20"),
    ("SA-954", "SAUS", "Barbecuemarinade", "Barbecue marinade", "litre", "7.60"),
    ("SA-955", "SAUS", "Knoflooksaus", "Garlic sauce", "litre", "6.40"),
    ("LO-961", "LOGI", "Gekoelde levering per rit", "Chilled delivery per trip", "piece", "65.00"),
    (
        "LO-962",
        "LOGI",
        "Spoedlevering binnen 4 uur",
        "Rush delivery within 4 hours",
        "piece",
        "145.00",
    ),
    ("LO-963", "LOGI", "Pallet opslag koelcel", "Pallet storage, cold store", "month", "38.00"),
    ("LO-964", "LOGI", "Retourlogistiek kratten", "Crate return logistics", "month", "120.00"),
    ("AD-971", "ADVI", "Categoriemanagement", "Category management", "hour", "95.00"),
    ("AD-972", "ADVI", "Schapindeling vleesafdeling", "Meat department planogram", "day", "680.00"),
    ("AD-973", "ADVI", "Training vleeskennis", "Meat knowledge training", "day", "850.00"),
    ("AD-974", "ADVI", "Menuadvies zorginstelling", "Menu advice for care homes", "hour", "85.00"),
    ("AD-975", "ADVI", "Private label ontwikkeling", "Private label development", "hour", "110.00"),
    ("AD-976", "ADVI", "HACCP-audit op locatie", "On-site HACCP audit", "day", "920.00"),
    ("RU-107", "RUND", "Kalfsoester", "Veal escalope", "kg", "34.50"),
    ("GE-306", "GEVO", "Eendenborst", "Duck breast", "kg", "21.90"),
    ("SN-705", "SNCK", "Kipnuggets (5 kg)", "Chicken nuggets (5 kg)", "box", "32.50"),
    (
        "MA-607",
        "MAAL",
        "Soep van de week (10 liter)",
        "Soup of the week (10 litres)",
        "piece",
        "24.90",
    ),
)

# Per segment: the discount on the list price, and the groups of its list.
SEGMENT_LISTS = {
    "Retail": (Decimal("0.06"), ("VERS", "VLWA", "BBQ", "VEGA", "SNCK")),
    "Foodservice": (Decimal("0.08"), ("VERS", "SNCK", "SAUS", "MAAL")),
    "Zorg": (Decimal("0.05"), ("MAAL", "VLWA", "VEGA")),
}
CENT = Decimal("0.01")


def _off(price: Decimal, fraction: Decimal) -> Decimal:
    return (price * (1 - fraction)).quantize(CENT, rounding=ROUND_HALF_UP)


def _groups(admin: User) -> dict[str, ProductGroup]:
    made: dict[str, ProductGroup] = {}
    existing = {g.code: g for g in ProductGroup.objects.filter(code__in=[g[0] for g in GROUPS])}
    for position, (code, nl, en, parent) in enumerate(GROUPS):
        if code in existing:
            made[code] = existing[code]
            continue
        made[code] = services.product_group_create(
            actor=admin,
            data={
                "code": code,
                "name_nl": nl,
                "name_en": en,
                "parent": made[parent] if parent else None,
                "position": position,
            },
        )
    return made


def _products(
    admin: User, groups: dict[str, ProductGroup], start: date, rng: random.Random
) -> list[Product]:
    products = []
    existing = {p.code: p for p in Product.objects.filter(code__in=[p[0] for p in PRODUCTS])}
    for code, group, nl, en, unit, price in PRODUCTS:
        service = groups[group].parent_id == groups["DIENST"].pk
        list_price = Decimal(price)
        cost = _off(list_price, Decimal(rng.randint(22, 38)) / 100)
        if code in existing:
            products.append(existing[code])
            continue
        products.append(
            services.product_create(
                actor=admin,
                data={
                    "code": code,
                    "kind": "service" if service else "product",
                    "group": groups[group],
                    "name_nl": nl,
                    "name_en": en,
                    "unit": unit,
                    "cost_price": cost,
                    "list_price": list_price,
                    "vat_category": "high" if service else "low",
                    "active_from": start,
                },
            )
        )
    # One product left the range last year: it shows under "not sold today".
    if products[-1].active_until is None:
        services.product_update(
            actor=admin, product=products[-1], data={"active_until": start + timedelta(days=300)}
        )
    return products


def _in_groups(
    products: list[Product], groups: dict[str, ProductGroup], codes: tuple[str, ...]
) -> list[Product]:
    ids = {groups[c].pk for c in codes}
    return [p for p in products if p.group_id in ids or p.group.parent_id in ids]


def _price_lists(
    admin: User,
    products: list[Product],
    groups: dict[str, ProductGroup],
    today: date,
    chains: list[Account],
) -> int:
    year_start = date(today.year, 1, 1)
    count = 0
    for name, (discount, codes) in SEGMENT_LISTS.items():
        segment = Segment.objects.filter(name=name).first()
        if segment is None:
            continue
        plist = _named(
            admin, f"{name} {today.year}", {"segment": segment, "valid_from": year_start}
        )
        if plist is None:
            continue
        for product in _in_groups(products, groups, codes):
            services.price_list_item_set(
                actor=admin,
                price_list=plist,
                product=product,
                price=_off(product.list_price, discount),
            )
            if product.unit == "kg":
                services.price_list_item_set(
                    actor=admin,
                    price_list=plist,
                    product=product,
                    min_quantity=Decimal("50"),
                    price=_off(product.list_price, discount + Decimal("0.04")),
                )
        count += 1
    summer = _named(
        admin,
        f"Barbecueactie zomer {today.year}",
        {
            "valid_from": date(today.year, 5, 1),
            "valid_until": date(today.year, 8, 31),
            "notes": "Voor iedereen, ook zonder segmentlijst.",
        },
    )
    for product in _in_groups(products, groups, ("BBQ",)) if summer is not None else []:
        assert summer is not None
        services.price_list_item_set(
            actor=admin,
            price_list=summer,
            product=product,
            price=_off(product.list_price, Decimal("0.12")),
        )
    count += 1
    if chains:
        biggest = chains[0]
        plist = services.price_list_create(
            actor=admin,
            data={
                "name": f"Contractprijzen {biggest.name}",
                "account": biggest,
                "valid_from": year_start,
            },
        )
        for product in _in_groups(products, groups, ("VERS",))[:10]:
            services.price_list_item_set(
                actor=admin,
                price_list=plist,
                product=product,
                price=_off(product.list_price, Decimal("0.11")),
            )
        count += 1
    return count


def _agreed(
    admin: User, products: list[Product], chains: list[Account], today: date, rng: random.Random
) -> int:
    count = 0
    for index, chain in enumerate(chains[:4]):
        for product in rng.sample(products[:50], 4):
            services.agreed_price_create(
                actor=admin,
                data={
                    "account": chain,
                    "product": product,
                    "price": _off(product.list_price, Decimal(rng.randint(8, 15)) / 100),
                    "valid_from": today - timedelta(days=rng.randint(30, 200)),
                    "valid_until": date(today.year, 12, 31),
                    # The second chain agreed its prices for its head office only.
                    "for_branches": index != 1,
                    "notes": "Jaarafspraak",
                },
            )
            count += 1
    return count


def _named(admin: User, name: str, data: dict[str, Any]) -> PriceList | None:
    """A new list, or None when the demo made it before (a second run keeps the catalogue)."""
    if PriceList.objects.filter(name=name).exists():
        return None
    return services.price_list_create(actor=admin, data={"name": name, **data})


def build(context: DemoContext, rng: random.Random) -> None:
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    if admin is None:
        return
    start = date(context.today.year - 1, 1, 1)
    groups = _groups(admin)
    products = _products(admin, groups, start, rng)
    chains: list[Account] = list(
        Account.objects.filter(parent__isnull=True)
        .annotate(branches=Count("children"))
        .filter(branches__gt=0)
        .order_by("-branches", "name", "pk")[:5]
    )
    lists = _price_lists(admin, products, groups, context.today, chains)
    agreed = _agreed(admin, products, chains, context.today, rng)
    context.summary.append(
        f"{len(products)} products in {len(GROUPS)} groups, {lists} price lists, "
        f"{agreed} agreed prices"
    )
