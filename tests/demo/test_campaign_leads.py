"""The demo's responses, leads and results (decision 140): the mailing sent last month has
clicks, replies and three bounces; the trade fair three weeks ago has leads of known contacts,
three of them opportunities with the fair as source, one won, so its results show revenue."""

from __future__ import annotations

from koers.campaigns.lead_models import Lead, Response
from koers.campaigns.models import Campaign, MailingSend
from koers.campaigns.results import campaign_results


def test_the_mailing_has_clicks_replies_and_bounces(demo):
    mailing = Campaign.objects.get(name="Nieuwjaarsmailing")
    kinds = set(Response.objects.filter(campaign=mailing).values_list("kind", flat=True))

    assert kinds == {"click", "reply"}
    assert MailingSend.objects.filter(mailing__campaign=mailing, status="bounced").count() == 3
    assert campaign_results(mailing).responded > 0


def test_the_past_fair_has_leads_turned_into_opportunities_one_won(demo):
    fair = Campaign.objects.get(name="Vakbeurs Techniek")
    leads = Lead.objects.filter(campaign=fair)

    assert set(leads.values_list("match", flat=True)) == {"contact"}  # the file keeps its size
    assert any(lead.owner_id != lead.recorded_by_id for lead in leads)  # a colleague's contact
    assert all(lead.follow_up_id for lead in leads)
    results = campaign_results(fair)
    assert (results.opportunities, results.won) == (3, 1)
    assert results.won_revenue > 0
    assert results.return_ratio is not None
    assert "a past trade fair with" in demo
