"""A campaign's results on hand-made data with known answers (decision 140).

The fair's selection over the file (tests/campaigns/file.py): anna (Noord, alice) and carl
(Zuid, charlie) included; otto opted out, nina without consent, erik without an address.
A mailing went to anna (sent, she clicked, replied and unsubscribed) and carl (bounced). At
the fair alice recorded anna, charlie a new prospect. alice's lead became an opportunity won
for € 12.000; charlie made one of € 5.000 for Zuid by hand. Actual cost € 4.000; goals: 4
responses, 2 leads, 2 opportunities, € 10.000.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.campaigns import lead_services, mailing_services, responses, services
from koers.campaigns.models import Campaign, MailingSend, SendStatus
from koers.campaigns.results import campaign_results
from koers.campaigns.selection import Criteria
from koers.sales.models import Opportunity, Stage
from koers.sales.opportunities.services.opportunities import opportunity_create
from koers.sales.opportunities.services.stages import opportunity_stage_change
from tests.campaigns.lead_helpers import make_fair, record
from tests.campaigns.mailing_helpers import TEXTS
from tests.core.administration import signed_in_admin


@pytest.fixture
def fair(people, file):
    fair = make_fair(
        people,
        goal_responses=4,
        goal_leads=2,
        goal_opportunities=2,
        goal_revenue=Decimal("10000"),
    )
    services.selection_save(actor=people.mark, campaign=fair, criteria=Criteria())
    services.selection_freeze(actor=people.mark, campaign=fair)
    mailing = mailing_services.mailing_create(actor=people.mark, campaign=fair, data=TEXTS)
    now = timezone.now()
    anna = MailingSend.objects.create(
        mailing=mailing,
        contact=file.anna,
        account=file.noord,
        status=SendStatus.SENT,
        email="anna@example.nl",
        sent_at=now,
        unsubscribed_at=now,
    )
    carl = MailingSend.objects.create(
        mailing=mailing,
        contact=file.carl,
        account=file.zuid,
        status=SendStatus.SENT,
        email="carl@example.nl",
        sent_at=now,
    )
    responses.record_bounce(target=str(carl.pk))
    responses.record_click(anna.pk)
    responses.mark_replied(actor=people.mark, send=anna)
    lead = record(people.alice, fair, email="anna@example.nl", company="Noord")
    record(people.charlie, fair, name="Piet Nieuw", company="Nieuw BV")
    won = lead_services.lead_convert(actor=people.alice, lead=lead)
    Opportunity.objects.filter(pk=won.pk).update(amount=Decimal("12000"))
    won.refresh_from_db()
    opportunity_stage_change(actor=people.alice, opportunity=won, to=Stage.WON)
    opportunity_create(
        actor=people.charlie,
        account=file.zuid,
        title="Koeling",
        close_on=timezone.localdate() + timedelta(days=30),
        amount=Decimal("5000"),
        source="campaign",
        campaign=fair,
    )
    return fair


def test_every_figure_has_its_known_value(people, fair):
    results = campaign_results(fair)

    assert (results.selected, results.included) == (5, 2)
    assert results.excluded == {
        "erased": 0,
        "opted_out": 1,
        "no_consent": 1,
        "no_email": 1,
        "removed": 0,
    }
    assert (results.sent, results.bounced, results.unsubscribed) == (2, 1, 1)
    assert results.responded == 2  # anna (click, reply, lead) and the prospect (lead)
    assert results.responses == {"click": 1, "reply": 1, "registration": 0, "lead": 2}
    assert (results.registered, results.attended) == (None, None)
    assert (results.leads, results.opportunities, results.won) == (2, 2, 1)
    assert results.won_revenue == Decimal("12000.00")
    assert results.cost_per_lead == Decimal("2000.00")
    assert results.return_ratio == Decimal("3.00")
    assert [(str(g.label), g.share) for g in results.goals] == [
        ("Responses", 50),
        ("Leads", 100),
        ("Opportunities", 100),
        ("Won revenue", 120),
    ]
    assert [(r.name, r.sent, r.responded, r.leads, r.opportunities) for r in results.owners] == [
        (str(people.alice), 1, 1, 1, 1),
        (str(people.charlie), 1, 1, 1, 1),
    ]


def test_without_leads_or_cost_the_ratios_are_empty(people, file):
    campaign = make_fair(people, name="Leeg", actual_cost=Decimal("0"))

    results = campaign_results(campaign)

    assert (results.cost_per_lead, results.return_ratio, results.selected) == (None, None, 0)
    assert [g.share for g in results.goals] == [None, None, None, None]


def test_the_page_shows_the_figures_and_each_reader_their_rows(people, client_for, fair):
    url = reverse("campaigns:campaign_results", args=[fair.pk])

    mark = client_for(people.mark).get(url).content.decode()
    alice = client_for(people.alice).get(url).content.decode()

    assert 'id="results-revenue">€12,000.00<' in mark
    assert 'id="results-cost-per-lead">€2,000.00<' in mark
    assert 'id="results-return">3 \u00d7<' in mark
    assert 'id="results-registered">—<' in mark
    assert f'id="results-owner-{people.alice.pk}"' in mark
    assert f'id="results-owner-{people.charlie.pk}"' in mark
    assert f'id="results-owner-{people.alice.pk}"' in alice
    assert f'id="results-owner-{people.charlie.pk}"' not in alice
    assert 'class="chart"' in mark


def test_the_results_api_gives_the_same_figures(people, api, fair):
    data = api(people.mark).get(f"/campaigns/{fair.pk}/results").json()

    assert (data["selected"], data["sent"], data["bounced"], data["responded"]) == (5, 2, 1, 2)
    assert (data["won_revenue"], data["cost_per_lead"], data["return_ratio"]) == (
        "12000.00",
        "2000.00",
        "3.00",
    )
    assert data["goals"]["revenue"] == {"reached": "12000.00", "goal": "10000.00", "share": 120}
    assert data["registered"] is None
    assert len(data["per_account_manager"]) == 2
    charlie = api(people.charlie).get(f"/campaigns/{fair.pk}/results").json()
    assert [r["owner_id"] for r in charlie["per_account_manager"]] == [people.charlie.pk]


# Per persona, the account managers whose row of "per account manager" they see (None: the
# campaign is not theirs to read, a 404). alice and charlie each read the fair through their
# own accounts; maria manages alice's team; bob and ingrid read neither account.
ROWS_SEEN = {
    "alice": ["alice"],
    "bob": None,
    "charlie": ["charlie"],
    "maria": ["alice"],
    "ingrid": None,
    "mark": ["alice", "charlie"],
    "admin": ["alice", "charlie"],
}


@pytest.mark.parametrize("persona", sorted(ROWS_SEEN))
def test_each_persona_sees_the_totals_and_only_the_rows_theirs_to_see(
    people, client_for, api, fair, persona
):
    user = getattr(people, persona)
    expected = ROWS_SEEN[persona]
    names = {getattr(people, name).pk: name for name in ("alice", "charlie")}

    client = signed_in_admin(Client(), user) if persona == "admin" else client_for(user)
    page = client.get(reverse("campaigns:campaign_results", args=[fair.pk]))
    response = api(user).get(f"/campaigns/{fair.pk}/results")

    if expected is None:
        assert (page.status_code, response.status_code) == (404, 404)
        return
    html = page.content.decode()
    assert [names[pk] for pk in names if f'id="results-owner-{pk}"' in html] == expected
    assert 'id="results-responded">2<' in html  # the campaign's totals, whoever reads it
    data = response.json()
    assert sorted(names[r["owner_id"]] for r in data["per_account_manager"]) == expected
    assert (data["responded"], data["leads"], data["won_revenue"]) == (2, 2, "12000.00")
    for name in names.values():
        if name not in expected:
            assert str(getattr(people, name)) not in html  # no colleague named


def test_the_campaigns_owner_sees_every_account_managers_row(people, client_for, api, fair):
    Campaign.objects.filter(pk=fair.pk).update(owner=people.alice)

    html = client_for(people.alice).get(reverse("campaigns:campaign_results", args=[fair.pk]))
    data = api(people.alice).get(f"/campaigns/{fair.pk}/results").json()

    assert f'id="results-owner-{people.charlie.pk}"' in html.content.decode()
    assert sorted(r["owner_id"] for r in data["per_account_manager"]) == sorted(
        [people.alice.pk, people.charlie.pk]
    )


def test_the_results_make_a_fixed_number_of_queries(people, client_for, api, fair, query_baseline):
    client = client_for(people.mark)
    token_client = api(people.mark)

    with query_baseline("results page"):
        client.get(reverse("campaigns:campaign_results", args=[fair.pk]))
    with query_baseline("results api"):
        token_client.get(f"/campaigns/{fair.pk}/results")
