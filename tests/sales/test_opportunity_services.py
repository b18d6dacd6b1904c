"""Creating an opportunity with its DMU, the estimate's lines, the credit split, competitors
and the qualification; each refusal names its field and changes nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from koers.sales.models import Competitor, DealContact, Opportunity, OpportunityMember
from koers.sales.opportunities import services
from tests.factories import make_account, make_contact
from tests.sales.factories import agree, make_product
from tests.sales.opportunity_factories import CLOSE_ON, make_competitor, make_opportunity


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def test_it_copies_role_and_attitude_from_the_positions(account, people):
    els = make_contact(account, first_name="Els", buying_role="decider", attitude="supporter")
    jan = make_contact(account, first_name="Jan", buying_role="buyer", attitude="critic")
    deal = services.opportunity_create(
        actor=people.alice,
        account=account,
        title="Ovens",
        close_on=CLOSE_ON,
        contacts=[els, jan],
        amount=Decimal("12500.00"),
    )
    rows = list(
        DealContact.objects.filter(opportunity=deal).values_list(
            "contact", "buying_role", "attitude"
        )
    )
    assert rows == [(els.pk, "decider", "supporter"), (jan.pk, "buyer", "critic")]
    assert (deal.owner, deal.amount, deal.owner_share) == (people.alice, Decimal("12500.00"), 100)
    # Editing the deal's DMU leaves the account's DMU alone.
    row = DealContact.objects.get(opportunity=deal, contact=jan)
    services.deal_contact_update(
        actor=people.alice, deal_contact=row, buying_role="influencer", attitude="neutral"
    )
    assert jan.positions.get().buying_role == "buyer"


def test_it_refuses_a_contact_from_another_account(account, people):
    stranger = make_contact(make_account(people.charlie))
    with pytest.raises(ValidationError) as refused:
        services.opportunity_create(
            actor=people.alice, account=account, title="X", close_on=CLOSE_ON, contacts=[stranger]
        )
    assert list(refused.value.message_dict) == ["contacts"]
    assert not Opportunity.objects.exists()


def test_who_may_create(account, people):
    for someone in (people.charlie, people.mark, people.bob):
        with pytest.raises(PermissionDenied):
            services.opportunity_create(
                actor=someone, account=account, title="X", close_on=CLOSE_ON
            )
    assert not Opportunity.objects.exists()
    by_manager = services.opportunity_create(
        actor=people.maria, account=account, title="X", close_on=CLOSE_ON
    )
    assert by_manager.owner == people.alice


def test_lines_are_priced_for_the_account_and_summed_in_cents(account, people):
    shelf = make_product(list_price=Decimal("10.00"))
    oven = make_product(list_price=Decimal("1999.99"))
    agree(account, shelf, "8.34")
    deal = services.opportunity_create(
        actor=people.alice,
        account=account,
        title="Ovens",
        close_on=CLOSE_ON,
        lines=[(shelf, Decimal("3")), (oven, Decimal("1.5"))],
    )
    lines = list(deal.lines.values_list("unit_price", "amount", "price_source"))
    assert lines == [
        (Decimal("8.34"), Decimal("25.02"), "agreed"),
        (Decimal("1999.99"), Decimal("2999.99"), "list_price"),
    ]
    assert Opportunity.objects.get(pk=deal.pk).amount == Decimal("3025.01")
    changed = services.opportunity_update(
        actor=people.alice,
        opportunity=deal,
        expected_version=deal.version,
        data={"amount": Decimal("1")},
        lines=[(shelf, Decimal("1"))],
    )
    assert changed.amount == Decimal("8.34")


def test_credit_split_adds_up_to_100(account, people):
    deal = make_opportunity(people.alice, account)
    with pytest.raises(ValidationError) as refused:
        services.opportunity_members_set(
            actor=people.alice,
            opportunity=deal,
            owner_share=Decimal("60"),
            members=[(people.bob, Decimal("30"))],
        )
    assert refused.value.message_dict == {
        "members": ["The shares add up to 90 %; they must add up to 100 %."]
    }
    assert not OpportunityMember.objects.exists()
    services.opportunity_members_set(
        actor=people.alice,
        opportunity=deal,
        owner_share=Decimal("60"),
        members=[(people.bob, Decimal("25")), (people.ingrid, Decimal("15"))],
    )
    stored = Opportunity.objects.get(pk=deal.pk)
    assert stored.owner_share == Decimal("60")
    assert sorted(OpportunityMember.objects.values_list("user__username", "share")) == [
        ("bob", Decimal("25.00")),
        ("ingrid", Decimal("15.00")),
    ]
    with pytest.raises(ValidationError):
        services.opportunity_members_set(
            actor=people.alice,
            opportunity=deal,
            owner_share=Decimal("50"),
            members=[(people.alice, Decimal("50"))],
        )


def test_competitors_are_kept_by_marketing_and_administrators(people):
    with pytest.raises(PermissionDenied):
        services.competitor_add(actor=people.alice, data={"name": "Rivaal"})
    rival = services.competitor_add(actor=people.mark, data={"name": " Rivaal ", "website": ""})
    assert rival.name == "Rivaal"
    services.competitor_update(actor=people.admin, competitor=rival, data={"active": False})
    assert not Competitor.objects.get().active


def test_it_refuses_a_retired_competitor(account, people):
    deal = make_opportunity(people.alice, account)
    retired = Competitor.objects.create(name="Oud", active=False)
    with pytest.raises(ValidationError) as refused:
        services.opportunity_competitors_set(
            actor=people.alice, opportunity=deal, competitors=[retired]
        )
    assert list(refused.value.message_dict) == ["competitors"]
    services.opportunity_competitors_set(
        actor=people.alice, opportunity=deal, competitors=[make_competitor()]
    )
    assert [c.name for c in deal.competitors.all()] == ["Rivaal BV"]


def test_qualification_scores_and_stop_needs_a_reason(account, people):
    deal = make_opportunity(people.alice, account)
    with pytest.raises(ValidationError) as refused:
        services.opportunity_qualify(actor=people.alice, opportunity=deal, scores={"q_fit": 4})
    assert list(refused.value.message_dict) == ["q_fit"]
    with pytest.raises(ValidationError) as refused:
        services.opportunity_qualify(
            actor=people.alice, opportunity=deal, scores={"q_fit": 2}, decision="stop"
        )
    assert list(refused.value.message_dict) == ["decision_reason"]
    qualified = services.opportunity_qualify(
        actor=people.alice,
        opportunity=Opportunity.objects.get(pk=deal.pk),
        scores={"q_budget": 3, "q_need": 2, "q_fit": 1},
        decision="continue",
    )
    stored = Opportunity.objects.get(pk=qualified.pk)
    assert (stored.qualification_score, stored.decision, stored.version) == (6, "continue", 2)


def test_the_negotiation_room_is_approved_by_a_manager(account, people):
    deal = make_opportunity(people.alice, account)
    deal = services.opportunity_update(
        actor=people.alice,
        opportunity=deal,
        expected_version=deal.version,
        data={"room_max_discount": Decimal("10"), "room_concessions": "60 days to pay"},
    )
    with pytest.raises(PermissionDenied):
        services.opportunity_room_approve(actor=people.alice, opportunity=deal)
    approved = services.opportunity_room_approve(actor=people.maria, opportunity=deal)
    assert approved.room_approved_by == people.maria
    changed = services.opportunity_update(
        actor=people.alice,
        opportunity=deal,
        expected_version=approved.version,
        data={"room_max_discount": Decimal("15")},
    )
    assert changed.room_approved_by is None
