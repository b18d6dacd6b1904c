"""The register's rules: approval above the limit (not at or below it), only the giver's team
manager decides and a refusal by anyone else changes nothing, received gifts above the limit
are flagged to the manager, each e-mail goes once."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.lifecycle import TransitionRefused
from koers.gifts import queries, services
from koers.gifts.mail import send_decision, send_flag
from koers.gifts.models import Gift, GiftStatus, current_limit
from tests.factories import make_account, make_contact
from tests.gifts.factories import record

pytestmark = pytest.mark.usefixtures("_today")


@pytest.fixture
def _today():
    with time_machine.travel(date(2026, 12, 5), tick=False):
        yield


def _snapshot(gift: Gift) -> tuple:
    gift = Gift.objects.get(pk=gift.pk)
    return (gift.status, gift.decided_by_id, gift.decision_comment, gift.version)


def test_the_limit_is_fifty_euros_until_the_administrator_sets_one(people):
    assert current_limit() == Decimal("50.00")

    services.gift_limit_set(actor=people.admin, limit=Decimal("75"))

    assert current_limit() == Decimal("75.00")


@pytest.mark.parametrize("persona", ["alice", "maria", "ingrid", "mark"])
def test_only_an_administrator_sets_the_limit(people, persona):
    with pytest.raises(NotAllowed):
        services.gift_limit_set(actor=getattr(people, persona), limit=Decimal("500"))

    assert current_limit() == Decimal("50.00")


@pytest.mark.parametrize("value", ["0", "30.00", "50.00"])
def test_a_given_gift_at_or_below_the_limit_needs_no_approval(people, account, anna, value):
    gift = record(people.alice, account, anna, value=Decimal(value))

    assert (gift.status, gift.above_limit, gift.limit) == (
        GiftStatus.GIVEN,
        False,
        Decimal("50.00"),
    )
    assert list(queries.awaiting_decision(people.maria)) == []


def test_a_gift_below_the_limit_with_a_date_ahead_is_planned_and_then_given(people, account, anna):
    gift = record(people.alice, account, anna, date=date(2026, 12, 20))
    assert gift.status == GiftStatus.PLANNED

    services.gift_mark_given(actor=people.alice, gift=gift)

    assert Gift.objects.get(pk=gift.pk).status == GiftStatus.GIVEN


def test_a_given_gift_above_the_limit_waits_for_the_managers_approval(people, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("120.00"))

    assert (gift.status, gift.above_limit) == (GiftStatus.REQUESTED, True)
    assert list(queries.awaiting_decision(people.maria)) == [gift]
    assert queries.decisions_count(people.maria) == 1
    with pytest.raises(TransitionRefused, match="awaits the manager's approval"):
        services.gift_mark_given(actor=people.alice, gift=gift)
    assert Gift.objects.get(pk=gift.pk).status == GiftStatus.REQUESTED


def test_the_team_manager_approves_and_the_giver_is_told_once(
    people, account, anna, django_capture_on_commit_callbacks
):
    people.alice.email = "alice@example.com"
    people.alice.save()
    gift = record(people.alice, account, anna, value=Decimal("120.00"))

    with django_capture_on_commit_callbacks(execute=True):
        services.gift_approve(actor=people.maria, gift=gift, comment="Fine, a good customer")

    gift.refresh_from_db()
    assert (gift.status, gift.decided_by, gift.decision_comment) == (
        GiftStatus.APPROVED,
        people.maria,
        "Fine, a good customer",
    )
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "has approved your gift “Bottle of wine” for Bakkerij Jansen" in mail.outbox[0].body
    assert "€120.00" in mail.outbox[0].body
    assert send_decision(gift.pk) is False  # the task run again
    assert len(mail.outbox) == 1

    services.gift_mark_given(actor=people.alice, gift=gift)
    assert Gift.objects.get(pk=gift.pk).status == GiftStatus.GIVEN


def test_a_refusal_needs_a_reason_and_is_final(people, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("120.00"))

    with pytest.raises(TransitionRefused, match="Say why"):
        services.gift_refuse(actor=people.maria, gift=gift, comment="  ")
    assert _snapshot(gift)[0] == GiftStatus.REQUESTED

    services.gift_refuse(actor=people.maria, gift=gift, comment="Too much for this account")
    gift.refresh_from_db()
    assert (gift.status, gift.decision_comment) == (
        GiftStatus.REFUSED,
        "Too much for this account",
    )
    with pytest.raises(TransitionRefused, match="A refused gift is not given"):
        services.gift_mark_given(actor=people.alice, gift=gift)
    with pytest.raises(ValidationError, match="record a new one"):
        services.gift_update(
            actor=people.alice, gift=gift, expected_version=gift.version, data={"value": 40}
        )


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "ingrid", "mark", "admin"])
@pytest.mark.parametrize("decision", ["approve", "refuse"])
def test_only_the_givers_team_manager_decides_and_a_refusal_changes_nothing(
    people, account, anna, persona, decision
):
    gift = record(people.alice, account, anna, value=Decimal("120.00"))
    before = _snapshot(gift)

    with pytest.raises(NotAllowed):
        getattr(services, f"gift_{decision}")(
            actor=getattr(people, persona), gift=gift, comment="No"
        )

    assert _snapshot(gift) == before
    assert list(queries.awaiting_decision(getattr(people, persona))) == []


def test_the_manager_of_another_team_does_not_decide(people):
    charlie_bv = make_account(people.charlie, "Charlie BV")
    carl = make_contact(charlie_bv, first_name="Carl")
    gift = record(people.charlie, charlie_bv, carl, value=Decimal("80"))
    before = _snapshot(gift)

    with pytest.raises(NotAllowed):
        services.gift_approve(actor=people.maria, gift=gift)

    assert _snapshot(gift) == before
    sam = people.charlie.teams.get().manager
    services.gift_approve(actor=sam, gift=gift)
    assert Gift.objects.get(pk=gift.pk).status == GiftStatus.APPROVED


def test_a_manager_giving_a_gift_is_decided_by_an_administrator(people, account, anna):
    gift = record(people.maria, account, anna, value=Decimal("120"))

    with pytest.raises(NotAllowed):
        services.gift_approve(actor=people.maria, gift=gift)
    services.gift_approve(actor=people.admin, gift=gift)

    assert Gift.objects.get(pk=gift.pk).decided_by == people.admin


def test_a_decided_gift_cannot_be_decided_again(people, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("120.00"))
    services.gift_approve(actor=people.maria, gift=gift)
    before = _snapshot(gift)

    with pytest.raises(TransitionRefused, match="Only a gift awaiting approval"):
        services.gift_refuse(actor=people.maria, gift=gift, comment="Changed my mind")

    assert _snapshot(gift) == before


def test_a_received_gift_above_the_limit_is_flagged_to_the_manager_once(
    people, account, anna, django_capture_on_commit_callbacks
):
    people.maria.email = "maria@example.com"
    people.maria.save()

    with django_capture_on_commit_callbacks(execute=True):
        gift = record(
            people.alice,
            account,
            anna,
            direction="received",
            kind="hospitality",
            description="Box at the football",
            value=Decimal("250.00"),
        )

    assert (gift.status, gift.flagged) == (GiftStatus.RECEIVED, True)
    assert list(queries.flagged_for(people.maria)) == [gift]
    assert queries.decisions_count(people.maria) == 1
    assert [m.to for m in mail.outbox] == [["maria@example.com"]]
    assert "Alice Tester received “Box at the football” from Bakkerij Jansen" in mail.outbox[0].body
    assert send_flag(gift.pk) == 0
    assert len(mail.outbox) == 1

    services.gift_note(actor=people.maria, gift=gift)
    assert list(queries.flagged_for(people.maria)) == []
    assert queries.decisions_count(people.maria) == 0


def test_a_received_gift_at_the_limit_is_not_flagged(
    people, account, anna, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gift = record(people.alice, account, anna, direction="received", value=Decimal("50"))

    assert (gift.status, gift.flagged) == (GiftStatus.RECEIVED, False)
    assert list(queries.flagged_for(people.maria)) == []
    assert mail.outbox == []


def test_raising_an_approved_gifts_value_asks_again(people, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("80"))
    gift = services.gift_approve(actor=people.maria, gift=gift)

    gift = services.gift_update(
        actor=people.alice, gift=gift, expected_version=gift.version, data={"value": Decimal("95")}
    )

    assert (gift.status, gift.decided_by) == (GiftStatus.REQUESTED, None)


def test_lowering_a_requested_gift_to_the_limit_no_longer_waits(people, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("80"), date=date(2026, 12, 20))

    gift = services.gift_update(
        actor=people.alice, gift=gift, expected_version=gift.version, data={"value": Decimal("45")}
    )

    assert (gift.status, gift.above_limit) == (GiftStatus.PLANNED, False)


def test_a_given_gift_cannot_be_raised_above_the_limit_afterwards(people, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("40"))
    before = _snapshot(gift)

    with pytest.raises(ValidationError, match="only after the manager's approval"):
        services.gift_update(
            actor=people.alice, gift=gift, expected_version=gift.version, data={"value": 400}
        )

    assert _snapshot(gift) == before


def test_a_stale_change_is_refused(people, account, anna):
    gift = record(people.alice, account, anna)
    services.gift_update(
        actor=people.alice, gift=gift, expected_version=1, data={"occasion": "Christmas"}
    )

    with pytest.raises(StaleVersionError):
        services.gift_update(
            actor=people.alice, gift=gift, expected_version=1, data={"occasion": "Birthday"}
        )

    assert Gift.objects.get(pk=gift.pk).occasion == "Christmas"


@pytest.mark.parametrize("persona", ["bob", "charlie", "ingrid", "mark"])
def test_who_may_not_change_the_account_records_nothing(people, account, anna, persona):
    with pytest.raises(NotAllowed):
        record(getattr(people, persona), account, anna)

    assert Gift.objects.count() == 0


def test_the_contact_must_work_at_the_account(people, account):
    elsewhere = make_contact(make_account(people.alice, "Other"), first_name="Olga")

    with pytest.raises(ValidationError) as refused:
        record(people.alice, account, elsewhere)

    assert refused.value.message_dict == {
        "contact": ["Choose a contact who works at this account."]
    }
    assert Gift.objects.count() == 0
