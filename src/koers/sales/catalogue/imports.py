"""The catalogue's import of products from CSV/XLSX: an import kind of the customer file's
import (transfer/kinds.py), with the same upload, column mapping, preview and rows left out.

A row with a code already in the catalogue updates that product (case-insensitively), any other
row adds one. The group is named by its code or its name (Dutch or English). Amounts may be
written as a Dutch spreadsheet does (`1.234,56`, `€ 8,95`) or with a decimal point; dates as
`31-12-2026` or `2026-12-31`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.models import User
from koers.sales.catalogue import queries, services
from koers.sales.models import Product, ProductGroup, ProductKind, Unit, VatCategory
from koers.transfer.columns import ImportField, normalize_header
from koers.transfer.kinds import ImportKind
from koers.transfer.models import ImportJob
from koers.transfer.preparing import row_values

SHOWN_OK_ROWS = 200
PRODUCT = "product"


def _f(key: str, label: Any, *aliases: str) -> ImportField:
    return ImportField(key, label, PRODUCT, aliases)


FIELDS = (
    _f("code", gettext_lazy("Code"), "code", "artikelcode", "artikelnummer", "artnr", "sku"),
    _f("name_nl", gettext_lazy("Name (Dutch)"), "naam", "omschrijving", "artikel", "naamnl"),
    _f("name_en", gettext_lazy("Name (English)"), "name", "englishname", "naamen", "naamengels"),
    _f("group", gettext_lazy("Group"), "groep", "productgroep", "subgroep", "group", "category"),
    _f("kind", gettext_lazy("Kind"), "soort", "type", "kind"),
    _f("unit", gettext_lazy("Unit"), "eenheid", "unit", "verpakking"),
    _f("cost_price", gettext_lazy("Cost price"), "kostprijs", "inkoopprijs", "cost", "costprice"),
    _f("list_price", gettext_lazy("List price"), "prijs", "verkoopprijs", "lijstprijs", "price"),
    _f("vat_category", gettext_lazy("VAT category"), "btw", "btwtarief", "vat", "vatrate"),
    _f("active_from", gettext_lazy("Active from"), "vanaf", "geldigvanaf", "actiefvanaf"),
    _f("active_until", gettext_lazy("Active until"), "tot", "totenmet", "geldigtot", "actieftot"),
    _f("description", gettext_lazy("Description"), "beschrijving", "description", "toelichting"),
)
REQUIRED = (
    ("code", gettext_lazy("Choose the column that holds the code of the product.")),
    ("name_nl", gettext_lazy("Choose the column that holds the Dutch name of the product.")),
    ("group", gettext_lazy("Choose the column that holds the product group.")),
    ("list_price", gettext_lazy("Choose the column that holds the list price.")),
)


def _choices(choices: type[models.TextChoices], extra: dict[str, str]) -> dict[str, str]:
    """Every way a file may write a choice: its value, its label in every language, extras."""
    table = {normalize_header(v): v for v in choices.values}
    for code in ("nl", "en"):
        with translation.override(code):
            table.update({normalize_header(str(label)): v for v, label in choices.choices})
    table.update(extra)
    return table


def _tables() -> dict[str, dict[str, str]]:
    return {
        "kind": _choices(ProductKind, {"dienst": "service", "artikel": "product"}),
        "unit": _choices(
            Unit,
            {
                "st": "piece",
                "stuks": "piece",
                "stk": "piece",
                "l": "litre",
                "ltr": "litre",
                "liter": "litre",
                "u": "hour",
                "uren": "hour",
                "kilo": "kg",
                "pak": "pack",
            },
        ),
        "vat_category": _choices(
            VatCategory,
            {
                "21": "high",
                "hoog": "high",
                "9": "low",
                "6": "low",
                "laag": "low",
                "0": "zero",
                "nul": "zero",
                "vrijgesteld": "zero",
            },
        ),
    }


def parse_amount(text: str) -> Decimal | None:
    """`1.234,56`, `€ 8,95`, `8.95` -> Decimal; None when it is no amount."""
    plain = re.sub(r"[€\s]", "", text).replace("EUR", "")
    if "," in plain and "." in plain:
        decimal_mark = "," if plain.rfind(",") > plain.rfind(".") else "."
        thousands = "." if decimal_mark == "," else ","
        plain = plain.replace(thousands, "").replace(decimal_mark, ".")
    elif "," in plain:
        plain = plain.replace(",", ".")
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", plain):
        return None
    try:
        return Decimal(plain)
    except InvalidOperation:
        return None


def parse_date(text: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


class _Checker:
    def __init__(self, actor: User) -> None:
        self.tables = _tables()
        self.groups: dict[str, ProductGroup] = {}
        for group in ProductGroup.objects.all():
            for name in (group.name_en, group.name_nl, group.code):
                if name:
                    self.groups[normalize_header(name)] = group
        self.products = {p.code.lower(): p for p in Product.objects.all()}
        self.seen: dict[str, int] = {}
        self.today = timezone.localdate()

    def row(self, number: int, values: dict[str, str]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []

        def error(field: str, message: str) -> None:
            errors.append({"field": field, "message": message, "value": values.get(field, "")})

        data: dict[str, Any] = {}
        code = values.get("code", "")
        if not code:
            error("code", _("The code is empty."))
        elif len(code) > 30:
            error("code", _("A code has at most 30 characters."))
        elif code.lower() in self.seen:
            error("code", _("This code is in row %(row)s too.") % {"row": self.seen[code.lower()]})
        else:
            self.seen[code.lower()] = number
            data["code"] = code
        for key, length in (("name_nl", 200), ("name_en", 200), ("description", 5000)):
            if values.get(key, "") and len(values[key]) > length:
                error(key, _("At most %(n)s characters.") % {"n": length})
            elif key in values:
                data[key] = values[key]
        if not values.get("name_nl"):
            error("name_nl", _("The Dutch name is empty."))
        group = self.groups.get(normalize_header(values.get("group", "")))
        if group is None:
            error("group", _("There is no product group with this code or name."))
        else:
            data["group"] = group
        for key in ("kind", "unit", "vat_category"):
            if values.get(key):
                found = self.tables[key].get(normalize_header(values[key].rstrip("%")))
                if found is None:
                    error(key, _("This is not one of the values Koers knows."))
                else:
                    data[key] = found
        for key in ("cost_price", "list_price"):
            if values.get(key):
                amount = parse_amount(values[key])
                if amount is None or amount != amount.quantize(Decimal("0.01")):
                    error(key, _("Give an amount in euros, in whole cents."))
                elif amount >= Decimal("100000000"):
                    error(key, _("This amount is too large."))
                else:
                    data[key] = amount
        if not values.get("list_price"):
            error("list_price", _("The list price is empty."))
        for key in ("active_from", "active_until"):
            if values.get(key):
                day = parse_date(values[key])
                if day is None:
                    error(key, _("Write a date as 31-12-2026."))
                else:
                    data[key] = day
        existing = self.products.get(code.lower()) if code else None
        start = data.get("active_from") or (existing.active_from if existing else self.today)
        end = data.get("active_until") or (existing.active_until if existing else None)
        if end is not None and start and end < start:
            error("active_until", _("The last day cannot be before the first day."))
        action = "create"
        if existing is not None:
            changed = any(_differs(existing, k, v) for k, v in data.items() if k != "code")
            action = "update" if changed else "unchanged"
        elif "cost_price" not in data and not errors:
            data["cost_price"] = Decimal("0.00")
        return {
            "row": number,
            "name": f"{code} {values.get('name_nl', '')}".strip(),
            "action": action,
            "errors": errors,
            "data": data,
        }


def _differs(product: Product, key: str, value: Any) -> bool:
    if key == "group":
        return bool(product.group_id != value.pk)
    return bool(getattr(product, key) != value)


def _rows(job: ImportJob) -> list[dict[str, Any]]:
    checker = _Checker(job.owner)
    return [
        checker.row(index + 2, row_values(job.headers, job.mapping, row))
        for index, row in enumerate(job.rows)
        if any((cell or "").strip() for cell in row)
    ]


def check(job: ImportJob) -> dict[str, Any]:
    """The preview: every row checked against the catalogue, nothing written."""
    rows = _rows(job)
    problems: dict[str, int] = {}
    for row in rows:
        for field in {e["field"] for e in row["errors"]}:
            problems[field] = problems.get(field, 0) + 1
    bad = [r for r in rows if r["errors"]]
    good = [r for r in rows if not r["errors"]]
    shown = sorted([*bad, *good[:SHOWN_OK_ROWS]], key=lambda r: r["row"])
    return {
        "ok": len(good),
        "errors": len(bad),
        "create": sum(1 for r in good if r["action"] == "create"),
        "update": sum(1 for r in good if r["action"] == "update"),
        "unchanged": sum(1 for r in good if r["action"] == "unchanged"),
        "rows": [{k: v for k, v in r.items() if k != "data"} for r in shown],
        "complete": len(shown) == len(rows),
        "problems": problems,
        "left_out": [r["row"] for r in bad],
    }


def write(job: ImportJob) -> dict[str, Any]:
    """The rows without problems, through the catalogue's services (in the import's transaction)."""
    created, updated, unchanged = [], [], 0
    products = {p.code.lower(): p for p in Product.objects.all()}
    for row in _rows(job):
        if row["errors"]:
            continue
        data = row["data"]
        if row["action"] == "create":
            data.setdefault("active_from", timezone.localdate())
            created.append(services.product_create(actor=job.owner, data=data).pk)
        elif row["action"] == "update":
            product = products[data["code"].lower()]
            data = {**data, "code": product.code}
            updated.append(services.product_update(actor=job.owner, product=product, data=data).pk)
        else:
            unchanged += 1
    return {"created": created, "updated": updated, "unchanged": unchanged}


PRODUCTS = ImportKind(
    key="products",
    label=gettext_lazy("products"),
    fields=FIELDS,
    required=REQUIRED,
    may_import=queries.can_manage_catalogue,
    check=check,
    write=write,
    list_url_name="sales:product_list",
)
