"""Per-row and per-value decisions: rows with problems left out (and downloadable), bad optional
values dropped on request, formula cells reported as formulas."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from koers.accounts.models import Account
from koers.transfer import services
from koers.transfer.leftout import left_out_xlsx
from koers.transfer.models import ImportStatus
from tests.factories import make_segment
from tests.transfer.helpers import checked, read_xlsx, row_errors, xlsx_bytes

HEADER = ["Bedrijfsnaam", "KvK-nummer", "Plaats", "Telefoon", "Website"]


@pytest.fixture
def english(db):
    from django.utils import translation

    with translation.override("en"):
        yield


def test_the_file_of_rows_left_out_holds_exactly_those_rows_with_their_problems(people, english):
    rows = [
        HEADER,
        ["Een", "10000001", "Ede", "", ""],
        ["", "10000002", "Epe", "", ""],
        ["Drie", "10000003", "Ermelo", "12345", ""],
        ["Vier", "10000004", "Elst", "", ""],
    ]
    job = checked(people.alice, rows)

    sheet = read_xlsx(left_out_xlsx(job))

    assert sheet == [
        [*HEADER, "Problems found by Koers"],
        [None, "10000002", "Epe", None, None, "Bedrijfsnaam: This field is required."],
        [
            "Drie",
            "10000003",
            "Ermelo",
            "12345",
            None,
            "Telefoon: This is not a valid phone number. (was “12345”)",
        ],
    ]


def test_the_left_out_download_is_an_xlsx_named_after_the_file(people, client_for, english):
    job = checked(people.alice, [HEADER, ["Een", "10000001", "", "", ""], ["", "1", "", "", ""]])

    response = client_for(people.alice).get(reverse("transfer:import_left_out", args=[job.pk]))

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="klanten-left-out.xlsx"'
    assert [row[0] for row in read_xlsx(response.content)] == ["Bedrijfsnaam", None]


def test_the_corrected_file_of_rows_left_out_updates_and_never_duplicates(people, english):
    rows = [HEADER, ["Een", "10000001", "Ede", "", ""], ["", "10000002", "Epe", "", ""]]
    job = services.import_start(actor=people.alice, job=checked(people.alice, rows))
    assert (job.created_count, job.result["left_out"]) == (1, [3])
    corrected = read_xlsx(left_out_xlsx(job))
    corrected[1][0] = "Twee"
    # The user also copied the first row in, with a new city.
    corrected.append(["Een", "10000001", "Zeist", None, None, None])

    again = services.import_upload(
        actor=people.alice, upload=io.BytesIO(xlsx_bytes(corrected)), name="fout.xlsx"
    )
    assert again.mapping["Problems found by Koers"] == ""
    again = services.import_start(
        actor=people.alice, job=services.import_check_start(actor=people.alice, job=again)
    )

    assert (again.created_count, again.updated_count, again.result["left_out"]) == (1, 1, [])
    assert sorted(Account.objects.values_list("name", "visit_city")) == [
        ("Een", "Zeist"),
        ("Twee", "Epe"),
    ]


def test_bad_optional_values_are_dropped_on_request_and_counted_per_column(people, english):
    rows = [
        HEADER,
        ["Een", "10000001", "Ede", "12345", "https://een.nl"],
        ["Twee", "10000002", "Epe", "00", "not a site"],
        ["Drie", "10000003", "Elst", "030 234 5678", ""],
    ]
    job = checked(people.alice, rows)
    assert (job.error_report["ok"], job.error_report["droppable_rows"]) == (1, 2)
    assert job.error_report["droppable"]["phone"] == {"count": 2, "values": ["12345", "00"]}

    job = services.import_set_options(actor=people.alice, job=job, drop_values=True)
    job = services.import_check_start(actor=people.alice, job=job)

    report = job.error_report
    assert (job.status, report["ok"], report["errors"], report["dropped_count"]) == (
        ImportStatus.READY,
        3,
        0,
        3,
    )
    assert report["dropped"] == {
        "phone": {"count": 2, "values": ["12345", "00"]},
        "website": {"count": 1, "values": ["not a site"]},
    }
    job = services.import_start(actor=people.alice, job=job)
    assert (job.created_count, job.result["dropped"]) == (3, 3)
    imported = {a.name: (a.phone, a.website) for a in Account.objects.all()}
    assert imported == {
        "Een": ("", "https://een.nl"),
        "Twee": ("", ""),
        "Drie": ("+31302345678", ""),
    }


def test_a_bad_required_value_is_never_dropped(people, english):
    job = checked(people.alice, [HEADER, ["", "10000001", "Ede", "12345", ""]])
    job = services.import_set_options(actor=people.alice, job=job, drop_values=True)
    job = services.import_check_start(actor=people.alice, job=job)

    assert row_errors(job) == {2: {"name": ["This field is required."]}}


def test_the_preview_names_the_dropped_values(people, client_for, english):
    client = client_for(people.alice)
    job = checked(people.alice, [HEADER, ["Een", "10000001", "Ede", "12345", ""]])

    client.post(reverse("transfer:import_options", args=[job.pk]), {"drop_values": "1"})

    html = client.get(reverse("transfer:import_job", args=[job.pk])).content.decode()
    assert "1 value will be left out" in html
    assert "“12345”" in html
    job.refresh_from_db()
    assert (job.status, job.options) == (ImportStatus.READY, {"drop_values": True})


def test_a_formula_cell_is_reported_as_a_formula_not_as_missing(people, english):
    make_segment("Retail")
    content = xlsx_bytes(
        [
            ["Bedrijfsnaam", "KvK-nummer", "Segment"],
            ["Een", "10000001", "Retail"],
            ['=B3&" BV"', "10000002", "Retail"],
        ]
    )
    job = services.import_upload(actor=people.alice, upload=io.BytesIO(content), name="f.xlsx")
    job = services.import_check_start(actor=people.alice, job=job)

    assert row_errors(job) == {
        3: {
            "name": [
                'This cell holds the formula =B3&" BV" and no value. Replace the formula by its '
                "value (copy, paste as values) or save the file in Excel again."
            ]
        }
    }
    assert job.error_report["rows"][1]["errors"][0]["value"] == '=B3&" BV"'
