"""The demo's campaigns: a frozen New Year's mailing with a contact removed by hand and the
exclusions by consent, sent last month with a few unsubscribes, and a trade fair with a live
selection."""

from __future__ import annotations

from koers.campaigns.models import Campaign, Mailing, MailingSend, SelectionMember


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
    assert "2 campaigns (a mailing sent to" in demo


def test_the_demo_mailing_went_last_month_with_some_unsubscribes(demo):
    mailing = Mailing.objects.get(campaign__name="Nieuwjaarsmailing")
    sends = MailingSend.objects.filter(mailing=mailing)

    assert mailing.status == "sent"
    assert sends.count() == mailing.campaign.selection.included
    assert set(sends.values_list("status", flat=True)) == {"sent", "bounced"}  # decision 140
    unsubscribed = sends.filter(unsubscribed_at__isnull=False)
    assert unsubscribed.count() == 3
    assert all(send.contact.opted_out for send in unsubscribed.select_related("contact"))
