"""Why a deal was won (decision 155): an optional reason from the list and a note, asked where a
deal is marked won (the opportunity's stage form, the board's question, the API's stage change),
kept in the history, cleared by reopening; winning without one goes on working."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.sales.models import Opportunity, Stage, StageChange
from koers.sales.opportunities import services
from tests.factories import make_account
from tests.sales.opportunity_factories import make_opportunity

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def deal(people):
    return make_opportunity(
        people.alice, make_account(people.alice, "Bakkerij Bos"), stage=Stage.NEGOTIATION
    )


def _stored(deal: Opportunity) -> tuple:
    o = Opportunity.objects.get(pk=deal.pk)
    return (o.stage, o.won_on, o.won_reason, o.won_note)


def test_won_with_a_reason_records_it_in_the_history(deal, people):
    services.opportunity_stage_change(
        actor=people.alice,
        opportunity=deal,
        to=Stage.WON,
        won_reason="service",
        won_note="  Their old supplier never called back.  ",
    )
    assert _stored(deal) == (
        Stage.WON,
        date(2026, 6, 15),
        "service",
        "Their old supplier never called back.",
    )
    last = Opportunity.objects.get(pk=deal.pk).history.first()
    assert (last.won_reason, last.stage, last.history_user) == ("service", Stage.WON, people.alice)


def test_won_without_a_reason_still_wins(deal, people):
    services.opportunity_stage_change(actor=people.alice, opportunity=deal, to=Stage.WON)
    assert _stored(deal) == (Stage.WON, date(2026, 6, 15), "", "")


def test_a_reason_not_on_the_list_is_refused_and_nothing_changes(deal, people):
    with pytest.raises(ValidationError) as refused:
        services.opportunity_stage_change(
            actor=people.alice, opportunity=deal, to=Stage.WON, won_reason="luck"
        )
    assert refused.value.message_dict == {"won_reason": ["Choose a reason from the list."]}
    assert _stored(deal) == (Stage.NEGOTIATION, None, "", "")
    assert StageChange.objects.filter(opportunity=deal).count() == 1


def test_a_reason_won_is_ignored_when_the_deal_is_lost(deal, people):
    services.opportunity_stage_change(
        actor=people.alice, opportunity=deal, to=Stage.LOST, lost_reason="price", won_reason="price"
    )
    stored = Opportunity.objects.get(pk=deal.pk)
    assert (stored.stage, stored.lost_reason, stored.won_reason) == (Stage.LOST, "price", "")


def test_reopening_clears_the_reason_won(deal, people):
    won = services.opportunity_stage_change(
        actor=people.alice, opportunity=deal, to=Stage.WON, won_reason="price", won_note="Cheap"
    )
    services.opportunity_reopen(
        actor=people.maria, opportunity=won, to=Stage.NEGOTIATION, reason="They called back"
    )
    assert _stored(deal) == (Stage.NEGOTIATION, None, "", "")
    assert list(deal.history.values_list("won_reason", flat=True)[:2]) == ["", "price"]


def test_the_page_marks_it_won_with_the_reason_and_shows_it(deal, people, client_for):
    client = client_for(people.alice)
    url = reverse("sales:opportunity_stage", args=[deal.pk])
    response = client.post(
        url,
        {"stage-to": "won", "stage-won_reason": "quality", "stage-won_note": "Best ovens tested"},
    )
    assert response.status_code == 302
    assert _stored(deal) == (Stage.WON, date(2026, 6, 15), "quality", "Best ovens tested")
    page = client.get(reverse("sales:opportunity_detail", args=[deal.pk])).content.decode()
    assert 'id="won-reason">Quality<br><span class="prewrap">Best ovens tested</span>' in page


def test_the_page_shows_a_bad_reason_next_to_the_field(deal, people, client_for):
    url = reverse("sales:opportunity_stage", args=[deal.pk])
    response = client_for(people.alice).post(url, {"stage-to": "won", "stage-won_reason": "luck"})
    assert response.status_code == 422
    assert list(response.context["stage_form"].errors) == ["won_reason"]
    assert _stored(deal) == (Stage.NEGOTIATION, None, "", "")


def test_the_stage_form_offers_the_reasons_won(deal, people, client_for):
    page = client_for(people.alice).get(reverse("sales:opportunity_detail", args=[deal.pk]))
    html = page.content.decode()
    assert 'name="stage-won_reason"' in html and '<option value="delivery">Delivery time' in html


def _move(client, o: Opportunity, **data: str):
    url = reverse("sales:board_move", args=[o.pk])
    return client.post(url, {f"move-{k}": v for k, v in data.items()}, **HTMX)


def test_the_board_asks_why_it_was_won_and_takes_the_answer(deal, people, client_for):
    client = client_for(people.alice)
    asked = _move(client, deal, to="won")
    assert asked.status_code == 200
    html = asked.content.decode()
    assert "Why was it won?" in html and 'name="move-won_reason"' in html
    assert _stored(deal)[0] == Stage.NEGOTIATION

    done = _move(client, deal, to="won", won_reason="relationship", won_note="Ten years")
    assert done.status_code == 200
    assert _stored(deal) == (Stage.WON, date(2026, 6, 15), "relationship", "Ten years")
    assert list(StageChange.objects.values_list("to_stage", flat=True)) == ["negotiation", "won"]


def test_the_board_wins_it_when_the_question_is_left_empty(deal, people, client_for):
    done = _move(client_for(people.alice), deal, to="won", won_reason="")
    assert done.status_code == 200
    assert _stored(deal) == (Stage.WON, date(2026, 6, 15), "", "")


def test_the_api_wins_it_with_the_reason_and_returns_it(deal, people, api):
    client = api(people.alice)
    response = client.post(
        f"/opportunities/{deal.pk}/stage",
        {"stage": "won", "won_reason": "product_fit", "won_note": "Fits their line"},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["stage"], body["won_reason"], body["won_note"]) == (
        "won",
        "product_fit",
        "Fits their line",
    )
    assert _stored(deal) == (Stage.WON, date(2026, 6, 15), "product_fit", "Fits their line")
    assert client.get(f"/opportunities/{deal.pk}").json()["won_reason"] == "product_fit"


def test_the_api_names_a_bad_reason_and_wins_without_one(deal, people, api):
    client = api(people.alice)
    refused = client.post(f"/opportunities/{deal.pk}/stage", {"stage": "won", "won_reason": "x"})
    assert refused.status_code == 422
    assert "won_reason" in str(refused.json())
    assert _stored(deal) == (Stage.NEGOTIATION, None, "", "")
    won = client.post(f"/opportunities/{deal.pk}/stage", {"stage": "won"})
    assert won.status_code == 200, won.json()
    assert (won.json()["won_reason"], won.json()["won_note"]) == (None, "")
