"""The pipeline board: columns with their totals from one grouped query, the first cards and
more by key, the cards' warnings, moving a card (lost asks why and refuses without a reason),
whose board a manager sees; query counts fixed whatever the number of cards."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.sales.models import Opportunity, Stage, StageChange
from koers.sales.opportunities import board as pipeline
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan
from tests.sales.opportunity_factories import make_competitor, make_opportunity

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def _columns(response) -> dict[str, pipeline.Column]:
    return {c.stage: c for c in response.context["columns"]}


def _move(client, o: Opportunity, **data: str):
    url = reverse("sales:board_move", args=[o.pk])
    return client.post(url, {f"move-{k}": v for k, v in data.items()}, **HTMX)


def test_the_columns_have_the_count_and_the_total_and_weighted_values(account, people, client_for):
    make_opportunity(people.alice, account, amount=Decimal("1000"))  # prepare: 5 %
    make_opportunity(people.alice, account, amount=Decimal("2000"), probability=50)
    make_opportunity(people.alice, account, Stage.PROPOSAL, amount=Decimal("999.99"))  # 40 %
    make_opportunity(people.alice, account, Stage.WON, amount=Decimal("500"))
    make_opportunity(people.alice, account, Stage.LOST, amount=Decimal("700"))
    response = client_for(people.alice).get(reverse("sales:board"))
    assert response.status_code == 200
    columns = _columns(response)
    assert list(columns) == [
        "prepare",
        "qualify",
        "needs",
        "proposal",
        "negotiation",
        "won",
        "lost",
    ]
    prepare = columns["prepare"]
    assert (prepare.count, prepare.total, prepare.weighted) == (
        2,
        Decimal("3000.00"),
        Decimal("1050.00"),
    )
    proposal = columns["proposal"]
    assert (proposal.count, proposal.total, proposal.weighted) == (
        1,
        Decimal("999.99"),
        Decimal("400.00"),
    )
    assert (columns["won"].count, columns["won"].weighted) == (1, Decimal("500.00"))
    assert (columns["lost"].count, columns["lost"].weighted) == (1, Decimal("0.00"))
    assert columns["qualify"].count == 0 and columns["qualify"].cards == []


def test_won_and_lost_show_only_the_last_days(account, people, client_for):
    old = make_opportunity(people.alice, account, Stage.WON)
    Opportunity.objects.filter(pk=old.pk).update(closed_at=old.closed_at - timedelta(days=40))
    make_opportunity(people.alice, account, Stage.WON)
    client = client_for(people.alice)
    assert _columns(client.get(reverse("sales:board")))["won"].count == 1
    assert _columns(client.get(reverse("sales:board") + "?days=90"))["won"].count == 2
    assert _columns(client.get(reverse("sales:board") + "?days=x"))["won"].count == 1


def test_a_card_warns_of_no_next_step_a_past_close_date_and_no_decider(account, people, client_for):
    warned = make_opportunity(people.alice, account, title="Warned", close_on=date(2026, 6, 1))
    other = make_account(people.alice, "Slagerij Smit")
    decider = make_contact(other, buying_role="decider")
    plan(people.alice, other, subject="Offer talk", planned_start=at("2026-06-20"))
    fine = make_opportunity(people.alice, other, title="Fine", contacts=[decider])
    quiet = make_opportunity(people.alice, account, title="Quiet")
    # Prepare is stale after 14 days without activity and without a next step.
    long_ago = timezone.now() - timedelta(days=15)
    Opportunity.objects.filter(pk=quiet.pk).update(created_at=long_ago)
    StageChange.objects.filter(opportunity=quiet).update(at=long_ago)
    response = client_for(people.alice).get(reverse("sales:board"))
    cards = {c.title: c for c in _columns(response)["prepare"].cards}
    assert (cards["Warned"].no_next_step, cards["Warned"].past_close) == (True, True)
    assert cards["Warned"].no_decider is True
    assert (cards["Fine"].no_next_step, cards["Fine"].past_close) == (False, False)
    assert cards["Fine"].no_decider is False
    assert cards["Fine"].next_step_subject == "Offer talk"
    assert (cards["Quiet"].stale, cards["Warned"].stale, cards["Fine"].stale) == (
        True,
        False,
        False,
    )
    page = response.content.decode()
    assert "Close date past" in page and "No decider" in page and "Offer talk" in page
    assert ">Stale</span>" in page
    assert warned.pk and fine.pk


def test_a_column_loads_its_first_cards_and_more_by_key(account, people, client_for):
    for i in range(pipeline.CARDS + 3):
        make_opportunity(people.alice, account, title=f"Deal {i:02d}", close_on=date(2026, 9, 1))
    client = client_for(people.alice)
    column = _columns(client.get(reverse("sales:board")))["prepare"]
    assert (column.count, len(column.cards)) == (pipeline.CARDS + 3, pipeline.CARDS)
    assert column.after
    url = reverse("sales:board_column", args=["prepare"])
    more = client.get(url, {"after": column.after}, **HTMX)
    assert more.status_code == 200
    n = pipeline.CARDS
    expected = [f"Deal {n:02d}", f"Deal {n + 1:02d}", f"Deal {n + 2:02d}"]
    assert [c.title for c in more.context["column"].cards] == expected
    assert more.context["column"].after == ""
    assert client.get(url, {"after": "garbage"}).status_code == 400
    assert client.get(url, {"after": "2026-13-01_5"}).status_code == 400
    assert client.get(reverse("sales:board_column", args=["nowhere"])).status_code == 404


def test_won_cards_go_on_by_their_closing_moment(account, people, client_for):
    for i in range(3):
        make_opportunity(people.alice, account, Stage.WON, title=f"Won {i}")
    rows = pipeline.board_rows(people.alice, _scope_of(people.alice), 30)
    first, after = pipeline.cards(rows, Stage.WON, limit=2)
    rest, end = pipeline.cards(rows, Stage.WON, after=after, limit=2)
    assert [c.title for c in first + rest] == ["Won 2", "Won 1", "Won 0"]
    assert end == ""


def _scope_of(user):
    from koers.sales.opportunities.scope import pipeline_scope

    return pipeline_scope(user, {})


def test_dragging_to_proposal_moves_the_card_and_updates_the_headers(account, people, client_for):
    opportunity = make_opportunity(people.alice, account, amount=Decimal("1000"))
    response = _move(client_for(people.alice), opportunity, to="proposal")
    assert response.status_code == 200
    assert Opportunity.objects.get().stage == Stage.PROPOSAL
    page = response.content.decode()
    assert 'hx-swap-oob="afterbegin:#cards-proposal"' in page
    assert 'id="head-proposal" hx-swap-oob="true"' in page
    heads = {c.stage: c for c in response.context["columns"]}
    assert (heads["proposal"].count, heads["prepare"].count) == (1, 0)


def test_moving_to_lost_asks_why_and_refuses_without_a_reason(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    client = client_for(people.alice)

    asked = _move(client, opportunity, to="lost")
    assert asked.status_code == 200
    assert "Why was it lost?" in asked.content.decode()
    assert Opportunity.objects.get().stage == Stage.PREPARE

    refused = _move(client, opportunity, to="lost", lost_reason="")
    assert refused.status_code == 422
    assert refused.context["asking"].errors == {
        "lost_reason": ["Choose why the opportunity was lost."]
    }
    assert "Choose why the opportunity was lost." in refused.content.decode()
    assert Opportunity.objects.get().stage == Stage.PREPARE

    no_rival = _move(client, opportunity, to="lost", lost_reason="competitor")
    assert no_rival.status_code == 422
    assert no_rival.context["asking"].errors == {"lost_to": ["Name the competitor who won."]}

    rival = make_competitor()
    done = _move(client, opportunity, to="lost", lost_reason="competitor", lost_to=str(rival.pk))
    assert done.status_code == 200
    stored = Opportunity.objects.get()
    assert (stored.stage, stored.lost_reason, stored.lost_to) == (Stage.LOST, "competitor", rival)
    assert list(StageChange.objects.values_list("to_stage", flat=True)) == ["prepare", "lost"]


def test_a_closed_card_is_not_moved(account, people, client_for):
    opportunity = make_opportunity(people.alice, account, Stage.WON)
    response = _move(client_for(people.alice), opportunity, to="proposal")
    assert response.status_code == 422
    assert Opportunity.objects.get().stage == Stage.WON


def test_without_htmx_a_move_goes_back_to_the_board(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    url = reverse("sales:board_move", args=[opportunity.pk])
    response = client_for(people.alice).post(url + "?days=90", {"move-to": "needs"})
    assert response.status_code == 302 and response.url == reverse("sales:board") + "?days=90"
    assert Opportunity.objects.get().stage == Stage.NEEDS


def test_who_may_not_change_it_cannot_move_it(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    assert _move(client_for(people.charlie), opportunity, to="needs").status_code == 404
    assert _move(client_for(people.mark), opportunity, to="needs").status_code == 403
    assert Opportunity.objects.get().stage == Stage.PREPARE


def test_a_manager_sees_the_team_and_picks_a_colleague(account, people, client_for):
    make_opportunity(people.alice, account, title="Alice's")
    bobs = make_account(people.bob, "Bob's account")
    make_opportunity(people.bob, bobs, title="Bob's")
    south = make_account(people.charlie, "South account")
    make_opportunity(people.charlie, south, title="Charlie's")
    client = client_for(people.maria)

    def titles(query: str = "") -> set[str]:
        response = client.get(reverse("sales:board") + query)
        assert response.status_code == 200
        return {c.title for column in response.context["columns"] for c in column.cards}

    assert titles() == {"Alice's", "Bob's"}
    assert titles(f"?of=user:{people.alice.pk}") == {"Alice's"}
    # A team she does not manage, or a colleague outside her teams, is no choice.
    assert titles(f"?of=user:{people.charlie.pk}") == {"Alice's", "Bob's"}
    assert titles("?of=team:999") == {"Alice's", "Bob's"}
    # An account manager sees their own board; the parameter is no choice for them.
    response = client_for(people.bob).get(reverse("sales:board") + f"?of=user:{people.alice.pk}")
    assert {c.title for column in response.context["columns"] for c in column.cards} == {"Bob's"}


def test_the_stage_menu_lists_the_other_stages(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    response = client_for(people.alice).get(reverse("sales:board_card", args=[opportunity.pk]))
    page = response.content.decode()
    assert f'id="move-{opportunity.pk}"' in page
    assert '<option value="prepare">' not in page and '<option value="lost">' in page


@pytest.mark.parametrize("per_stage", [1, 4])
def test_the_board_makes_a_fixed_number_of_queries(
    account, people, client_for, query_baseline, per_stage
):
    decider = make_contact(account, buying_role="decider")
    plan(people.alice, account, planned_start=at("2026-06-20"))
    for stage in Stage.values:
        for i in range(per_stage):
            make_opportunity(people.alice, account, stage, title=f"{stage} {i}", contacts=[decider])
    bobs = make_account(people.bob)
    make_opportunity(people.bob, bobs)
    client = client_for(people.maria)
    client.get(reverse("sales:board"))
    with query_baseline("page"):
        client.get(reverse("sales:board"))
    opportunity = Opportunity.objects.filter(stage=Stage.PREPARE).first()
    with query_baseline("move"):
        _move(client, opportunity, to="needs")
    with query_baseline("more"):
        client.get(reverse("sales:board_column", args=["needs"]), {"after": "2026-01-01_1"})


def test_without_htmx_lost_asks_why_on_a_page_of_its_own(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    url = reverse("sales:board_move", args=[opportunity.pk])
    client = client_for(people.alice)
    asked = client.post(url, {"move-to": "lost"})
    assert asked.status_code == 200
    assert asked.templates[0].name == "sales/board_card.html"
    assert "Why was it lost?" in asked.content.decode()
    refused = client.post(url, {"move-to": "lost", "move-lost_reason": ""})
    assert refused.status_code == 422
    assert Opportunity.objects.get().stage == Stage.PREPARE
    done = client.post(url, {"move-to": "lost", "move-lost_reason": "timing"})
    assert done.status_code == 302
    assert Opportunity.objects.get().stage == Stage.LOST
