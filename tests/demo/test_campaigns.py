"""The demo's campaigns: a frozen New Year's mailing with a contact removed by hand and the
exclusions by consent, and a trade fair with a live selection."""

from __future__ import annotations

from koers.campaigns.models import Campaign, SelectionMember


def test_the_demo_has_a_frozen_mailing_and_a_live_trade_fair(demo):
    mailing = Campaign.objects.get(name="Nieuwjaarsmailing")
    fair = Campaign.objects.get(name="Vakbeurs Noord")

    assert (mailing.kind, mailing.selection.state) == ("mailing", "frozen")
    assert (fair.kind, fair.selection.state) == ("trade_fair", "live")
    assert mailing.selection.included > 0
    reasons = set(
        SelectionMember.objects.filter(selection=mailing.selection).values_list("reason", flat=True)
    )
    assert {"", "removed", "no_consent"} <= reasons
    assert "2 campaigns (a frozen mailing to" in demo
