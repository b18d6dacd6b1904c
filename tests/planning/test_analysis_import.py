"""Business figures imported from an XLSX file: a column or a row per year, Dutch or English
labels, every bad cell named and nothing saved then, an empty file refused."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from koers.planning.analysis import imports, services
from koers.planning.models import AccountAnalysis
from tests.planning.analysis_factories import make_analysis


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BY_COLUMN = [
    [None, 2024, 2025],
    ["Omzet", 2000000, 2400000],
    ["Inkopen", "1.300.000", 1500000],
    ["Eigen vermogen", 300000, 480000],
    ["Nettowinst", -40000, 96000],
    ["EBITDA", 1, 2],
]


def _read(rows: list[list[object]]):
    return imports.figures_from_file(io.BytesIO(_xlsx(rows)), "cijfers.xlsx")


def test_a_column_per_year_with_dutch_labels_is_read(people):
    pasted = _read(BY_COLUMN)
    assert [y["year"] for y in pasted.years] == [2024, 2025]
    first = pasted.years[0]
    assert (first["revenue"], first["purchases"], first["equity"], first["net_profit"]) == (
        D("2000000"),
        D("1300000"),
        D("300000"),
        D("-40000"),
    )
    assert pasted.unknown == ["EBITDA"]


def test_a_row_per_year_with_english_labels_is_read(people):
    pasted = _read(
        [
            ["Year", "Revenue", "Total assets", "Employees"],
            [2025, 2400000, 1200000, 12],
            [2024, 2000000, 1000000, None],
        ]
    )
    assert pasted.years == [
        {"year": 2024, "revenue": D("2000000"), "total_assets": D("1000000"), "employees": None},
        {"year": 2025, "revenue": D("2400000"), "total_assets": D("1200000"), "employees": D("12")},
    ]


def test_every_bad_cell_is_named(people):
    rows = [list(r) for r in BY_COLUMN]
    rows[1][2] = "about 2 million"
    rows[2][1] = -5
    with pytest.raises(ValidationError) as refused:
        _read(rows)
    assert refused.value.message_dict["file"] == [
        "C2: “about 2 million” is not a number.",
        "B3: Purchases of 2024 cannot be below zero.",
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "The file is empty."),
        (_xlsx([]), "The file is empty."),
        (_xlsx([["Omzet", "veel"]]), "No financial years found"),
        (b"PK\x03\x04 not a zip", "This is not an Excel (.xlsx) file that can be read."),
    ],
    # Named ids: the workbooks' bytes hold the time they were made, and xdist refuses to run
    # when its two workers collect different ids.
    ids=["no-bytes", "empty-sheet", "no-years", "not-a-zip"],
)
def test_an_empty_or_unreadable_file_is_refused(people, raw, message):
    with pytest.raises(ValidationError) as refused:
        imports.figures_from_file(io.BytesIO(raw), "cijfers.xlsx")
    assert refused.value.message_dict["file"][0].startswith(message)


def test_the_import_makes_a_new_analysis_with_the_profile_of_the_latest(people, account):
    make_analysis(people.alice, account, vision="Grow in the south")
    saved = services.analysis_import(
        actor=people.alice,
        account=account,
        analysed_on=date(2026, 12, 5),
        years=_read(BY_COLUMN).years,
    )
    assert saved.vision == "Grow in the south"
    assert [y.year for y in saved.years.all()] == [2024, 2025]


def _post(client, account, rows):
    upload = SimpleUploadedFile("cijfers.xlsx", _xlsx(rows) if rows is not None else b"")
    return client.post(
        reverse("planning:analysis_import", args=[account.pk]),
        {"analysed_on": "2026-12-05", "file": upload},
    )


def test_the_page_imports_a_good_file_and_opens_the_analysis(people, client_for, account):
    response = _post(client_for(people.alice), account, BY_COLUMN)
    saved = AccountAnalysis.objects.get(account=account)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:analysis_detail", args=[saved.pk])
    assert saved.analysed_on == date(2026, 12, 5)


def test_the_page_names_the_bad_cell_and_saves_nothing(people, client_for, account):
    rows = [list(r) for r in BY_COLUMN]
    rows[3][2] = "n.b."
    response = _post(client_for(people.alice), account, rows)
    assert response.status_code == 422
    assert "C4: “n.b.” is not a number." in response.content.decode()
    assert not AccountAnalysis.objects.exists()


def test_only_who_may_change_the_account_imports(people, client_for, account):
    response = _post(client_for(people.mark), account, BY_COLUMN)
    assert response.status_code == 403
    assert not AccountAnalysis.objects.exists()
