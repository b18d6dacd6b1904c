"""The demo's gifts: given and received by every account manager, and in team Noord one awaiting
marieke's approval, one refused, one approved and given, one received above the limit."""

from __future__ import annotations

from django.core import mail

from koers.core.models import User
from koers.gifts import queries
from koers.gifts.models import Gift, GiftStatus


def test_the_demo_has_gifts_in_every_state(demo):
    statuses = set(Gift.objects.values_list("status", flat=True))

    assert {
        GiftStatus.REQUESTED,
        GiftStatus.REFUSED,
        GiftStatus.GIVEN,
        GiftStatus.RECEIVED,
    } <= statuses
    assert "gifts and hospitality (one awaiting approval)" in demo


def test_marieke_has_one_gift_to_approve_and_one_to_note(demo):
    marieke = User.objects.get(username="marieke")

    assert [g.description for g in queries.awaiting_decision(marieke)] == ["Golfclinic voor twee"]
    assert "Diner bij de klant" in [g.description for g in queries.flagged_for(marieke)]
    refused = Gift.objects.get(status=GiftStatus.REFUSED)
    assert (refused.decided_by, refused.decision_comment) == (
        marieke,
        "Te veel: past niet bij onze gedragscode.",
    )


def test_the_demo_mails_no_one(demo):
    assert mail.outbox == []
    assert not Gift.objects.filter(flag_mailed_at__isnull=True, above_limit=True).exists()
