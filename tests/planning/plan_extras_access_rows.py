"""The whitespace grid's, the realism check's and the plan PDF's rows of the access matrix
(tests/core/test_access_matrix.py). All read with alice's account Alpha (the plan's account);
an estimate and an opportunity are written by who may change it; a goal goes on Alpha's draft
plan by who may write that plan."""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Row, World, statuses
from tests.sales.factories import make_group


def extend_world(objects: dict[str, Any]) -> None:
    objects["ws_group"] = make_group("WS-MAIN")


def rows(*, read: dict[str, int], write: dict[str, int]) -> list[Row]:
    def api(base: dict[str, int]) -> dict[str, int]:
        return statuses(base, anon=401)

    def cell(w: World) -> dict[str, int]:
        return {"pk": w.alpha.pk, "row": w.alpha.pk, "group": w.ws_group.pk}

    def plan(w: World) -> dict[str, int]:
        return {"pk": w.plan.pk}

    saved = statuses(write, alice=302, maria=302, admin=302)

    return [
        Row("planning:whitespace", read, kwargs=lambda w: {"pk": w.alpha.pk}),
        Row("planning:whitespace_cell", read, kwargs=cell),
        Row("planning:whitespace_cell", read, kwargs=cell, htmx=True),
        Row(
            "planning:whitespace_estimate",
            saved,
            kwargs=cell,
            method="post",
            data=lambda w: {"amount": "1000"},
        ),
        Row("planning:whitespace_goal", saved, kwargs=cell, method="post"),
        Row("planning:whitespace_opportunity", write, kwargs=cell),
        Row(
            "planning:whitespace_opportunity",
            saved,
            kwargs=cell,
            method="post",
            data=lambda w: {"title": "Shelves", "amount": "100", "close_on": "2027-03-01"},
        ),
        Row("planning:plan_realism", read, kwargs=plan, htmx=True),
        Row("planning:plan_pdf", read, kwargs=plan),
        Row("api:v1:get_whitespace", api(read), kwargs=lambda w: {"account_id": w.alpha.pk}),
        Row("api:v1:get_plan_realism", api(read), kwargs=lambda w: {"plan_id": w.plan.pk}),
        Row("api:v1:get_plan_pdf", api(read), kwargs=lambda w: {"plan_id": w.plan.pk}),
    ]
