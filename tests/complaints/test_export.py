"""The complaint list as a file: the list's filters and scope, in CSV and XLSX, in a fixed number
of queries."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from koers.complaints.models import ComplaintStatus
from tests.complaints.factories import make_complaint
from tests.factories import make_account, make_contact
from tests.sales.factories import make_group, make_product
from tests.transfer.helpers import read_xlsx

S = ComplaintStatus


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=text.split("\n")[0][len("Received")]))


def test_the_export_takes_the_lists_filters_and_scope(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    anna = make_contact(alpha, first_name="Anna", last_name="Bakker")
    make_complaint(people.alice, alpha, description="Broken pallets", contact=anna)
    make_complaint(people.alice, alpha, S.VERIFIED, description="Late invoice")
    make_complaint(
        people.charlie, make_account(people.charlie, "Charlie BV"), description="Not hers"
    )
    client = client_for(people.alice)

    rows = _csv(client.get(reverse("complaints:complaint_export_csv"), {"status": "open"}))

    assert rows[0][:5] == ["Received", "Account", "Branch", "Contact", "Category"]
    assert rows[0][-1] == "Koers id"
    assert [(r[1], r[3], r[9], r[13]) for r in rows[1:]] == [
        ("Alpha", "Anna Bakker", "Broken pallets", "Received")
    ]


def test_the_xlsx_export_has_every_complaint_one_may_read(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    make_complaint(people.alice, alpha, S.SOLVED, description="Broken pallets")
    make_complaint(people.charlie, make_account(people.charlie, "Charlie BV"), description="Other")

    response = client_for(people.maria).get(reverse("complaints:complaint_export_xlsx"))
    rows = read_xlsx(response.content)

    assert response["Content-Disposition"].startswith('attachment; filename="complaints')
    assert [(r[1], r[9], r[13], r[17]) for r in rows[1:]] == [
        ("Alpha", "Broken pallets", "Solved", "New pallets")
    ]


def test_the_export_names_the_catalogue_product_and_group_and_the_text(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    minced = make_product("RU-101", name_en="Minced beef")
    make_complaint(people.alice, alpha, product=minced)
    make_complaint(people.alice, alpha, product_group=make_group("GEVO", name_en="Poultry"))
    make_complaint(people.alice, alpha, product_name="Crates")

    rows = _csv(client_for(people.alice).get(reverse("complaints:complaint_export_csv")))

    assert rows[0][5:9] == [
        "Product code",
        "Product",
        "Product group",
        "Product not in the catalogue",
    ]
    assert sorted(tuple(r[5:9]) for r in rows[1:]) == [
        ("", "", "", "Crates"),
        ("", "", "Poultry", ""),
        ("RU-101", "Minced beef", "", ""),
    ]


def test_the_list_page_offers_the_export_with_its_filters(people, client_for):
    page = client_for(people.alice).get(reverse("complaints:complaint_list"), {"status": "open"})

    html = page.content.decode()
    assert f"{reverse('complaints:complaint_export_xlsx')}?status=open" in html
    assert f"{reverse('complaints:complaint_export_csv')}?status=open" in html


@pytest.mark.parametrize("size", [1, 5])
def test_the_export_makes_a_fixed_number_of_queries(people, client_for, query_baseline, size):
    alpha = make_account(people.alice, "Alpha")
    branch = make_account(people.alice, "Alpha Utrecht", parent=alpha)
    anna = make_contact(alpha)
    for n in range(size):
        make_complaint(people.alice, alpha, description=f"C{n}", contact=anna, branch=branch)
    client = client_for(people.alice)
    client.get(reverse("complaints:complaint_list"))

    with query_baseline("csv"):
        rows = _csv(client.get(reverse("complaints:complaint_export_csv")))
    with query_baseline("xlsx"):
        client.get(reverse("complaints:complaint_export_xlsx"))

    assert len(rows) == size + 1
