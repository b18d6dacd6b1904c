"""The person's rights cover the gifts register (decision 62): the export lists the gifts given
to or received from them; the erasure clears the personal interest a gift played on and their
name in the gifts' text and history, while the gifts (what, value, who on our side) stay."""

from __future__ import annotations

from decimal import Decimal

from koers.accounts import services as account_services
from koers.gifts.models import Gift
from tests.accounts.test_privacy import NAME, _leftovers, anna  # noqa: F401  (fixture)
from tests.gifts.factories import record

FULL = f"Annabel {NAME}"


def _gifts(people, anna):  # noqa: F811
    account = anna.positions.get().account
    given = record(
        people.alice,
        account,
        anna,
        description="Zeilboek",
        value=Decimal("35"),
        occasion=f"Verjaardag van {FULL}",
        interest="Zeilen",
    )
    received = record(people.alice, account, anna, description="Kerstpakket", direction="received")
    return given, received


def test_the_export_lists_the_gifts_with_the_person(people, anna):  # noqa: F811
    given, received = _gifts(people, anna)

    data = account_services.contact_personal_data(user=people.maria, contact=anna)

    rows = data["gifts"]
    assert [(r["record"], r["id"], r["direction"]) for r in rows] == [
        ("gift", given.pk, "given"),
        ("gift", received.pk, "received"),
    ]
    assert (rows[0]["interest"], rows[0]["value"]) == ("Zeilen", "35.00")
    assert rows[0]["what"].startswith("Given by us: Zeilboek")


def test_after_erasure_the_gifts_stay_without_the_person(people, anna):  # noqa: F811
    given, _received = _gifts(people, anna)

    account_services.contact_erase(actor=people.admin, contact=anna, reason="Request")

    assert _leftovers(NAME, "Annabel", "Zeilen") == []
    kept = Gift.objects.get(pk=given.pk)
    assert (kept.description, kept.value, kept.interest, kept.occasion) == (
        "Zeilboek",
        Decimal("35.00"),
        "",
        "Verjaardag van Verwijderd",
    )
    assert kept.version > given.version  # a form opened before cannot save the interest back
    assert Gift.objects.filter(contact=anna).count() == 2
