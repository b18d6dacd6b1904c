"""The insights rows of the access matrix (tests/core/test_access_matrix.py).

Everybody signed in opens their own dashboard and the lists behind its figures (each counts
only what they may read); the team matrix is for managers, the sales director and
administrators (403 for the others)."""

from __future__ import annotations

from tests.access_matrix import Row, statuses


def rows(*, signed_in: dict[str, int]) -> list[Row]:
    team = statuses(signed_in, **dict.fromkeys(("alice", "bob", "charlie", "ingrid", "mark"), 403))

    def key(_w: object) -> dict[str, str]:
        return {"key": "revenue"}

    def movement(_w: object) -> dict[str, str]:
        return {"key": "pipeline_slipped"}

    return [
        Row("insights:dashboard", signed_in),
        Row("insights:dashboard", signed_in, query="period=range&start=2026-01-01&end=2026-03-31"),
        Row("insights:dashboard", signed_in, query="tier=A&compare=last_year"),
        Row("insights:team", team),
        Row("insights:team", team, query="tier=B&segment=1&compare=none"),
        Row("insights:drill", signed_in, kwargs=key, query="period=quarter"),
        Row("insights:drill_export", signed_in, kwargs=key),
        Row("api:v1:get_insight_indicators", statuses(signed_in, anon=401), query="period=week"),
        Row(
            "api:v1:get_insight_indicators",
            statuses(signed_in, anon=401),
            query="tier=A&compare=last_year",
        ),
        Row("api:v1:get_insight_team", statuses(team, anon=401)),
        # Pipeline movement (decision 142): everyone signed in, over what they may read.
        Row("insights:pipeline", signed_in, query="period=quarter"),
        Row("insights:pipeline", signed_in, query="period=month&team=1&person=1"),
        Row("insights:drill", signed_in, kwargs=movement, query="period=quarter&team=1"),
        Row(
            "api:v1:get_insight_pipeline_movement",
            statuses(signed_in, anon=401),
            query="period=quarter",
        ),
    ]
