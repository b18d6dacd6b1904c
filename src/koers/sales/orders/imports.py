"""Importing orders from the ERP (CSV/XLSX) with the customer file's import: one row per order
line, the rows of one order by its ERP order number. Idempotent on that number: an order already
in Koers is updated (`services.order_upsert`), never made twice.

The account is named by its external id (the ERP's customer number) or its KvK number, among the
accounts the importer may change. A row with a problem leaves out its whole order (an order with
a line missing would be wrong), and the preview says which rows and why.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.sales.catalogue.imports import parse_amount, parse_date
from koers.sales.models import Order, OrderStatus, Product
from koers.sales.orders import services
from koers.sales.orders.services import LineIn
from koers.transfer.columns import ImportField, normalize_header
from koers.transfer.kinds import ImportKind
from koers.transfer.models import ImportJob
from koers.transfer.preparing import row_values

SHOWN_OK_ROWS = 200
ORDER = "order"


def _f(key: str, label: Any, *aliases: str) -> ImportField:
    return ImportField(key, label, ORDER, aliases)


FIELDS = (
    _f("external_number", gettext_lazy("ERP order number"), "ordernummer", "order", "ordernr"),
    _f(
        "account",
        gettext_lazy("Customer number or KvK number"),
        "klant",
        "klantnummer",
        "debiteur",
        "debiteurnummer",
        "kvk",
        "customer",
    ),
    _f(
        "customer_reference",
        gettext_lazy("Customer's order number"),
        "uwreferentie",
        "inkoopordernummer",
        "ponumber",
        "referentie",
    ),
    _f("ordered_on", gettext_lazy("Order date"), "orderdatum", "datum", "orderdate"),
    _f(
        "promised_on",
        gettext_lazy("Promised delivery date"),
        "leverdatum",
        "toegezegdeleverdatum",
        "deliverydate",
    ),
    _f("status", gettext_lazy("Status"), "status", "orderstatus"),
    _f("status_on", gettext_lazy("Status date"), "statusdatum", "gefactureerdop", "geleverdop"),
    _f("product", gettext_lazy("Product code"), "artikelcode", "artikelnummer", "artnr", "sku"),
    _f("description", gettext_lazy("Description"), "omschrijving", "description"),
    _f("quantity", gettext_lazy("Quantity"), "aantal", "quantity", "qty"),
    _f("unit_price", gettext_lazy("Unit price"), "prijs", "stukprijs", "unitprice", "price"),
    _f("discount", gettext_lazy("Discount (%)"), "korting", "discount"),
)
REQUIRED = (
    ("external_number", gettext_lazy("Choose the column that holds the ERP's order number.")),
    ("account", gettext_lazy("Choose the column that names the customer.")),
    ("quantity", gettext_lazy("Choose the column that holds the quantity.")),
)


def _statuses() -> dict[str, str]:
    table = {normalize_header(v): v for v in OrderStatus.values}
    for code in ("nl", "en"):
        with translation.override(code):
            table.update({normalize_header(str(label)): v for v, label in OrderStatus.choices})
    table.update({"geleverd": "delivered", "gefactureerd": "invoiced", "bevestigd": "confirmed"})
    return table


class _Checker:
    def __init__(self, actor: User) -> None:
        self.accounts = access.accounts_writable(actor)
        self.found: dict[str, Account | None] = {}
        self.products = {p.code.lower(): p for p in Product.objects.all()}
        self.statuses = _statuses()
        self.existing = set(
            Order.objects.exclude(external_number="").values_list("external_number", flat=True)
        )

    def account(self, name: str) -> Account | None:
        if name not in self.found:
            rows = self.accounts.filter(external_id=name) or self.accounts.filter(kvk_number=name)
            self.found[name] = rows.first() if len(rows) == 1 else None
        return self.found[name]

    def row(self, number: int, values: dict[str, str]) -> dict[str, Any]:
        errors: list[dict[str, str]] = []

        def error(field: str, message: str) -> None:
            errors.append({"field": field, "message": message, "value": values.get(field, "")})

        data: dict[str, Any] = {"external_number": values.get("external_number", "")}
        if not data["external_number"] or len(data["external_number"]) > 64:
            error("external_number", _("Give the ERP's order number (at most 64 characters)."))
        account = self.account(values.get("account", ""))
        if account is None:
            error("account", _("There is no account you may change with this number."))
        data["account"] = account
        for key in ("ordered_on", "promised_on", "status_on"):
            if values.get(key):
                day = parse_date(values[key])
                if day is None:
                    error(key, _("Write a date as 31-12-2026."))
                data[key] = day
        status = self.statuses.get(normalize_header(values.get("status", "") or "received"))
        if status is None:
            error("status", _("This is not one of the values Koers knows."))
        data["status"] = status or OrderStatus.RECEIVED
        data["customer_reference"] = values.get("customer_reference", "")[:100]
        data["line"] = self._line(values, error)
        action = "update" if data["external_number"] in self.existing else "create"
        name = f"{data['external_number']} {values.get('product') or values.get('description')}"
        return {"row": number, "name": name, "action": action, "errors": errors, "data": data}

    def _line(self, values: dict[str, str], error: Any) -> LineIn | None:
        product = None
        if values.get("product"):
            product = self.products.get(values["product"].lower())
            if product is None:
                error("product", _("There is no product with this code."))
                return None
        amounts: dict[str, Decimal | None] = {}
        for key in ("quantity", "unit_price", "discount"):
            amounts[key] = parse_amount(values[key]) if values.get(key) else None
            if values.get(key) and amounts[key] is None:
                error(key, _("Give a number, like 12,50."))
        quantity = amounts["quantity"]
        if quantity is None or quantity <= 0:
            error("quantity", _("Give a quantity above 0."))
            return None
        if product is None and (not values.get("description") or amounts["unit_price"] is None):
            error("description", _("A line without a product needs a description and a price."))
            return None
        discount = amounts["discount"] or Decimal("0")
        if discount > 100:
            error("discount", _("Give a discount from 0 to 100 %."))
        return LineIn(
            quantity=quantity,
            product=product,
            description=values.get("description", "")[:300],
            unit_price=amounts["unit_price"],
            discount=discount,
        )


def _rows(job: ImportJob) -> list[dict[str, Any]]:
    """The rows checked; a row with a problem leaves its whole order out."""
    checker = _Checker(job.owner)
    rows = [
        checker.row(index + 2, row_values(job.headers, job.mapping, row))
        for index, row in enumerate(job.rows)
        if any((cell or "").strip() for cell in row)
    ]
    troubled = {r["data"]["external_number"] for r in rows if r["errors"]}
    for row in rows:
        if not row["errors"] and row["data"]["external_number"] in troubled:
            message = _("Another row of this order has a problem.")
            row["errors"].append({"field": "external_number", "message": message, "value": ""})
    return rows


def check(job: ImportJob) -> dict[str, Any]:
    """The preview: every row checked, nothing written."""
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
        "unchanged": 0,
        "rows": [{k: v for k, v in r.items() if k != "data"} for r in shown],
        "complete": len(shown) == len(rows),
        "problems": problems,
        "left_out": [r["row"] for r in bad],
    }


def write(job: ImportJob) -> dict[str, Any]:
    """Each order of the rows without problems, through `order_upsert` (in the import's
    transaction): created or updated by its ERP number."""
    orders: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(job):
        if not row["errors"]:
            orders[row["data"]["external_number"]].append(row["data"])
    created: list[int] = []
    updated: list[int] = []
    for number, rows in orders.items():
        first = rows[0]
        details = {"customer_reference": first["customer_reference"]}
        for key in ("ordered_on", "promised_on"):
            if first.get(key):
                details[key] = first[key]
        order, made = services.order_upsert(
            actor=job.owner,
            account=first["account"],
            external_number=number,
            lines=[r["line"] for r in rows],
            status=first["status"],
            status_on=first.get("status_on"),
            **details,
        )
        (created if made else updated).append(order.pk)
    return {"created": created, "updated": updated, "unchanged": 0}


ORDERS = ImportKind(
    key="orders",
    label=gettext_lazy("orders"),
    fields=FIELDS,
    required=REQUIRED,
    may_import=access.can_process_orders,
    check=check,
    write=write,
    list_url_name="sales:order_list",
)
