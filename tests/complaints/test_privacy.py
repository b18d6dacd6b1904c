"""The person's rights cover complaints (decision 62): the export lists the complaints they made
and those whose text, steps, tasks or comments name them; the erasure leaves their name nowhere
in complaints or their history, while the complaints stay for the indicators."""

from __future__ import annotations

from koers.accounts import services as account_services
from koers.complaints import services
from koers.complaints.models import Complaint, ComplaintStatus
from tests.accounts.test_privacy import NAME, _leftovers, anna  # noqa: F401  (fixture)
from tests.complaints.factories import make_complaint

FULL = f"Annabel {NAME}"


def _complaints(people, anna):  # noqa: F811
    account = anna.positions.get().account
    made = make_complaint(
        people.alice, account, contact=anna, description=f"{FULL} got broken pallets"
    )
    services.complaint_solve(actor=people.alice, complaint=made, solution=f"Called {FULL} back")
    named = make_complaint(people.alice, account, description="Late delivery")
    services.complaint_comment(actor=people.alice, complaint=named, text=f"{FULL} called too")
    make_complaint(people.alice, account, description="Nothing about her")
    return made, named


def test_the_export_lists_the_complaints_of_and_about_the_person(people, anna):  # noqa: F811
    made, named = _complaints(people, anna)

    data = account_services.contact_personal_data(user=people.maria, contact=anna)

    rows = data["complaints"]
    assert [(r["id"], r["made_by_the_person"]) for r in rows] == [
        (made.pk, True),
        (named.pk, False),
    ]
    assert "got broken pallets" in rows[0]["text"] and "Called" in rows[0]["text"]
    assert f"{FULL} called too" in rows[1]["text"]


def test_after_erasure_no_complaint_names_the_person(people, anna):  # noqa: F811
    made, named = _complaints(people, anna)
    version = Complaint.objects.get(pk=made.pk).version

    account_services.contact_erase(actor=people.admin, contact=anna, reason="Request")

    assert _leftovers(NAME, "Annabel") == []
    kept = Complaint.objects.get(pk=made.pk)
    assert (kept.description, kept.solution, kept.status) == (
        "Verwijderd got broken pallets",
        "Called Verwijderd back",
        ComplaintStatus.SOLVED,
    )
    assert kept.contact == anna
    assert kept.version == version + 1
    assert named.comments.get().text == "Verwijderd called too"
