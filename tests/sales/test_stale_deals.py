"""Stale deals: the list's (and the API's) filter `stale` is the board's mark, one rule: open,
no next step, no activity done and no stage move for the stage's days. A manager sees their
team's, an account manager their own; the board links to its scope's stale deals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.relations import services as relations
from koers.sales.models import Opportunity, Stage, StageChange, StageSetting
from koers.sales.opportunities import services, stale
from tests.factories import make_account
from tests.relations.factories import plan
from tests.sales.opportunity_factories import make_opportunity


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def _quiet(opportunity: Opportunity, days: int = 15) -> None:
    """Made and last moved `days` ago (prepare is stale after 14)."""
    long_ago = timezone.now() - timedelta(days=days)
    Opportunity.objects.filter(pk=opportunity.pk).update(created_at=long_ago)
    StageChange.objects.filter(opportunity=opportunity).update(at=long_ago)


@pytest.fixture
def deals(account, people):
    """Quiet (stale), Planned (a next step), Moved (a recent stage move), Touched (an activity
    done 3 days ago), Won (closed), and Charlie's quiet deal at another team's account."""
    quiet = make_opportunity(people.alice, account, title="Quiet")
    planned = make_opportunity(people.alice, account, title="Planned")
    moved = make_opportunity(people.alice, account, title="Moved")
    touched = make_opportunity(people.alice, account, title="Touched")
    won = make_opportunity(people.alice, account, Stage.WON, title="Won")
    for deal in (quiet, planned, moved, touched, won):
        _quiet(deal)
    plan(people.alice, account, subject="Demo", links={"opportunity": planned.pk})
    services.opportunity_stage_change(actor=people.alice, opportunity=moved, to=Stage.QUALIFY)
    _quiet(moved, days=15)
    StageChange.objects.filter(opportunity=moved, to_stage=Stage.QUALIFY).update(
        at=timezone.now() - timedelta(days=1)
    )
    done = plan(
        people.alice,
        account,
        subject="Call",
        planned_start=timezone.now() - timedelta(days=3),
        links={"opportunity": touched.pk},
    )
    relations.activity_complete(actor=people.alice, activity=done, outcome="")
    south = make_account(people.charlie, "Slagerij Zuid")
    elsewhere = make_opportunity(people.charlie, south, title="Elsewhere")
    _quiet(elsewhere)
    return {"quiet": quiet, "elsewhere": elsewhere}


def _titles(response) -> list[str]:
    return [o.title for o in response.context["page_obj"].object_list]


def test_the_list_shows_the_stale_deals_that_the_board_marks(deals, people, client_for):
    client = client_for(people.alice)
    listed = client.get(reverse("sales:opportunity_list"), {"stale": "on"})
    assert _titles(listed) == ["Quiet"]
    assert ">Stale</span>" in listed.content.decode()
    board = client.get(reverse("sales:board"))
    cards = {c.title: c.stale for col in board.context["columns"] for c in col.cards}
    assert cards == {
        "Quiet": True,
        "Planned": False,
        "Moved": False,
        "Touched": False,
        "Won": False,
    }


def test_a_manager_sees_the_stale_deals_of_the_team_and_not_of_another(deals, people, client_for):
    client = client_for(people.maria)
    team = people.alice.teams.get()
    listed = client.get(reverse("sales:opportunity_list"), {"stale": "on", "team": team.pk})
    assert _titles(listed) == ["Quiet"]
    everything = client.get(reverse("sales:opportunity_list"), {"stale": "on"})
    assert "Elsewhere" not in _titles(everything)
    board = client.get(reverse("sales:board")).content.decode()
    assert f"?team={team.pk}&amp;stale=on" in board
    # Picking Alice on the board (HTMX) brings the link along, out of band.
    picked = client.get(
        reverse("sales:board"), {"of": f"user:{people.alice.pk}"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert 'id="board-links" hx-swap-oob="true"' in picked
    assert f"?owner={people.alice.pk}&amp;stale=on" in picked


def test_an_account_manager_sees_only_their_own(deals, people, client_for):
    listed = client_for(people.charlie).get(reverse("sales:opportunity_list"), {"stale": "on"})
    assert _titles(listed) == ["Elsewhere"]


def test_a_stage_without_days_is_never_stale(deals, people, client_for):
    from koers.sales.models import StageSetting

    StageSetting.objects.filter(stage=Stage.PREPARE).update(stale_after_days=0)
    listed = client_for(people.alice).get(reverse("sales:opportunity_list"), {"stale": "on"})
    assert _titles(listed) == []


def test_the_api_filters_and_marks_the_stale_deals(deals, people, api):
    found = api(people.alice).get("/opportunities", {"stale": "true"}).json()
    assert [(o["title"], o["stale"]) for o in found["results"]] == [("Quiet", True)]
    everything = api(people.alice).get("/opportunities").json()["results"]
    assert {o["title"]: o["stale"] for o in everything}["Planned"] is False


@pytest.mark.parametrize("days", [0, 1, 2, 14, 30])
def test_a_page_marks_the_deals_that_the_filter_finds(deals, days):
    """The rule in Python (the marks of a page, the board and the API) and in SQL (the
    filter) give the same deals, whatever the stages' days."""
    StageSetting.objects.update(stale_after_days=days)
    limits, now = stale.stale_days(), timezone.now()
    rows = Opportunity.objects.all()
    filtered = set(stale.only_stale(rows, limits, now).values_list("pk", flat=True))
    marked = {o.pk for o in stale.touch_columns(rows) if stale.is_stale(o, limits, now)}
    assert marked == filtered
    assert (deals["quiet"].pk in marked) == (0 < days <= 14)


@pytest.mark.parametrize("rows", [1, 4])
def test_the_stale_list_makes_a_fixed_number_of_queries(
    account, people, client_for, query_baseline, rows
):
    for i in range(rows):
        _quiet(make_opportunity(people.alice, account, title=f"Deal {i}"))
    client = client_for(people.maria)
    client.get(reverse("sales:opportunity_list"), {"stale": "on"})
    with query_baseline("page"):
        response = client.get(reverse("sales:opportunity_list"), {"stale": "on"})
    assert len(_titles(response)) == rows
