"""Targets' rows of the access matrix (tests/core/test_access_matrix.py).

Everybody signed in opens their own grid; a team's grid is for its manager, marketing and the
administrator; the company's for managers, marketing and the administrator. Targets of alice
are set by maria (her team's manager) and the administrator; account managers, inside sales
and marketing set none. Spreading profiles are read by managers, marketing and administrators
and kept by managers and administrators.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from tests.access_matrix import Row, World, statuses


def extend_world(objects: dict[str, Any]) -> None:
    """Alice's revenue target of this year, set by the administrator; a main product group."""
    from koers.planning.targets import services
    from tests.sales.factories import make_group

    row = services.TargetRow(
        "revenue", "user", {"user": objects["alice"].pk}, date.today().year, "year", 1, Decimal(1)
    )
    objects["alices_target"] = services.target_set(actor=objects["admin"], row=row)
    objects["target_group"] = make_group("TARGETS")


def rows(*, signed_in: dict[str, int], **_: Any) -> list[Row]:
    sellers_out = dict.fromkeys(("alice", "bob", "charlie", "ingrid"), 404)
    team_grid = statuses(signed_in, **sellers_out)
    alices_grid = statuses(signed_in, bob=404, charlie=404, ingrid=404)
    refused = dict.fromkeys(("alice", "bob", "charlie", "ingrid", "mark"), 403)
    sets = statuses(signed_in, **refused)
    written = statuses(team_grid, maria=302, admin=302, mark=403)
    profiles = statuses(signed_in, **dict.fromkeys(("alice", "bob", "charlie", "ingrid"), 403))

    def team(w: World) -> str:
        return f"view=team&team={w.north.pk}&year=2026"

    def cell(w: World) -> dict[str, Any]:
        return {
            "measure": "revenue",
            "level": "user",
            "user": w.alice.pk,
            "year": 2026,
            "period": 3,
            "amount": "1.000,00",
        }

    def bulk(w: World) -> dict[str, Any]:
        return {
            "targets": [
                {
                    "measure": "revenue",
                    "level": "user",
                    "user": w.alice.pk,
                    "year": 2026,
                    "period_kind": "year",
                    "amount": "120000.00",
                }
            ]
        }

    def target(w: World) -> dict[str, Any]:
        return {"pk": w.alices_target.pk}

    def account_group_cell(w: World) -> dict[str, Any]:
        ids = {"account": w.alpha.pk, "product_group": w.target_group.pk}
        return {**cell(w), "level": "account_group", "user": "", **ids}

    explained = statuses(alices_grid, alice=302, maria=302, admin=302, mark=403)
    explained_api = statuses(alices_grid, anon=401, mark=403)

    return [
        Row("planning:target_progress", signed_in),
        *(
            Row(
                "planning:target_drilldown",
                alices_grid,
                kwargs=lambda w, figure=figure: {**target(w), "figure": figure},
                label=f"get the drill-down of alice's {figure}",
            )
            for figure in ("actual", "pipeline")
        ),
        Row("planning:target_deviation", alices_grid, kwargs=target),
        Row(
            "planning:target_deviation",
            explained,
            kwargs=target,
            method="post",
            data=lambda w: {"cause": "market"},
        ),
        Row("api:v1:list_target_progress", statuses(signed_in, anon=401)),
        Row("api:v1:list_target_deviations", statuses(signed_in, anon=401)),
        Row(
            "api:v1:record_target_deviation",
            explained_api,
            kwargs=lambda w: {"target_id": w.alices_target.pk},
            method="post",
            data=lambda w: {"cause": "market"},
            json=True,
        ),
        Row("planning:target_grid", signed_in),
        Row("planning:target_grid", team_grid, query=team, label="get the team grid"),
        Row(
            "planning:target_grid",
            alices_grid,
            query=lambda w: f"view=person&user={w.alice.pk}",
            label="get alice's grid",
        ),
        Row(
            "planning:target_grid",
            alices_grid,
            query=lambda w: f"view=person&user={w.alice.pk}&by=groups&account={w.alpha.pk}",
            label="get alice's grid of Alpha per product group",
        ),
        Row(
            "planning:target_grid",
            alices_grid,
            query=lambda w: f"view=person&user={w.alice.pk}&by=accounts&group={w.target_group.pk}",
            label="get alice's grid of a product group per account",
        ),
        Row(
            "planning:target_grid",
            team_grid,
            query="view=company",
            label="get the company grid",
        ),
        Row("planning:target_cell", statuses(sets, anon=302), method="post", data=cell),
        Row(
            "planning:target_cell",
            statuses(sets, anon=302),
            method="post",
            data=account_group_cell,
            label="post a cell of Alpha's product group",
        ),
        Row("planning:target_import", written, method="post", query=team, data=lambda w: {}),
        Row("planning:target_spread", written, method="post", query=team, data=lambda w: {}),
        Row("planning:target_profiles", profiles),
        Row(
            "planning:target_profiles",
            statuses(profiles, maria=302, admin=302, mark=403),
            method="post",
            data=lambda w: {"name": "Even", "kind": "even", "percentages": ""},
        ),
        Row("api:v1:list_targets", statuses(signed_in, anon=401)),
        Row(
            "api:v1:upsert_targets",
            statuses(sets, anon=401),
            method="post",
            data=bulk,
            json=True,
        ),
    ]
