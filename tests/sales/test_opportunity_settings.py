"""The lists behind opportunities: competitors (marketing, administrators) and the stages'
default probability and stale period (administrators); the stage changes on the timeline."""

from __future__ import annotations

from django.urls import reverse

from koers.sales.models import Competitor, Stage, StageSetting
from koers.sales.opportunities import services
from tests.factories import make_account
from tests.sales.opportunity_factories import make_opportunity


def test_marketing_adds_and_retires_a_competitor(people, client_for):
    client = client_for(people.mark)
    url = reverse("sales:competitor_list")
    assert client.post(url, {"name": "Rivaal", "website": "rivaal.nl"}).status_code == 302
    rival = Competitor.objects.get()
    assert rival.website == "https://rivaal.nl"
    edit = reverse("sales:competitor_edit", args=[rival.pk])
    assert client.post(edit, {"name": "Rivaal BV"}).status_code == 302
    rival.refresh_from_db()
    assert (rival.name, rival.active) == ("Rivaal BV", False)
    duplicate = client.post(url, {"name": "Rivaal BV"})
    assert duplicate.status_code == 422
    assert "name" in duplicate.context["form"].errors
    assert client_for(people.alice).get(url).status_code == 403


def test_the_administrator_sets_the_stage_defaults(people, client_for):
    from django.test import Client

    from tests.core.administration import signed_in_admin

    client = signed_in_admin(Client(), people.admin)
    url = reverse("sales:stage_settings")
    data = {}
    for setting in StageSetting.objects.all():
        data[f"probability_{setting.stage}"] = str(setting.probability)
        data[f"days_{setting.stage}"] = str(setting.stale_after_days)
    bad = client.post(url, {**data, "probability_proposal": "140"})
    assert bad.status_code == 422
    assert StageSetting.objects.get(stage=Stage.PROPOSAL).probability == 40
    ok = client.post(url, {**data, "probability_proposal": "45", "days_negotiation": "10"})
    assert ok.status_code == 302
    assert StageSetting.objects.get(stage=Stage.PROPOSAL).probability == 45
    assert StageSetting.objects.get(stage=Stage.NEGOTIATION).stale_after_days == 10


def test_stage_changes_are_on_the_accounts_timeline(people, client_for):
    account = make_account(people.alice, "Bakkerij Bos")
    opportunity = make_opportunity(people.alice, account, title="Ovens")
    services.opportunity_stage_change(actor=people.alice, opportunity=opportunity, to="needs")
    response = client_for(people.alice).get(
        reverse("relations:account_timeline", args=[account.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ovens" in html and "Needs analysis" in html


def test_the_account_page_has_the_opportunities_section(people, client_for):
    account = make_account(people.alice, "Bakkerij Bos")
    response = client_for(people.alice).get(reverse("accounts:account_detail", args=[account.pk]))
    assert reverse("sales:account_opportunities", args=[account.pk]) in response.content.decode()
