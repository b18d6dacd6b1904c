"""The portfolio matrix: where accounts are placed, what each cell suggests, whose accounts a
persona sees, the pages and the API, and their query counts."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from koers.planning.models import HealthScore
from koers.planning.portfolio import jobs, matrix
from tests.factories import make_account
from tests.planning.analysis_factories import make_analysis


def _scored(actor, account, attractiveness, relationship, on=date(2026, 11, 1)):
    return make_analysis(
        actor,
        account,
        analysed_on=on,
        years=[],
        attractiveness=attractiveness,
        relationship_strength=relationship,
    )


def _counts(user, owner=None):
    grid, unscored = matrix.cells(user, owner)
    return {c.key: (c.count, c.differing) for c in grid if c.count}, unscored


@pytest.fixture
def portfolio(people):
    """Alice: an attractive account with a weak relationship still in tier C, a key account in
    tier A, one not scored; Bob (her colleague): a middling one; Charlie (South): a strong one."""
    alice_new = make_account(people.alice, "Aanwas BV", tier="C")
    key = make_account(people.alice, "Kern BV", tier="A")
    unscored = make_account(people.alice, "Nieuw BV")
    bobs = make_account(people.bob, "Bob BV", tier="B")
    charlies = make_account(people.charlie, "Charlie BV", tier="A")
    _scored(people.alice, alice_new, 5, 1)
    _scored(people.alice, key, 2, 2, on=date(2025, 11, 1))  # older: not used
    _scored(people.alice, key, 4, 5)
    make_analysis(people.alice, key, analysed_on=date(2026, 12, 1), years=[])  # not scored
    _scored(people.bob, bobs, 3, 3)
    _scored(people.charlie, charlies, 4, 4)
    return {
        "new": alice_new,
        "key": key,
        "unscored": unscored,
        "bobs": bobs,
        "charlies": charlies,
    }


def test_each_cell_suggests_a_tier_and_a_plan_type():
    assert matrix.SUGGESTIONS[("high", "low")] == ("A", "acquire")
    assert matrix.SUGGESTIONS[("medium", "medium")] == ("B", "grow")
    assert matrix.SUGGESTIONS[("high", "high")] == ("A", "retain")
    assert matrix.SUGGESTIONS[("low", "high")] == ("C", "retain")
    assert [matrix.band_of(s) for s in (1, 2, 3, 4, 5, None)] == [
        "low",
        "low",
        "medium",
        "high",
        "high",
        "none",
    ]


def test_an_account_is_placed_by_its_latest_scored_analysis(people, portfolio):
    counts, unscored = _counts(people.alice)

    # Aanwas (5, 1): high-low, suggested A but in tier C; Kern (4, 5): high-high, tier A.
    assert counts == {"high-low": (1, 1), "high-high": (1, 0)}
    assert unscored == 1
    placed = list(matrix.cell_accounts(people.alice, "high", "low"))
    assert [(a.name, a.attractiveness, a.relationship, a.suggested_tier) for a in placed] == [
        ("Aanwas BV", 5, 1, "A")
    ]


def test_an_account_manager_sees_only_their_own_accounts(people, portfolio):
    portfolio["bobs"].team_members.create(user=people.alice, role="support")

    counts, _unscored = _counts(people.alice)

    assert "medium-medium" not in counts


def test_a_manager_sees_the_team_and_filters_by_account_manager(people, portfolio):
    counts, unscored = _counts(people.maria)

    assert counts == {"high-low": (1, 1), "high-high": (1, 0), "medium-medium": (1, 0)}
    assert unscored == 1
    assert _counts(people.maria, owner=people.bob.pk) == ({"medium-medium": (1, 0)}, 0)
    assert [o.username for o in matrix_owners(people.maria)] == ["alice", "bob"]


def matrix_owners(user):
    from koers.planning.portfolio.queries import owners_to_filter

    return list(owners_to_filter(user))


def test_the_portfolio_page_shows_the_cells_and_marks_a_differing_tier(
    people, client_for, portfolio
):
    page = client_for(people.maria).get(reverse("planning:portfolio"))

    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="cell-high-low"' in text
    assert "Aanwas BV" in text and "Bob BV" in text and "Charlie BV" not in text
    assert "suggested A" in text
    assert "1 account not scored yet" in text
    assert "<script" not in text.split("</head>")[1].split("</body>")[0]


def test_the_cell_page_lists_its_accounts_and_not_others(people, client_for, portfolio):
    client = client_for(people.maria)

    page = client.get(reverse("planning:portfolio_cell", args=["high", "low"]))
    unscored = client.get(reverse("planning:portfolio_cell", args=["none", "none"]))

    assert "Aanwas BV" in page.content.decode()
    assert "Kern BV" not in page.content.decode()
    assert "Nieuw BV" in unscored.content.decode()
    assert client.get(reverse("planning:portfolio_cell", args=["huge", "low"])).status_code == 404


def test_the_account_page_panel_shows_the_score_what_drives_it_and_the_trend(
    people, client_for, portfolio
):
    account = portfolio["key"]
    HealthScore.objects.create(account=account, month=date(2026, 10, 1), score=61)

    page = client_for(people.alice).get(
        reverse("planning:account_health", args=[account.pk]), HTTP_HX_REQUEST="true"
    )

    text = page.content.decode()
    assert 'id="health-score"' in text
    assert "Contact status" in text and "No account plan for this year." in text
    assert 'value="61"' in text
    assert (
        client_for(people.charlie)
        .get(reverse("planning:account_health", args=[account.pk]))
        .status_code
        == 404
    )


def test_the_api_answers_the_health_and_the_cells(people, api, portfolio):
    account = portfolio["key"]
    jobs.health_scores_compute(date(2026, 11, 1))
    client = api(people.alice)

    health = client.get(f"/accounts/{account.pk}/health")
    cells = client.get("/portfolio")
    cell = client.get("/portfolio/high/low")

    assert health.status_code == 200
    body = health.json()
    assert [c["key"] for c in body["components"]] == [
        "contact",
        "satisfaction",
        "complaints",
        "revenue",
        "plan",
    ]
    assert body["components"][4] == {
        "key": "plan",
        "label": "Plan progress",
        "weight": 10,
        "available": False,
        "points": None,
        "max_points": 0.0,
        "reason": "No account plan for this year.",
    }
    assert body["trend"][0]["month"] == "2026-11-01"
    high_low = next(
        c
        for c in cells.json()["cells"]
        if c["attractiveness"] == "high" and c["relationship"] == "low"
    )
    assert high_low == {
        "attractiveness": "high",
        "relationship": "low",
        "count": 1,
        "differing": 1,
        "suggested_tier": "A",
        "suggested_plan_type": "acquire",
    }
    assert [r["name"] for r in cell.json()["results"]] == ["Aanwas BV"]
    assert client.get(f"/accounts/{portfolio['charlies'].pk}/health").status_code == 404


@pytest.mark.parametrize("size", [1, 4])
def test_the_pages_make_a_fixed_number_of_queries(people, client_for, api, query_baseline, size):
    for i in range(size):
        for owner in (people.alice, people.bob):
            account = make_account(owner, f"{owner.username} {i}")
            _scored(owner, account, 1 + i % 5, 5 - i % 5)
            HealthScore.objects.create(account=account, month=date(2026, 11, 1), score=50 + i)
    client = client_for(people.maria)
    account_id = account.pk

    with query_baseline("portfolio"):
        client.get(reverse("planning:portfolio"))
    with query_baseline("cell"):
        client.get(reverse("planning:portfolio_cell", args=["low", "high"]))
    with query_baseline("health panel"):
        client.get(reverse("planning:account_health", args=[account_id]), HTTP_HX_REQUEST="true")
    rest = api(people.maria)
    with query_baseline("api cells"):
        rest.get("/portfolio")
    with query_baseline("api cell"):
        rest.get("/portfolio/low/high")
    with query_baseline("api health"):
        rest.get(f"/accounts/{account_id}/health")
