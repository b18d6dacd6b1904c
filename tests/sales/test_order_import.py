"""Importing orders from the ERP with the customer file's import: one row per line, grouped by
the ERP's order number; importing the same file again updates, never duplicates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.sales.models import Order, OrderStatus
from koers.transfer.models import ImportJob, ImportStatus
from tests.factories import make_account
from tests.sales.factories import make_product

CSV = (
    "Ordernummer;Klantnummer;Uw referentie;Orderdatum;Status;Statusdatum;Artikelcode;"
    "Omschrijving;Aantal;Prijs;Korting\n"
    "ERP-1;D100;PO-1;01-06-2026;Gefactureerd;10-06-2026;SH-1;;4;12,50;\n"
    "ERP-1;D100;PO-1;01-06-2026;Gefactureerd;10-06-2026;;Montage;1;95,00;\n"
    "ERP-2;D100;;02-06-2026;Bevestigd;;SH-1;;2;;10\n"
    "ERP-3;D999;;02-06-2026;;;SH-1;;1;;\n"
    "ERP-4;D100;;02-06-2026;;;NOPE;;1;;\n"
    "ERP-4;D100;;02-06-2026;;;SH-1;;1;;\n"
)


@pytest.fixture
def world(people):
    account = make_account(people.alice, "Alpha BV", external_id="D100")
    product = make_product("SH-1", list_price=Decimal("10.00"))
    return account, product


def _import(client, text=CSV):
    file = SimpleUploadedFile("orders.csv", text.encode("utf-8"), content_type="text/csv")
    client.post(reverse("transfer:import_start"), {"file": file, "kind": "orders"})
    job = ImportJob.objects.latest("pk")
    page = client.get(reverse("transfer:import_mapping", args=[job.pk]))
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items() if name != "save_as"}
    client.post(reverse("transfer:import_mapping", args=[job.pk]), data)
    job.refresh_from_db()
    return job


def test_the_orders_are_imported_with_their_lines_and_status(people, admin_client, world):
    account, _product = world
    job = _import(admin_client)
    report = job.error_report
    assert (report["ok"], report["errors"], report["create"]) == (3, 3, 3)
    bad = {r["row"]: {e["field"] for e in r["errors"]} for r in report["rows"] if r["errors"]}
    assert bad == {5: {"account"}, 6: {"product"}, 7: {"external_number"}}
    assert not Order.objects.exists()  # the preview wrote nothing

    admin_client.post(reverse("transfer:import_run", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    first = Order.objects.get(external_number="ERP-1")
    assert (first.account, first.customer_reference, first.status) == (
        account,
        "PO-1",
        OrderStatus.INVOICED,
    )
    assert (first.ordered_on, first.invoiced_on) == (date(2026, 6, 1), date(2026, 6, 10))
    assert first.net_total == Decimal("145.00")
    second = Order.objects.get(external_number="ERP-2")
    assert (second.status, second.net_total) == (OrderStatus.CONFIRMED, Decimal("18.00"))


def test_the_same_file_again_updates_and_never_duplicates(people, admin_client, world):
    job = _import(admin_client)
    admin_client.post(reverse("transfer:import_run", args=[job.pk]))
    again = _import(admin_client)
    assert again.error_report["update"] == 3
    admin_client.post(reverse("transfer:import_run", args=[again.pk]))
    again.refresh_from_db()
    assert again.updated_count == 2
    assert Order.objects.count() == 2


@pytest.mark.parametrize("persona", ["alice", "mark"])
def test_account_managers_and_marketing_do_not_import_orders(people, client_for, persona):
    client = client_for(getattr(people, persona))
    file = SimpleUploadedFile("orders.csv", CSV.encode("utf-8"), content_type="text/csv")
    response = client.post(reverse("transfer:import_start"), {"file": file, "kind": "orders"})
    assert response.status_code == 403
    assert not ImportJob.objects.exists()
