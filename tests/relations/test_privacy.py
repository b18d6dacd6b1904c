"""The person's rights cover relationship care: the export holds the activities they took part
in with their reports, the commitments with them and the free text naming them; the erasure
leaves their name nowhere in activities, reports, commitments, comments or their history."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from koers.accounts import services as account_services
from koers.relations import services
from koers.relations.models import Activity, Commitment, CommitmentDirection
from tests.accounts.test_privacy import NAME, _leftovers, anna  # noqa: F401  (fixture)
from tests.core.administration import signed_in_admin
from tests.relations.factories import at, plan

FULL = f"Annabel {NAME}"


def history_with_anna(people, anna):  # noqa: F811
    account = anna.positions.get().account
    visit = plan(people.alice, account, contacts=[anna], subject=f"Kennismaking {FULL}")
    report = services.report_write(
        actor=people.alice,
        activity=visit,
        data={"discussed": f"{FULL} wants weekly deliveries.", "agreements": "Send prices"},
    )
    services.report_comment(actor=people.maria, report=report, text=f"Ask {FULL} about volume")
    services.commitment_make(
        actor=people.alice,
        account=account,
        direction=CommitmentDirection.OURS,
        description="Send the price list",
        contact=anna,
        due_date=date(2026, 12, 20),
    )
    other = plan(
        people.alice, account, subject="Call the warehouse", planned_start=at("2026-12-10")
    )
    services.activity_complete(actor=people.alice, activity=other, outcome=f"{FULL} was out")
    return visit, other


def test_the_export_holds_what_relations_keeps_about_the_person(people, anna):  # noqa: F811
    visit, other = history_with_anna(people, anna)

    data = account_services.contact_personal_data(user=people.maria, contact=anna)

    rows = data["relationship_care"]
    assert [(r["record"], r["id"]) for r in rows] == [
        ("activity", visit.pk),
        ("commitment", Commitment.objects.get().pk),
        ("activity", other.pk),
        ("report_comment", rows[3]["id"]),
    ]
    assert "wants weekly deliveries" in rows[0]["text"]
    assert rows[1]["what"] == "We promised: Send the price list"
    assert f"{FULL} was out" in rows[2]["text"]


def test_the_readable_export_shows_them(people, client, anna):  # noqa: F811
    history_with_anna(people, anna)

    page = signed_in_admin(client, people.admin).get(
        reverse("accounts:contact_personal_data_page", kwargs={"pk": anna.pk})
    )

    html = page.content.decode()
    assert 'id="personal-relationship_care"' in html
    assert "wants weekly deliveries" in html


def test_after_erasure_relations_holds_nothing_that_names_the_person(people, anna):  # noqa: F811
    visit, other = history_with_anna(people, anna)
    assert _leftovers(NAME)
    version = Activity.objects.get(pk=other.pk).version

    account_services.contact_erase(actor=people.admin, contact=anna, reason="Request")

    assert _leftovers(NAME, "Annabel") == []
    assert list(Activity.objects.get(pk=visit.pk).contacts.all()) == [anna]
    assert Activity.objects.get(pk=other.pk).outcome == "Verwijderd was out"
    assert Activity.objects.get(pk=other.pk).version == version + 1
