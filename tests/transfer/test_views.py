"""The import pages: upload, mapping, preview, import, progress; per role."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from koers.accounts.models import Account
from koers.transfer import services
from koers.transfer.models import ImportJob, ImportMapping, ImportStatus
from tests.factories import make_segment
from tests.transfer.helpers import (
    BAD_VAT,
    VAT,
    checked,
    csv_bytes,
    signed_in,
    upload,
    xlsx_bytes,
)

ROWS = [
    ["Bedrijfsnaam", "KvK", "BTW", "Plaats", "Achternaam"],
    ["Bakkerij Jansen", "12345678", VAT[0], "Utrecht", "Jansen"],
    ["Slagerij Smit", "23456789", BAD_VAT, "Ede", ""],
    ["", "34567890", "", "Zeist", ""],
]


def post_file(client, content: bytes, name: str = "klanten.csv"):
    upload_file = io.BytesIO(content)
    upload_file.name = name
    return client.post(reverse("transfer:import_start"), {"file": upload_file})


def test_marketing_gets_403_on_every_import_page(people, client_for):
    job = checked(people.alice, ROWS[:2])
    client = client_for(people.mark)

    pages = [
        client.get(reverse("transfer:import_start")),
        post_file(client, csv_bytes(ROWS)),
        client.get(reverse("transfer:import_mapping", args=[job.pk])),
        client.get(reverse("transfer:import_job", args=[job.pk])),
        client.post(reverse("transfer:import_run", args=[job.pk])),
    ]

    assert [p.status_code for p in pages] == [403] * 5
    assert ImportJob.objects.count() == 1
    assert Account.objects.count() == 0


def test_inside_sales_import_orders_but_not_the_customer_file(people, client_for):
    job = checked(people.alice, ROWS[:2])
    client = client_for(people.ingrid)

    assert client.get(reverse("transfer:import_start")).status_code == 403
    assert post_file(client, csv_bytes(ROWS)).status_code == 403
    assert client.get(reverse("transfer:import_start") + "?kind=orders").status_code == 200
    # Alice's import is someone else's: not found, as for any importer.
    assert client.get(reverse("transfer:import_job", args=[job.pk])).status_code == 404
    assert ImportJob.objects.count() == 1
    assert Account.objects.count() == 0


def test_someone_elses_import_is_a_404(people, client_for):
    job = checked(people.alice, ROWS[:2])
    client = client_for(people.bob)

    assert client.get(reverse("transfer:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("transfer:import_mapping", args=[job.pk])).status_code == 404
    assert client.post(reverse("transfer:import_run", args=[job.pk])).status_code == 404
    assert Account.objects.count() == 0


def test_the_import_page_needs_a_login(client, db):
    response = client.get(reverse("transfer:import_start"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


@pytest.mark.parametrize("persona", ["alice", "maria", "admin"])
def test_account_managers_managers_and_admins_see_the_upload_form(people, client, persona):
    response = signed_in(client, getattr(people, persona)).get(reverse("transfer:import_start"))

    assert response.status_code == 200
    assert b'type="file"' in response.content


def test_upload_then_mapping_with_guessed_fields_and_samples(people, client_for):
    client = client_for(people.alice)

    response = post_file(client, csv_bytes(ROWS))

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("transfer:import_mapping", args=[job.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    form = page.context["form"]
    assert [form[f"col_{i}"].initial for i in range(5)] == [
        "name",
        "kvk_number",
        "vat_number",
        "visit_city",
        "contact_last_name",
    ]
    assert "Bakkerij Jansen · Slagerij Smit" in page.content.decode()


def test_an_unreadable_file_gets_an_error_next_to_the_field(people, client_for):
    response = post_file(client_for(people.alice), b"\x00\x01binary", "klanten.csv")

    assert response.status_code == 200
    assert response.context["form"].errors == {"file": ["This is not a CSV or Excel file."]}
    assert ImportJob.objects.count() == 0


def test_the_preview_lists_each_bad_row_with_its_errors_and_the_counts(people, client_for):
    client = client_for(people.alice)
    post_file(client, csv_bytes(ROWS))
    job = ImportJob.objects.get()
    data = {f"col_{i}": job.mapping[h] for i, h in enumerate(job.headers)}

    response = client.post(reverse("transfer:import_mapping", args=[job.pk]), data)

    assert response["Location"] == reverse("transfer:import_job", args=[job.pk])
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "1 row OK" in html
    assert "2 with errors" in html
    assert html.count('class="row-error"') == 2
    assert "This VAT number has a wrong check digit." in html
    assert "This field is required." in html
    # The valid row can be imported; the user chooses what happens to the others.
    assert 'id="run-form"' in html
    assert 'name="rows" value="valid" checked' in html
    assert 'name="rows" value="all"' in html
    assert reverse("transfer:import_left_out", args=[job.pk]) in html
    assert Account.objects.count() == 0


def test_a_clean_file_is_imported_and_the_summary_links_to_the_accounts(people, client_for):
    make_segment("Retail")
    client = client_for(people.alice)
    post_file(client, xlsx_bytes([ROWS[0], ROWS[1]]), "klanten.xlsx")
    job = ImportJob.objects.get()
    client.post(
        reverse("transfer:import_mapping", args=[job.pk]),
        {f"col_{i}": job.mapping[h] for i, h in enumerate(job.headers)},
    )

    ready = client.get(reverse("transfer:import_job", args=[job.pk]))
    assert 'id="run-form"' in ready.content.decode()
    response = client.post(reverse("transfer:import_run", args=[job.pk]))
    page = client.get(response["Location"])

    account = Account.objects.get()
    assert (account.name, account.owner, account.positions.count()) == (
        "Bakkerij Jansen",
        people.alice,
        1,
    )
    assert page.context["job"].status == ImportStatus.DONE
    assert page.context["created_accounts"] == [account]
    assert reverse("accounts:account_detail", args=[account.pk]) in page.content.decode()


def test_the_mapping_form_refuses_a_file_without_a_name_column(people, client_for):
    client = client_for(people.alice)
    job = upload(people.alice, ROWS)

    response = client.post(
        reverse("transfer:import_mapping", args=[job.pk]), {"col_0": "", "col_1": "kvk_number"}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Choose the column that holds the name of the account."
    ]
    job.refresh_from_db()
    assert not job.validated


def test_a_saved_mapping_is_chosen_for_a_file_with_the_same_columns(people, client_for):
    client = client_for(people.alice)
    headers = ["Code", "Firma", "Vestiging"]
    first = upload(people.alice, [headers, ["1", "Een", "Ede"]])
    client.post(
        reverse("transfer:import_mapping", args=[first.pk]),
        {"col_0": "external_id", "col_1": "name", "col_2": "visit_city", "save_as": "ERP-export"},
    )
    saved = ImportMapping.objects.get(owner=people.alice)
    assert saved.columns == {"Code": "external_id", "Firma": "name", "Vestiging": "visit_city"}

    second = upload(people.alice, [headers, ["2", "Twee", "Epe"]])
    page = client.get(reverse("transfer:import_mapping", args=[second.pk]))

    assert page.context["chosen"] == saved
    form = page.context["form"]
    assert [form[f"col_{i}"].initial for i in range(3)] == ["external_id", "name", "visit_city"]
    assert "ERP-export" in page.content.decode()


def test_a_large_file_shows_progress_that_polls_until_done(
    people, client_for, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    client = client_for(people.alice)
    job = upload(people.alice, [ROWS[0], ROWS[1], ["Twee", "22222222", "", "Ede", ""], ROWS[3]])
    # the task has not run yet: the page polls
    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.VALIDATING, processed_rows=1)

    polling = client.get(
        reverse("transfer:import_job", args=[job.pk]), headers={"HX-Request": "true"}
    )

    html = polling.content.decode()
    assert 'hx-trigger="every 1s"' in html
    assert "1 of 3" in html
    assert "<html" not in html  # the partial only

    ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.PENDING, processed_rows=0)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("transfer:import_mapping", args=[job.pk]),
            {f"col_{i}": job.mapping[h] for i, h in enumerate(job.headers)},
        )
    done = client.get(reverse("transfer:import_job", args=[job.pk]), headers={"HX-Request": "true"})

    assert "every 1s" not in done.content.decode()
    assert done.context["job"].error_count == 1


def test_nothing_until_every_row_is_clean_imports_nothing_and_says_why(people, client_for):
    job = checked(people.alice, ROWS)
    client = client_for(people.alice)

    response = client.post(reverse("transfer:import_run", args=[job.pk]), {"rows": "all"})

    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Nothing was imported: 2 rows have problems." in page.content.decode()
    job.refresh_from_db()
    assert job.status == ImportStatus.READY
    assert Account.objects.count() == 0


def test_the_run_button_imports_the_valid_rows_and_lists_the_rest(people, client_for):
    job = checked(people.alice, ROWS)
    client = client_for(people.alice)

    response = client.post(reverse("transfer:import_run", args=[job.pk]), {"rows": "valid"})

    page = client.get(response["Location"])
    job.refresh_from_db()
    assert (job.status, job.created_count, job.result["left_out"]) == ("done", 1, [3, 4])
    assert Account.objects.count() == 1
    html = page.content.decode()
    assert 'id="left-out-count">2' in html
    assert reverse("transfer:import_left_out", args=[job.pk]) in html


def test_the_job_page_makes_the_same_number_of_queries_for_few_and_many_rows(
    people, client_for, query_baseline
):
    client = client_for(people.alice)
    small = checked(people.alice, [ROWS[0], ROWS[1]])
    large = checked(people.alice, [ROWS[0], *([f"F{n}", "", "", "", ""] for n in range(250))])

    for job in (small, large):
        # session, user, two-factor devices (2), the job without its rows
        with query_baseline("job page"):
            response = client.get(reverse("transfer:import_job", args=[job.pk]))
        assert response.status_code == 200
        services.import_start(actor=people.alice, job=job)
        # once done, plus the accounts it created or updated
        with query_baseline("done job page"):
            response = client.get(reverse("transfer:import_job", args=[job.pk]))
        assert len(response.context["created_accounts"]) == min(job.total_rows, 100)


def test_importing_a_done_file_again_is_refused_with_a_message_and_changes_nothing(
    people, client_for
):
    job = checked(people.alice, ROWS[:2])
    services.import_start(actor=people.alice, job=job)
    client = client_for(people.alice)

    response = client.post(reverse("transfer:import_run", args=[job.pk]), follow=True)

    assert response.redirect_chain == [(reverse("transfer:import_job", args=[job.pk]), 302)]
    assert "This file has already been imported." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 1)
    assert Account.objects.count() == 1


def test_a_new_mapping_for_a_file_being_checked_is_refused_with_a_message(
    people, client_for, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 1
    job = upload(people.alice, ROWS[:3])
    with django_capture_on_commit_callbacks(execute=False):
        services.import_check_start(actor=people.alice, job=job)
    client = client_for(people.alice)
    data = {f"col_{i}": job.mapping[h] for i, h in enumerate(job.headers)}

    page = client.get(reverse("transfer:import_mapping", args=[job.pk]))
    response = client.post(reverse("transfer:import_mapping", args=[job.pk]), data, follow=True)

    assert page.status_code == 302
    assert "The file is still being checked. Wait until it is done." in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.validated, job.processed_rows) == (ImportStatus.VALIDATING, False, 0)


def test_the_preview_rows_are_filtered_by_problem_and_paged(people, client_for):
    rows = [ROWS[0]]
    for n in range(230):
        # every row misses its name; every tenth also has a bad VAT number
        rows.append(["", f"{10000000 + n}", BAD_VAT if n % 10 == 0 else "", "Ede", "Jansen"])
    job = checked(people.alice, rows)
    client = client_for(people.alice)
    url = reverse("transfer:import_job", args=[job.pk])

    first = client.get(url).content.decode()
    third = client.get(url, {"page": "3"}).content.decode()
    vat = client.get(url, {"problem": "vat_number"}, headers={"HX-Request": "true"})

    assert first.count('class="row-error"') == 100
    assert "Page 1 of 3" in first and 'id="row-101"' in first and 'id="row-102"' not in first
    assert third.count('class="row-error"') == 30 and 'id="row-231"' in third
    html = vat.content.decode()
    assert html.count('class="row-error"') == 23
    assert "Shown: the 23 rows with a problem in “VAT number”." in html
    assert 'id="row-2"' in html and 'id="row-3"' not in html
