"""Building import files in tests."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import Workbook, load_workbook

from koers.core.models import User
from koers.transfer import services
from koers.transfer.models import ImportJob
from tests.factories import make_totp_device

# Valid Dutch VAT numbers (check digit correct).
VAT = ["NL100000009B01", "NL100000010B01", "NL100000022B01", "NL100000024B01", "NL004495445B01"]
BAD_VAT = "NL100000008B01"  # wrong check digit

HEADER = ["Bedrijfsnaam", "KvK-nummer", "BTW-nummer", "Postcode", "Plaats", "Telefoon", "Segment"]


def csv_bytes(rows: list[list[Any]], delimiter: str = ";", encoding: str = "utf-8") -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def read_xlsx(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def signed_in(client: Any, user: User) -> Any:
    """Logs in; an administrator also with a verified second factor, as the middleware wants."""
    client.force_login(user)
    if user.requires_two_factor:
        from django_otp import DEVICE_ID_SESSION_KEY

        device = make_totp_device(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def upload(user: User, rows: list[list[Any]], name: str = "klanten.csv") -> ImportJob:
    return services.import_upload(actor=user, upload=io.BytesIO(csv_bytes(rows)), name=name)


def checked(user: User, rows: list[list[Any]], mapping: dict[str, str] | None = None) -> ImportJob:
    """Uploaded and dry-run, with the guessed mapping unless one is given."""
    job = upload(user, rows)
    if mapping is not None:
        services.import_set_mapping(actor=user, job=job, mapping=mapping)
    return services.import_check_start(actor=user, job=job)


def imported(user: User, rows: list[list[Any]], contact_changes: str | None = None) -> ImportJob:
    """Checked and imported; `contact_changes` answers the question on contacts in Koers that
    rows change ("update" or "new")."""
    job = checked(user, rows)
    assert job.status == "ready", job.error_report
    return services.import_start(actor=user, job=job, contact_changes=contact_changes)


def row_errors(job: ImportJob) -> dict[int, dict[str, list[str]]]:
    """{line: {field: [messages]}} of the rows with errors."""
    out: dict[int, dict[str, list[str]]] = {}
    for row in job.error_report["rows"]:
        for error in row["errors"]:
            out.setdefault(row["row"], {}).setdefault(error["field"], []).append(error["message"])
    return out
