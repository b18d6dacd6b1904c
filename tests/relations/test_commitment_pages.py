"""Commitments on the account and contact pages: the open ones earliest first, overdue ones
marked; made, done, cancelled or moved (with the reason) in place; read-only for whoever may
only read the account."""

from __future__ import annotations

from datetime import date

import time_machine
from django.urls import reverse

from koers.relations import services
from koers.relations.models import CommitmentDirection, CommitmentStatus, DueDateChange
from tests.factories import make_account, make_contact

NOW = "2026-12-09 12:00 +01:00"


def promise(people, account, what="Send the price list", due=date(2026, 12, 20), contact=None):
    return services.commitment_make(
        actor=people.alice,
        account=account,
        direction=CommitmentDirection.OURS,
        description=what,
        due_date=due,
        contact=contact,
    )


@time_machine.travel(NOW, tick=False)
def test_the_account_shows_its_open_commitments_overdue_first_and_marked(people, client_for):
    account = make_account(people.alice, "Bakkerij Jansen")
    promise(people, account, "Later", date(2026, 12, 20))
    late = promise(people, account, "Too late", date(2026, 12, 1))
    done = promise(people, account, "Done already", date(2026, 12, 5))
    services.commitment_done(actor=people.alice, commitment=done)

    panel = client_for(people.alice).get(
        reverse("relations:account_commitments", args=[account.pk])
    )

    assert [c.description for c in panel.context["commitments"]] == ["Too late", "Later"]
    html = panel.content.decode()
    assert f'<li class="commitment late" id="commitment-{late.pk}">' in html
    assert html.count("Overdue") == 1
    assert "Make the commitment" in html


def test_alice_makes_one_on_the_account_page(people, client_for):
    account = make_account(people.alice, "Bakkerij Jansen")
    jan = make_contact(account, first_name="Jan", last_name="de Vries")

    panel = client_for(people.alice).post(
        reverse("relations:commitment_new", args=[account.pk]),
        {
            "direction": "theirs",
            "description": "Volumes",
            "contact": jan.pk,
            "due_date": "2026-12-20",
        },
        HTTP_HX_REQUEST="true",
    )

    (made,) = panel.context["commitments"]
    assert (made.direction, made.contact, made.due_date) == ("theirs", jan, date(2026, 12, 20))


@time_machine.travel(NOW, tick=False)
def test_done_with_a_note_in_one_tap(people, client_for):
    commitment = promise(people, make_account(people.alice, "Bakkerij Jansen"))

    line = client_for(people.alice).post(
        reverse("relations:commitment_done", args=[commitment.pk]),
        {"note": "Mailed"},
        HTTP_HX_REQUEST="true",
    )

    commitment.refresh_from_db()
    assert (commitment.status, commitment.done_date, commitment.done_note) == (
        CommitmentStatus.DONE,
        date(2026, 12, 9),
        "Mailed",
    )
    assert "Done on" in line.content.decode()


def test_a_new_due_date_needs_a_reason_and_is_kept(people, client_for):
    commitment = promise(people, make_account(people.alice, "Bakkerij Jansen"))
    url = reverse("relations:commitment_due_date", args=[commitment.pk])
    client = client_for(people.alice)

    refused = client.post(
        url,
        {"due_date": "2027-01-10", "reason": "", "version": commitment.version},
        HTTP_HX_REQUEST="true",
    )
    moved = client.post(
        url,
        {"due_date": "2027-01-10", "reason": "Waiting for stock", "version": commitment.version},
        HTTP_HX_REQUEST="true",
    )

    assert "Why: This field is required." in refused.content.decode()
    commitment.refresh_from_db()
    assert commitment.due_date == date(2027, 1, 10)
    change = DueDateChange.objects.get()
    assert (change.old_due_date, change.reason, change.changed_by) == (
        date(2026, 12, 20),
        "Waiting for stock",
        people.alice,
    )
    assert moved.status_code == 200


def test_cancel_and_the_contact_page(people, client_for):
    account = make_account(people.alice, "Bakkerij Jansen")
    jan = make_contact(account, first_name="Jan", last_name="de Vries")
    kept = promise(people, account, "For Jan", contact=jan)
    gone = promise(people, account, "Never mind", contact=jan)
    client = client_for(people.alice)

    client.post(reverse("relations:commitment_cancel", args=[gone.pk]), HTTP_HX_REQUEST="true")
    panel = client.get(reverse("relations:contact_commitments", args=[jan.pk]))

    assert [c.pk for c in panel.context["commitments"]] == [kept.pk]


def test_marketing_reads_but_changes_nothing(people, client_for):
    commitment = promise(people, make_account(people.alice, "Bakkerij Jansen"))
    client = client_for(people.mark)

    panel = client.get(reverse("relations:account_commitments", args=[commitment.account_id]))
    refused = client.post(reverse("relations:commitment_done", args=[commitment.pk]))

    assert "Send the price list" in panel.content.decode()
    assert 'name="note"' not in panel.content.decode()
    assert refused.status_code == 403
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.OPEN
