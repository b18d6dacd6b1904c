"""The sales team's own Excel file of issue 9, built here: Dutch headers, a parent-company column,
several contacts per account, unknown owner and segment names, Dutch buying roles, a formula
cell, an impossible phone number, a blank name and an empty row."""

from __future__ import annotations

import io

from django.urls import reverse

from koers.accounts.models import Account, Contact, Position
from koers.transfer import services
from koers.transfer.models import ImportJob
from tests.factories import make_segment
from tests.transfer.helpers import read_xlsx, row_errors, signed_in, xlsx_bytes

HEADER = [
    "Klantnummer",
    "Bedrijfsnaam",
    "KvK-nummer",
    "Moederbedrijf",
    "Plaats",
    "Telefoon",
    "Accountmanager",
    "Segment",
    "Voornaam",
    "Achternaam",
    "E-mail contactpersoon",
    "DMU",
]
ROWS = [
    # a branch before its parent, named by its name
    [
        "K2",
        "Jumbo Ede",
        "",
        "Jumbo Holding",
        "Ede",
        "",
        "Jan de Vries",
        "Retail",
        "Anna",
        "Smit",
        "anna@jumbo-ede.nl",
        "Beïnvloeder",
    ],
    [
        "K1",
        "Jumbo Holding",
        "10000001",
        "",
        "Veghel",
        "",
        "Jan de Vries",
        "Retail",
        "Frits",
        "van Eerd",
        "frits@jumbo.nl",
        "Beslisser",
    ],
    # a second contact of Jumbo Ede
    [
        "K2",
        "Jumbo Ede",
        "",
        "Jumbo Holding",
        "Ede",
        "",
        "Jan de Vries",
        "Retail",
        "Piet",
        "Bos",
        "piet@jumbo-ede.nl",
        "Inkoper",
    ],
    # a branch named by the parent's customer number
    [
        "K5",
        "Jumbo Epe",
        "",
        "K1",
        "Epe",
        "",
        "jan de vries",
        "retail",
        "Ria",
        "Vos",
        "",
        "gebruiker",
    ],
    [
        "K3",
        "Café De Hoek",
        "",
        "",
        "Zwolle",
        "",
        "Els Bakker",
        "Horeca",
        "Kees",
        "Hoek",
        "kees@dehoek.nl",
        "Beslisser",
    ],
    ["K4", "Bakkerij Krul", "", "", "Ede", "12345", "Els Bakker", "Horeca", "", "", "", ""],
    ["K6", '=B3&" BV"', "", "", "Ede", "", "Els Bakker", "Horeca", "", "", "", ""],
    ["K7", "", "", "", "Ede", "", "Els Bakker", "", "", "", "", ""],
    [],
]
LEFT_OUT = [7, 8, 9]


def test_the_messy_file_comes_in_with_value_mappings_chains_and_contacts(people, client_for):
    make_segment("Retail")
    foodservice = make_segment("Foodservice")
    maria = people.maria
    content = xlsx_bytes([HEADER, *ROWS])
    job = services.import_upload(actor=maria, upload=io.BytesIO(content), name="klanten.xlsx")
    job = services.import_check_start(actor=maria, job=job)
    assert job.mapping["Moederbedrijf"] == "parent"
    values = {e["value"]: e["guess"] for e in job.error_report["values"]["owner"]}
    assert values == {"Jan de Vries": "", "Els Bakker": ""}

    services.import_set_options(
        actor=maria,
        job=job,
        values={
            "owner": {"jandevries": str(people.alice.pk), "elsbakker": str(people.bob.pk)},
            "segment": {"horeca": str(foodservice.pk)},
        },
        save_as="Klantenbestand",
    )
    job = services.import_check_start(actor=maria, job=job)
    report = job.error_report
    assert sorted(row_errors(job)) == LEFT_OUT
    assert set(row_errors(job)[7]) == {"phone"}
    assert set(row_errors(job)[8]) == {"name"}
    assert (report["create"], report["same"], report["branches"], report["chains"]) == (4, 1, 2, 1)

    job = services.import_start(actor=maria, job=job)

    accounts = {a.name: a for a in Account.objects.select_related("parent", "owner", "segment")}
    assert {
        name: (a.parent and a.parent.name, a.owner.username, a.segment.name)
        for name, a in accounts.items()
    } == {
        "Jumbo Holding": (None, "alice", "Retail"),
        "Jumbo Ede": ("Jumbo Holding", "alice", "Retail"),
        "Jumbo Epe": ("Jumbo Holding", "alice", "Retail"),
        "Café De Hoek": (None, "bob", "Foodservice"),
    }
    roles = dict(Position.objects.values_list("contact__last_name", "buying_role"))
    assert roles == {
        "Smit": "influencer",
        "van Eerd": "decider",
        "Bos": "buyer",
        "Vos": "user",
        "Hoek": "decider",
    }
    assert Position.objects.filter(account=accounts["Jumbo Ede"]).count() == 2

    # The file of rows left out holds exactly those rows, with their problems.
    client = signed_in(client_for(maria), maria)
    response = client.get(reverse("transfer:import_left_out", args=[job.pk]))
    table = read_xlsx(response.content)
    assert [row[0] for row in table[1:]] == ["K4", "K6", "K7"]
    assert all(row[-1] for row in table[1:])

    # Corrected in Excel and uploaded again: those rows come in, nothing is added twice.
    fixed = [list(table[0][:-1])]
    for row, name in zip(table[1:], ["Bakkerij Krul", "Krul BV", "Krul Twee"], strict=True):
        cells = [c or "" for c in row[:-1]]
        cells[1], cells[5] = name, ""
        fixed.append(cells)
    again = services.import_upload(
        actor=maria, upload=io.BytesIO(xlsx_bytes(fixed)), name="klanten-left-out.xlsx"
    )
    again = services.import_check_start(actor=maria, job=again)
    assert again.error_report["errors"] == 0, again.error_report["rows"]
    again = services.import_start(actor=maria, job=again)
    assert again.created_count == 3
    assert Account.objects.count() == 7

    # The same corrected file once more updates (nothing) and creates nothing.
    once_more = services.import_upload(
        actor=maria, upload=io.BytesIO(xlsx_bytes(fixed)), name="klanten-left-out.xlsx"
    )
    once_more = services.import_start(
        actor=maria, job=services.import_check_start(actor=maria, job=once_more)
    )
    assert (once_more.created_count, once_more.updated_count) == (0, 0)
    assert (Account.objects.count(), Contact.objects.count()) == (7, 5)
    assert ImportJob.objects.count() == 3
