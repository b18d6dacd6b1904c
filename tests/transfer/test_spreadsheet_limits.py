"""A spreadsheet is checked before it is unpacked: a small file that inflates to a huge one, a
sheet with thousands of columns, or too many parts is refused at the upload field, quickly."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from koers.transfer.isolation import run_limited
from koers.transfer.models import ImportJob
from koers.transfer.parsing import parse_upload
from tests.transfer.helpers import signed_in, xlsx_bytes


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The messages are compared in English; a request of an earlier test on this worker may
    have left another language active."""
    with translation.override("en"):
        yield


# Blank rows: the reader skips them without counting them as rows of the file, so without a check
# on the unpacked size it would read every one of them.
ROW = b'<row><c s="0"/><c s="0"/><c s="0"/></row>' * 64
HEADER = b'<row><c t="inlineStr"><is><t>Naam</t></is></c></row>'
SHEET = "xl/worksheets/sheet1.xml"


def _sheet_xml(megabytes: int) -> Iterator[bytes]:
    yield (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet '
        b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    )
    yield HEADER
    chunk = ROW * (1024 * 1024 // len(ROW))
    for _ in range(megabytes):
        yield chunk
    yield b"</sheetData></worksheet>"


def zip_bomb(megabytes: int = 80) -> bytes:
    """A real workbook whose sheet is `megabytes` of repeated rows: a few hundred KB on disk. The
    sheet is streamed into the archive, never held whole in memory or written to disk."""
    workbook = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Naam"]])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in workbook.infolist():
            if info.filename != SHEET:
                archive.writestr(info.filename, workbook.read(info))
        with archive.open(SHEET, "w") as sheet:
            for chunk in _sheet_xml(megabytes):
                sheet.write(chunk)
    return out.getvalue()


def post_file(client, content: bytes, name: str):
    upload_file = io.BytesIO(content)
    upload_file.name = name
    return client.post(reverse("transfer:import_start"), {"file": upload_file})


def test_it_refuses_a_spreadsheet_that_inflates_far_beyond_its_size_at_the_upload_field(
    people, client
):
    bomb = zip_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    signed_in(client, people.alice)

    started = time.monotonic()
    response = post_file(client, bomb, "klanten.xlsx")
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [
        "This spreadsheet unpacks to more than 50 MB. Save only the sheet with the customers, "
        "or split the file up."
    ]
    assert elapsed < 1.0
    assert ImportJob.objects.count() == 0


def test_it_refuses_a_small_sheet_packed_more_tightly_than_a_real_spreadsheet(settings):
    # 8 MB of one repeated row is under the size limit, but no customer file packs 1:300.
    with pytest.raises(ValidationError) as refused:
        parse_upload(io.BytesIO(zip_bomb(8)), "klanten.xlsx")

    assert refused.value.messages == [
        "This spreadsheet is packed far more tightly than a real customer file and is not "
        "read. Save it again from Excel, or as CSV."
    ]


def test_it_refuses_an_archive_with_thousands_of_parts():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(2000):
            archive.writestr(f"xl/media/image{n}.xml", "x")

    with pytest.raises(ValidationError) as refused:
        parse_upload(io.BytesIO(out.getvalue()), "klanten.xlsx")

    assert refused.value.messages == [
        "This spreadsheet holds more than 1000 parts and is not read. Save only the sheet with "
        "the customers."
    ]


def test_it_refuses_a_sheet_with_more_columns_than_the_limit(settings):
    settings.IMPORT_MAX_COLUMNS = 5
    raw = xlsx_bytes([[f"Kolom {n}" for n in range(8)], ["x"] * 8])

    with pytest.raises(ValidationError) as refused:
        parse_upload(io.BytesIO(raw), "klanten.xlsx")

    assert refused.value.messages == ["The sheet has more than 5 columns. Remove the extra ones."]


def test_a_normal_spreadsheet_within_the_limits_is_read():
    raw = xlsx_bytes([["Naam", "Plaats"], *(["Bakkerij Jansen", "Utrecht"] for _ in range(500))])

    parsed = parse_upload(io.BytesIO(raw), "klanten.xlsx")

    assert parsed.headers == ["Naam", "Plaats"]
    assert parsed.row_count == 500


def _needs_200_mb(raw: bytes) -> int:
    return len(bytearray(200 * 1024 * 1024)) + len(raw)


def test_a_read_that_needs_more_memory_than_allowed_is_refused_and_the_server_lives_on(settings):
    """openpyxl holds a sheet's shared texts in memory: a file within the size limits can still
    need hundreds of MB. The read runs in a child with its own limit."""
    settings.IMPORT_PARSE_MEMORY_MB = 50

    with pytest.raises(ValidationError) as refused:
        run_limited(_needs_200_mb, b"x")

    assert refused.value.messages == [
        "Reading this file needs more memory or time than allowed. Split it up, or save it as CSV."
    ]
    settings.IMPORT_PARSE_MEMORY_MB = 512
    assert run_limited(_needs_200_mb, b"x") == 200 * 1024 * 1024 + 1


def test_a_refusal_in_the_child_reaches_the_upload_field_in_the_users_language(settings):
    settings.IMPORT_MAX_COLUMNS = 5
    raw = xlsx_bytes([[f"Kolom {n}" for n in range(8)], ["x"] * 8])

    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        parse_upload(io.BytesIO(raw), "klanten.xlsx")

    with translation.override("nl"):
        assert refused.value.messages == [
            "Het blad heeft meer dan 5 kolommen. Verwijder de overbodige."
        ]
