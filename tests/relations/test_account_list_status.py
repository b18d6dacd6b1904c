"""The contact status on the account list: a filter, a column with its sort, and the export
columns, added by relations to the list that accounts owns."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from koers.relations.models import ActivityKind, ContactState
from tests.factories import make_account
from tests.relations.test_norms import NOW, log
from tests.transfer.helpers import read_xlsx

LIST = reverse("accounts:account_list")


def names(response) -> list[str]:
    return [a.name for a in response.context["page_obj"].object_list]


def portfolio(people):
    """Overdue (A, last call 2 Nov + 28 = 30 Nov), due soon (A, 20 Nov + 28 = 18 Dec) and on
    track (B, 1 Dec + 56 = 26 Jan); today is 9 Dec."""
    cold = make_account(people.alice, "Koud", tier="A")
    soon = make_account(people.alice, "Bijna", tier="A")
    warm = make_account(people.alice, "Warm", tier="B")
    log(people, cold, kind=ActivityKind.VISIT, day="2026-11-02")
    log(people, soon, day="2026-11-20")
    log(people, warm, day="2026-12-01")
    return cold, soon, warm


@time_machine.travel(NOW, tick=False)
def test_the_account_list_filters_on_contact_status(people, client_for):
    portfolio(people)
    client = client_for(people.alice)

    assert names(client.get(LIST, {"contact_status": "overdue"})) == ["Koud"]
    assert names(client.get(LIST, {"contact_status": "due_soon"})) == ["Bijna"]
    assert names(client.get(LIST, {"contact_status": "on_track"})) == ["Warm"]


@time_machine.travel(NOW, tick=False)
def test_accounts_without_a_status_yet_are_found_as_not_known(people, client_for):
    cold, _soon, _warm = portfolio(people)
    ContactState.objects.filter(account=cold).delete()

    response = client_for(people.alice).get(LIST, {"contact_status": "none"})

    assert names(response) == ["Koud"]
    assert '<span class="muted">—</span>' in response.content.decode()


@time_machine.travel(NOW, tick=False)
def test_the_column_shows_the_due_date_and_sorts_the_coldest_first(people, client_for):
    portfolio(people)
    people.alice.language = "en"
    people.alice.save()

    response = client_for(people.alice).get(LIST, {"sort": "contact_due"})

    assert names(response) == ["Koud", "Bijna", "Warm"]
    html = response.content.decode()
    assert '<span class="contact-status contact-overdue" title="Overdue">' in html
    assert "Contact due" in html
    assert names(client_for(people.alice).get(LIST, {"sort": "-contact_due"})) == [
        "Warm",
        "Bijna",
        "Koud",
    ]


@time_machine.travel(NOW, tick=False)
def test_the_export_holds_the_filtered_rows_with_their_status(people, client_for):
    portfolio(people)
    people.alice.language = "en"
    people.alice.save()

    response = client_for(people.alice).get(
        reverse("transfer:export_accounts_xlsx"), {"contact_status": "overdue"}
    )

    rows = read_xlsx(response.content)
    assert rows[0][-3:] == ["Contact status", "Contact due", "Koers id"]
    assert [(r[0], r[-3]) for r in rows[1:]] == [("Koud", "Overdue")]
