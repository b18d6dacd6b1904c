"""Rows of the access matrix (tests/core/test_access_matrix.py) for monitoring account plans
(decision 127), on the objects of `plan_access_rows` (alice's draft plan of Alpha, 2026, in
team North managed by maria): the progress is read with the account; deviations and reviews are
recorded by who may change the account or decides on the plan (marketing reads, 403); the
overview of a team's plans, its export and its deadline are for the team's manager and
administrators; the Plans page and the reviews due are everyone's (each sees their own)."""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Row, World, statuses


def _team(w: World) -> Any:
    return w.alice.teams.get()


def rows(*, signed_in: dict[str, int], read: dict[str, int], write: dict[str, int]) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def plan_pk(w: World) -> dict[str, int]:
        return {"pk": w.plan.pk}

    def plan_id(w: World) -> dict[str, int]:
        return {"plan_id": w.plan.pk}

    saved = statuses(write, alice=302, maria=302, admin=302)
    created = statuses(write, alice=201, maria=201, admin=201, anon=401)
    overseers = statuses(signed_in, alice=403, bob=403, charlie=403, ingrid=403, mark=403)
    deadline = statuses(
        signed_in, alice=404, bob=404, charlie=404, ingrid=404, mark=404, maria=302, admin=302
    )
    return [
        Row("planning:plan_index", signed_in),
        Row("planning:review_list", signed_in),
        Row("planning:plan_overview", overseers),
        Row("planning:plan_overview_export_xlsx", overseers),
        Row("planning:plan_overview_export_csv", overseers),
        Row(
            "planning:plan_deadline",
            deadline,
            method="post",
            data=lambda w: {"team": str(_team(w).pk), "year": "2026", "submit_by": "2026-01-31"},
        ),
        Row("planning:plan_progress", read, kwargs=plan_pk, htmx=True),
        Row("planning:review_new", write, kwargs=plan_pk),
        Row(
            "planning:review_new",
            saved,
            kwargs=plan_pk,
            method="post",
            data=lambda w: {"outcome": "On course", "held_on": "2026-01-15"},
        ),
        Row("planning:deviation_new", write, kwargs=lambda w: {"pk": w.plan_goal.pk}),
        Row(
            "planning:deviation_new",
            saved,
            kwargs=lambda w: {"pk": w.plan_goal.pk},
            method="post",
            data=lambda w: {"cause": "price", "corrective_action": "New price list"},
        ),
        Row("api:v1:get_plan_progress", api(read), kwargs=plan_id),
        Row("api:v1:list_plan_deviations", api(read), kwargs=plan_id),
        Row(
            "api:v1:create_plan_deviation",
            created,
            kwargs=plan_id,
            method="post",
            json=True,
            data=lambda w: {
                "goal_id": w.plan_goal.pk,
                "cause": "competitor",
                "corrective_action": "Visit the buyer",
            },
        ),
        Row("api:v1:list_plan_reviews", api(read), kwargs=plan_id),
        Row(
            "api:v1:create_plan_review",
            created,
            kwargs=plan_id,
            method="post",
            json=True,
            data=lambda w: {"outcome": "On course", "held_on": "2026-01-15"},
        ),
        Row("api:v1:list_plan_overview", api(overseers, maria=200, admin=200)),
    ]
