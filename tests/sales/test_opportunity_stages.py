"""The stage rules: open stages move freely, lost needs a reason, won sets the date, closed is
read-only, reopen only by a manager; probability defaults and override; the history kept."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.core.errors import StaleVersionError
from koers.sales.models import LostReason, Opportunity, Stage, StageChange, StageSetting
from koers.sales.opportunities import queries, services
from koers.sales.opportunities.lifecycle import OPPORTUNITY_LIFECYCLE, stages_after
from tests.factories import make_account, make_contact
from tests.sales.opportunity_factories import make_competitor, make_opportunity


@pytest.fixture
def deal(people):
    return make_opportunity(people.alice, make_account(people.alice, "Bakkerij Bos"))


def _fields(opportunity: Opportunity) -> tuple:
    stored = Opportunity.objects.get(pk=opportunity.pk)
    return (stored.stage, stored.version, stored.lost_reason, stored.won_on, stored.closed_at)


def test_creation_is_the_first_stage_change(deal, people):
    (change,) = StageChange.objects.filter(opportunity=deal)
    assert (change.from_stage, change.to_stage, change.by) == ("", Stage.PREPARE, people.alice)
    assert change.account_id == deal.account_id


@pytest.mark.parametrize("to", [Stage.NEGOTIATION, Stage.QUALIFY, Stage.PROPOSAL])
def test_open_stages_move_forward_and_back(deal, people, to):
    moved = services.opportunity_stage_change(actor=people.alice, opportunity=deal, to=Stage.NEEDS)
    moved = services.opportunity_stage_change(actor=people.alice, opportunity=moved, to=to)
    assert Opportunity.objects.get(pk=deal.pk).stage == to
    assert list(
        StageChange.objects.filter(opportunity=deal).values_list("from_stage", "to_stage")
    ) == [("", Stage.PREPARE), (Stage.PREPARE, Stage.NEEDS), (Stage.NEEDS, to)]
    assert moved.version == 3


def test_it_refuses_lost_without_a_reason_naming_the_field(deal, people):
    before = _fields(deal)
    with pytest.raises(ValidationError) as refused:
        services.opportunity_stage_change(actor=people.alice, opportunity=deal, to=Stage.LOST)
    assert refused.value.message_dict == {"lost_reason": ["Choose why the opportunity was lost."]}
    assert _fields(deal) == before
    assert StageChange.objects.filter(opportunity=deal).count() == 1


def test_lost_to_a_competitor_names_the_winner(deal, people):
    with pytest.raises(ValidationError) as refused:
        services.opportunity_stage_change(
            actor=people.alice, opportunity=deal, to=Stage.LOST, lost_reason="competitor"
        )
    assert list(refused.value.message_dict) == ["lost_to"]
    contact = make_contact(deal.account, first_name="Els", buying_role="decider")
    rival = make_competitor()
    lost = services.opportunity_stage_change(
        actor=people.alice,
        opportunity=deal,
        to=Stage.LOST,
        lost_reason=LostReason.COMPETITOR,
        lost_to=rival,
        price_gap=Decimal("7.5"),
        decided_by=contact,
        lost_note="They were cheaper",
    )
    stored = Opportunity.objects.get(pk=lost.pk)
    assert (stored.stage, stored.lost_reason, stored.lost_to, stored.price_gap) == (
        Stage.LOST,
        "competitor",
        rival,
        Decimal("7.5"),
    )
    assert stored.decided_by == contact and stored.closed_at is not None


def test_won_sets_the_date_today_unless_given(deal, people):
    won = services.opportunity_stage_change(actor=people.alice, opportunity=deal, to=Stage.WON)
    assert Opportunity.objects.get(pk=won.pk).won_on == date(2026, 6, 15)
    other = make_opportunity(people.alice, deal.account)
    won = services.opportunity_stage_change(
        actor=people.alice, opportunity=other, to=Stage.WON, won_on=date(2026, 6, 1)
    )
    assert Opportunity.objects.get(pk=won.pk).won_on == date(2026, 6, 1)


def test_it_refuses_a_won_date_in_the_future(deal, people):
    with pytest.raises(ValidationError) as refused:
        services.opportunity_stage_change(
            actor=people.alice, opportunity=deal, to=Stage.WON, won_on=date(2026, 7, 1)
        )
    assert list(refused.value.message_dict) == ["won_on"]
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.PREPARE


@pytest.mark.parametrize("closed", [Stage.WON, Stage.LOST])
def test_a_closed_opportunity_is_read_only(people, closed):
    deal = make_opportunity(people.alice, make_account(people.alice), stage=closed)
    before = _fields(deal)
    with pytest.raises(ValidationError) as refused:
        services.opportunity_stage_change(actor=people.alice, opportunity=deal, to=Stage.NEEDS)
    assert list(refused.value.message_dict) == ["stage"]
    with pytest.raises(ValidationError):
        services.opportunity_update(
            actor=people.alice, opportunity=deal, expected_version=deal.version, data={"title": "X"}
        )
    with pytest.raises(ValidationError):
        services.opportunity_qualify(actor=people.alice, opportunity=deal, scores={"q_fit": 2})
    assert _fields(deal) == before
    assert stages_after(closed) == []


def test_only_a_manager_reopens(people):
    deal = make_opportunity(people.alice, make_account(people.alice), stage=Stage.LOST)
    before = _fields(deal)
    with pytest.raises(PermissionDenied):
        services.opportunity_reopen(
            actor=people.alice, opportunity=deal, to=Stage.NEGOTIATION, reason="They called back"
        )
    assert _fields(deal) == before
    with pytest.raises(ValidationError) as refused:
        services.opportunity_reopen(
            actor=people.maria, opportunity=deal, to=Stage.NEGOTIATION, reason=" "
        )
    assert list(refused.value.message_dict) == ["reason"]
    reopened = services.opportunity_reopen(
        actor=people.maria, opportunity=deal, to=Stage.NEGOTIATION, reason="They called back"
    )
    stored = Opportunity.objects.get(pk=reopened.pk)
    assert (stored.stage, stored.lost_reason, stored.closed_at, stored.times_reopened) == (
        Stage.NEGOTIATION,
        "",
        None,
        1,
    )
    last = StageChange.objects.filter(opportunity=deal).last()
    assert (last.from_stage, last.to_stage, last.by, last.note) == (
        Stage.LOST,
        Stage.NEGOTIATION,
        people.maria,
        "They called back",
    )


def test_a_manager_of_another_team_cannot_reopen(people):
    sam = type(people.maria).objects.get(username="sam")
    deal = make_opportunity(people.alice, make_account(people.alice), stage=Stage.WON)
    with pytest.raises(PermissionDenied):
        services.opportunity_reopen(actor=sam, opportunity=deal, to=Stage.PROPOSAL, reason="x")
    assert Opportunity.objects.get(pk=deal.pk).stage == Stage.WON


def test_won_cannot_become_lost_directly(people):
    deal = make_opportunity(people.alice, make_account(people.alice), stage=Stage.WON)
    assert OPPORTUNITY_LIFECYCLE.refusal(deal, Stage.LOST) == (
        "A won opportunity cannot be lost: a manager can reopen it first."
    )


def test_probability_is_the_stage_default_unless_overridden(deal, people):
    settings = queries.stage_settings()
    assert queries.probability_of(deal, settings) == 5
    StageSetting.objects.filter(stage=Stage.PREPARE).update(probability=8)
    assert queries.probability_of(deal) == 8
    changed = services.opportunity_update(
        actor=people.alice,
        opportunity=deal,
        expected_version=deal.version,
        data={"probability": 30},
    )
    assert queries.probability_of(changed) == 30
    moved = services.opportunity_stage_change(
        actor=people.alice, opportunity=changed, to=Stage.PROPOSAL
    )
    assert (moved.probability, queries.probability_of(moved)) == (None, 40)


def test_it_rejects_a_stale_save(deal, people):
    services.opportunity_update(
        actor=people.alice, opportunity=deal, expected_version=1, data={"title": "First"}
    )
    with pytest.raises(StaleVersionError):
        services.opportunity_update(
            actor=people.maria, opportunity=deal, expected_version=1, data={"title": "Second"}
        )
    assert Opportunity.objects.get(pk=deal.pk).title == "First"


def test_a_colleague_of_another_team_may_not_move_it(deal, people):
    for someone in (people.charlie, people.mark):
        with pytest.raises(PermissionDenied):
            services.opportunity_stage_change(actor=someone, opportunity=deal, to=Stage.NEEDS)
    assert _fields(deal)[0] == Stage.PREPARE


def test_the_history_keeps_every_version(deal, people):
    services.opportunity_stage_change(actor=people.alice, opportunity=deal, to=Stage.NEEDS)
    history = deal.history.order_by("history_date")
    assert [h.stage for h in history] == [Stage.PREPARE, Stage.NEEDS]
    assert history.last().history_user == people.alice
