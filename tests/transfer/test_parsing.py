"""Reading CSV variants and XLSX files into headers and rows."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from koers.transfer.parsing import parse_upload
from tests.transfer.helpers import csv_bytes, xlsx_bytes

ROWS = [["Naam", "Plaats", "Notities"], ["Bakkerij Jansen", "Utrecht", 'Zegt: "ja"; later']]
EXPECTED_ROWS = [["Bakkerij Jansen", "Utrecht", 'Zegt: "ja"; later']]


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_it_reads_csv_with_any_of_the_three_delimiters(delimiter):
    parsed = parse_upload(io.BytesIO(csv_bytes(ROWS, delimiter=delimiter)), "f.csv")

    assert parsed.headers == ["Naam", "Plaats", "Notities"]
    assert parsed.rows == EXPECTED_ROWS


def test_it_reads_utf8_with_a_byte_order_mark():
    raw = b"\xef\xbb\xbf" + "Naam;Plaats\nCafé Zoë;Den Haag\n".encode()

    parsed = parse_upload(io.BytesIO(raw), "f.csv")

    assert parsed.headers == ["Naam", "Plaats"]
    assert parsed.rows == [["Café Zoë", "Den Haag"]]


def test_it_falls_back_to_cp1252_for_files_saved_by_old_excel():
    raw = "Naam;Plaats\nCafé Zoë \u2013 €;Den Haag\n".encode("cp1252")

    parsed = parse_upload(io.BytesIO(raw), "f.csv")

    assert parsed.rows == [["Café Zoë \u2013 €", "Den Haag"]]


def test_it_reads_utf16_unicode_text():
    raw = "Naam\tPlaats\r\nCafé Zoë\tDen Haag\r\n".encode("utf-16")

    parsed = parse_upload(io.BytesIO(raw), "f.txt")

    assert parsed.rows == [["Café Zoë", "Den Haag"]]


def test_it_keeps_quoted_newlines_pads_short_rows_and_blanks_empty_ones():
    raw = b'Naam;Straat;Plaats\n"Jansen\nBV";Dorpsstraat 1\n;;\nPietersen;;Ede;\n;;\n\n'

    parsed = parse_upload(io.BytesIO(raw), "f.csv")

    assert parsed.headers == ["Naam", "Straat", "Plaats"]
    # the blank row stays (as []) so that row numbers match the spreadsheet; trailing ones go
    assert parsed.rows == [["Jansen\nBV", "Dorpsstraat 1", ""], [], ["Pietersen", "", "Ede"]]
    assert parsed.row_count == 2


def test_it_names_nameless_and_repeated_columns():
    with translation.override("en"):
        parsed = parse_upload(io.BytesIO(b"Naam;;Naam\na;b;c\n"), "f.csv")

    assert parsed.headers == ["Naam", "Column 2", "Naam (2)"]


def test_it_takes_off_the_quote_an_export_put_before_a_formula_like_cell():
    raw = b"Naam;Telefoon\n'=Jansen;'+31201234567\n"

    parsed = parse_upload(io.BytesIO(raw), "f.csv")

    assert parsed.rows == [["=Jansen", "+31201234567"]]


def test_it_reads_the_first_sheet_of_an_xlsx_file_with_numbers_and_dates():
    raw = xlsx_bytes(
        [
            ["Naam", "KvK", "Sinds", "Omzet", None],
            ["Jansen BV", 12345678, dt.datetime(2024, 3, 1), 1234.5, None],
            [None, None, None, None, None],
            ["Pietersen", "01234567", dt.date(2023, 1, 2), 7, None],
        ]
    )

    parsed = parse_upload(io.BytesIO(raw), "klanten.xlsx")

    assert parsed.headers == ["Naam", "KvK", "Sinds", "Omzet"]
    assert parsed.rows == [
        ["Jansen BV", "12345678", "2024-03-01", "1234.5"],
        [],
        ["Pietersen", "01234567", "2023-01-02", "7"],
    ]


def test_it_recognises_xlsx_by_content_whatever_the_name():
    raw = xlsx_bytes([["Naam"], ["Jansen"]])

    assert parse_upload(io.BytesIO(raw), "export.csv").rows == [["Jansen"]]


@pytest.mark.parametrize(
    ("raw", "name", "code"),
    [
        (b"", "f.csv", "empty"),
        (b"  \n", "f.csv", "empty"),
        (b"not a zip", "f.xlsx", "xlsx"),
        (b"PK\x03\x04broken", "f.xlsx", "xlsx"),
        (b"\xd0\xcf\x11\xe0\x00\x00", "f.xls", "xls"),
        (b"\x00\x01\x02binary", "f.csv", "binary"),
    ],
)
def test_it_rejects_files_it_cannot_read_with_a_clear_error(raw, name, code):
    with pytest.raises(ValidationError) as info:
        parse_upload(io.BytesIO(raw), name)

    assert info.value.code == code
