"""Pipeline movement from the weekly snapshots (decision 142): the snapshot taken once per
ISO week, kept as intervals; what moved between two dates per persona, each figure's list
adding up to it; the page, the API and the management command."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import timezone

from koers.core import schedule
from koers.core.models import Role
from koers.insights import figures, registry
from koers.insights.models import PipelineSnapshot, PipelineState
from koers.insights.periods import Period
from koers.insights.snapshots import snapshot_take
from koers.insights.views import drill_total
from tests.factories import make_user
from tests.insights.pipeline_world import NOVEMBER, WEEK_A, WEEK_B, build

NOV = Period.of("month", date(2026, 11, 1))
KEYS = ("pipeline_new", "pipeline_advanced", "pipeline_slipped", "pipeline_won", "pipeline_lost")
ALICE = dict(zip(KEYS, (D("500"), D("1000"), D("2000"), D("3000"), D("4000")), strict=True))
# Team North: alice's and bob's (D6 700 both advanced and slipped).
MARIA = dict(zip(KEYS, (D("500"), D("1700"), D("2700"), D("3000"), D("4000")), strict=True))
CHARLIE = dict(zip(KEYS, (D("9000"), D(0), D(0), D(0), D(0)), strict=True))


@pytest.fixture
def pipe(people):
    return build(people)


def _mine(user) -> dict[str, D | None]:
    found = {f.indicator.key: f.value for f in figures.my_figures(user, NOV, compare=False)}
    return {k: found[k] for k in KEYS}


def test_a_snapshot_keeps_unchanged_deals_in_one_row(pipe):
    assert (pipe.first.week, pipe.first.opportunities, pipe.first.added) == (WEEK_A, 6, 6)
    # At B: D1, D2, D6 changed, D5 and D7 new, D8 unchanged (its row now runs to B).
    assert (pipe.second.opportunities, pipe.second.extended, pipe.second.added) == (6, 1, 5)
    d8 = PipelineState.objects.get(opportunity=pipe.deals["D8"])
    assert (d8.first_week, d8.last_week) == (WEEK_A, WEEK_B)
    assert PipelineState.objects.count() == 11
    d1 = PipelineState.objects.filter(opportunity=pipe.deals["D1"]).order_by("first_week")
    assert [(s.stage, s.weighted) for s in d1] == [
        ("qualify", D("500.00")),
        ("proposal", D("500.00")),
    ]


def test_the_week_is_taken_once_on_a_retry(pipe):
    again = snapshot_take(day=date(2026, 11, 20))  # Friday of the week of 16 November
    assert again.created is False
    assert PipelineState.objects.count() == 11
    assert PipelineSnapshot.objects.count() == 2


def test_the_daily_job_takes_the_week_once(people):
    build(people)
    monday = timezone.make_aware(datetime(2026, 11, 23, 2))
    assert "pipeline_snapshot" in schedule.enqueue_due(monday)
    assert PipelineSnapshot.objects.filter(week=date(2026, 11, 23)).count() == 1
    rows = PipelineState.objects.count()
    # Later that day the job is not started again; a retry by hand on Tuesday changes nothing.
    assert "pipeline_snapshot" not in schedule.enqueue_due(monday.replace(hour=9))
    schedule.run_now("pipeline_snapshot", date(2026, 11, 24))
    assert PipelineState.objects.count() == rows
    assert PipelineSnapshot.objects.count() == 3


def test_alice_sees_what_moved_in_her_pipeline(pipe):
    assert _mine(pipe.people.alice) == ALICE


def test_maria_sees_team_north_and_charlie_only_south(pipe):
    assert _mine(pipe.people.maria) == MARIA
    assert _mine(pipe.people.charlie) == CHARLIE


def test_inside_sales_on_no_account_team_counts_nothing(pipe):
    assert set(_mine(pipe.people.ingrid).values()) == {D(0)}


def test_the_administrator_counts_everything(pipe):
    assert _mine(pipe.people.admin)["pipeline_new"] == D("9500")  # D5 and charlie's D7


def test_nothing_moved_when_both_dates_have_the_same_snapshot(pipe):
    week = Period.of("week", date(2026, 11, 2))  # both dates fall on snapshot A
    found = {
        f.indicator.key: f.value for f in figures.my_figures(pipe.people.alice, week, compare=False)
    }
    assert all(found[k] == 0 for k in KEYS)


def test_before_the_first_snapshot_nothing_is_new(pipe):
    october = Period.of("month", date(2026, 10, 1))  # no snapshot on or before 1 October
    found = {
        f.indicator.key: f.value
        for f in figures.my_figures(pipe.people.alice, october, compare=False)
    }
    assert found["pipeline_new"] == 0


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("who", ["alice", "maria"])
def test_the_rows_behind_a_movement_add_up_to_it(pipe, key, who):
    user = getattr(pipe.people, who)
    drill = registry.get(key).drill(user, NOV, user.pk if who == "alice" else None)
    assert drill_total(drill) == (ALICE if who == "alice" else MARIA)[key]


def test_the_page_links_each_figure_to_its_rows(pipe, client_for):
    client = client_for(pipe.people.maria)
    bob = pipe.people.bob.pk
    page = client.get(f"/insights/pipeline/?{NOVEMBER}")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="snapshots-compared"' in html and "week of 2026-10-26" in html
    assert 'data-movement="slipped"' in html and "€2,700" in html
    assert f'href="/insights/drill/pipeline_slipped/?{NOVEMBER.replace("&", "&amp;")}' in html
    one = client.get(f"/insights/pipeline/?{NOVEMBER}&person={bob}").content.decode()
    assert "€700" in one and "€2,700" not in one
    rows = client.get(f"/insights/drill/pipeline_slipped/?{NOVEMBER}&person={bob}")
    assert 'id="drill-total">€700' in rows.content.decode()


def test_a_team_narrows_the_figure_and_its_rows(pipe, client_for):
    team = pipe.people.alice.teams.get().pk
    # The sales director reads every team and picks one.
    client = client_for(make_user("sara", role=Role.SALES_DIRECTOR))
    html = client.get(f"/insights/drill/pipeline_new/?{NOVEMBER}&team={team}").content.decode()
    assert 'id="drill-figure">€500' in html and 'id="drill-total">€500' in html
    everything = client.get(f"/insights/drill/pipeline_new/?{NOVEMBER}").content.decode()
    assert 'id="drill-total">€9,500' in everything
    # The dashboard's team filter: the team's figures, each a link to the team's rows.
    board = client.get(f"/insights/?{NOVEMBER}&team={team}").content.decode()
    assert (
        f"/insights/drill/pipeline_new/?{NOVEMBER.replace('&', '&amp;')}&amp;team={team}" in board
    )
    assert "€500" in board and "€9,500" not in board


def test_an_account_manager_cannot_read_a_colleagues_pipeline(pipe, client_for):
    bob = pipe.people.bob.pk
    html = client_for(pipe.people.charlie).get(f"/insights/pipeline/?{NOVEMBER}&person={bob}")
    assert "€700" not in html.content.decode()
    api = client_for(pipe.people.charlie).get(
        f"/api/v1/insights/pipeline-movement?{NOVEMBER}&person={bob}"
    )
    moved = {m["key"]: m["value"] for m in api.json()["moved"]}
    assert moved == {
        "new": "9000.00",
        "advanced": "0.00",
        "slipped": "0.00",
        "won": "0.00",
        "lost": "0.00",
    }


def test_the_api_answers_the_same_figures(pipe, client_for):
    body = (
        client_for(pipe.people.maria).get(f"/api/v1/insights/pipeline-movement?{NOVEMBER}").json()
    )
    assert (body["start_week"], body["end_week"]) == ("2026-10-26", "2026-11-16")
    moved = {m["key"]: (m["count"], m["value"]) for m in body["moved"]}
    assert moved == {
        "new": (1, "500.00"),
        "advanced": (2, "1700.00"),
        "slipped": (2, "2700.00"),
        "won": (1, "3000.00"),
        "lost": (1, "4000.00"),
    }
    unknown = client_for(pipe.people.maria).get("/api/v1/insights/pipeline-movement?team=999999")
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "team"


def test_the_command_takes_a_snapshot_now(people):
    out = io.StringIO()
    call_command("pipeline_snapshot", "--date", "2026-11-18", stdout=out)
    assert "week of 2026-11-16: 0 open opportunities" in out.getvalue()
    call_command("pipeline_snapshot", "--date", "2026-11-19", stdout=out)
    assert "taken already" in out.getvalue()
    assert PipelineSnapshot.objects.count() == 1


def test_the_pipeline_page_makes_a_fixed_number_of_queries(pipe, client_for, query_baseline):
    client = client_for(pipe.people.maria)
    client.get("/insights/pipeline/")
    with query_baseline("pipeline"):
        client.get(f"/insights/pipeline/?{NOVEMBER}")
