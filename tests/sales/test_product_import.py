"""Importing products from a spreadsheet with the customer file's import: upload, columns
guessed, the preview with the rows' problems, then the import of the rows without problems."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from koers.sales.catalogue.imports import parse_amount
from koers.sales.models import Product
from koers.transfer.models import ImportJob, ImportStatus
from tests.sales.factories import make_group, make_product

CSV = (
    "Artikelcode;Omschrijving;Name;Productgroep;Eenheid;Kostprijs;Verkoopprijs;BTW;Geldig vanaf\n"
    "RU-101;Rundergehakt;Minced beef;RUND;kg;5,10;8,95;9%;01-01-2026\n"
    "RU-102;Biefstuk;Steak;Rundvlees;kg;15,00;€ 1.024,50;laag;2026-01-01\n"
    "RU-103;Stooflappen;;Vis;kg;7,00;12,999;hoog;01-01-2026\n"
    "RU-104;Riblappen;;RUND;zak;8,00;13,75;21;31-02-2026\n"
)


def _upload(client, text=CSV, name="artikelen.csv"):
    file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("transfer:import_start"), {"file": file, "kind": "products"})


@pytest.fixture
def beef(db):
    return make_group("RUND", name_nl="Rundvlees", name_en="Beef")


def _map_and_check(client, job):
    page = client.get(reverse("transfer:import_mapping", args=[job.pk]))
    form = page.context["form"]
    data = {name: field.initial or "" for name, field in form.fields.items() if name != "save_as"}
    return client.post(reverse("transfer:import_mapping", args=[job.pk]), data)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("8,95", "8.95"),
        ("€ 1.024,50", "1024.50"),
        ("1,024.50", "1024.50"),
        ("12", "12"),
        ("x", None),
    ],
)
def test_amounts_are_read_as_a_dutch_spreadsheet_writes_them(text, amount):
    assert parse_amount(text) == (None if amount is None else Decimal(amount))


def test_the_preview_shows_each_rows_problems_and_imports_the_others(people, admin_client, beef):
    make_product("RU-101", group=beef, list_price=Decimal("8.50"))

    response = _upload(admin_client)
    job = ImportJob.objects.get()
    assert (response.status_code, job.kind) == (302, "products")
    assert job.mapping["Productgroep"] == "group" and job.mapping["Verkoopprijs"] == "list_price"

    _map_and_check(admin_client, job)
    job.refresh_from_db()
    report = job.error_report
    assert (job.status, report["ok"], report["errors"], report["update"], report["create"]) == (
        ImportStatus.READY,
        2,
        2,
        1,
        1,
    )
    bad = {
        row["row"]: {e["field"] for e in row["errors"]} for row in report["rows"] if row["errors"]
    }
    assert bad == {4: {"group", "list_price"}, 5: {"unit", "active_from"}}
    page = admin_client.get(reverse("transfer:import_job", args=[job.pk])).content.decode()
    assert "There is no product group with this code or name." in page
    assert Product.objects.count() == 1  # the preview wrote nothing

    admin_client.post(reverse("transfer:import_run", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.DONE, 1, 1)
    steak = Product.objects.get(code="RU-102")
    assert (steak.list_price, steak.vat_category, steak.unit, steak.name_en) == (
        Decimal("1024.50"),
        "low",
        "kg",
        "Steak",
    )
    assert Product.objects.get(code="RU-101").list_price == Decimal("8.95")
    assert not Product.objects.filter(code__in=["RU-103", "RU-104"]).exists()


def test_the_rows_left_out_can_be_downloaded(people, admin_client, beef):
    _upload(admin_client)
    job = ImportJob.objects.get()
    _map_and_check(admin_client, job)

    response = admin_client.get(reverse("transfer:import_left_out", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_mapping_without_a_price_column_says_so(people, admin_client, beef):
    _upload(admin_client, "Code;Naam;Groep\nA;B;RUND\n")
    job = ImportJob.objects.get()

    response = _map_and_check(admin_client, job)

    assert "Choose the column that holds the list price." in response.content.decode()
    job.refresh_from_db()
    assert not job.validated


@pytest.mark.parametrize("persona", ["alice", "maria", "ingrid", "mark"])
def test_only_administrators_import_products(people, client_for, persona, beef):
    client = client_for(getattr(people, persona))

    response = _upload(client)

    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_an_account_manager_cannot_open_an_administrators_product_import(
    people, admin_client, client_for, beef
):
    _upload(admin_client)
    job = ImportJob.objects.get()
    job.owner = people.alice
    job.save()

    response = client_for(people.alice).get(reverse("transfer:import_job", args=[job.pk]))

    assert response.status_code == 403
