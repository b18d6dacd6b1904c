"""Account plans' rows of the access matrix (tests/core/test_access_matrix.py) and the objects
they point at, all of alice's account Alpha: `plan` (2026, a draft with goals, actions and a
team member), `submitted_plan` (2025, submitted, with a proposed change by maria) and
`approved_plan` (2024). Read with the account; written by who may change it; submitted and
revised by the owner alone; approved, returned and proposed to by the manager of the owner's
team (maria) or an administrator."""

from __future__ import annotations

from typing import Any

from koers.planning.plans import services
from tests.access_matrix import Row, World, statuses
from tests.planning.plan_factories import make_plan, refreshed


def extend_world(objects: dict[str, Any]) -> None:
    alice, alpha, maria = objects["alice"], objects["alpha"], objects["maria"]
    plan = make_plan(alice, alpha, year=2026)
    objects["plan"] = plan
    objects["plan_goal"] = plan.goals.order_by("position").first()
    objects["plan_action"] = objects["plan_goal"].actions.first()
    objects["plan_member"] = services.team_member_add(
        actor=alice, plan=plan, user=objects["bob"], role="Specialist"
    )
    submitted = make_plan(alice, alpha, year=2025)
    services.plan_submit(actor=alice, plan=submitted)
    objects["submitted_plan"] = refreshed(submitted)
    objects["plan_proposal"] = services.proposal_add(
        actor=maria, plan=objects["submitted_plan"], part="risks", proposed_text="Price war"
    )
    approved = make_plan(alice, alpha, year=2024)
    services.plan_submit(actor=alice, plan=approved)
    services.plan_approve(actor=maria, plan=refreshed(approved))
    objects["approved_plan"] = refreshed(approved)


def _plan_form(w: World) -> dict[str, str]:
    return {"version": str(w.plan.version), "risks": "Price war", "expected_revenue": "1000"}


def rows(*, signed_in: dict[str, int], read: dict[str, int], write: dict[str, int]) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    def plan_id(name: str) -> Any:
        return lambda w: {"plan_id": getattr(w, name).pk}

    def alpha(w: World) -> dict[str, int]:
        return {"pk": w.alpha.pk}

    saved = statuses(write, alice=302, maria=302, admin=302)
    # Only the owner (alice) submits or revises; the others who read get a 403.
    owner_only = statuses(read, alice=302, maria=403, admin=403, mark=403)
    # Only the manager of alice's team (maria) and administrators decide.
    decider = statuses(read, alice=403, maria=302, admin=302, mark=403)
    commented = statuses(read, alice=302, maria=302, admin=302, mark=403)
    managers = statuses(signed_in, alice=403, bob=403, charlie=403, ingrid=403, mark=403)
    admin_only = statuses(managers, maria=403)

    def api_of(base: dict[str, int]) -> dict[str, int]:
        return api({k: {302: 200}.get(v, v) for k, v in base.items()})

    return [
        Row("planning:account_plans", read, kwargs=alpha, htmx=True),
        Row("planning:plan_list", read, kwargs=alpha),
        Row("planning:plan_new", write, kwargs=alpha),
        Row(
            "planning:plan_new",
            saved,
            kwargs=alpha,
            method="post",
            data=lambda w: {"year": "2027", "plan_type": "retain"},
        ),
        Row("planning:plan_detail", read, kwargs=pk("plan")),
        Row("planning:plan_edit", write, kwargs=pk("plan")),
        Row("planning:plan_edit", saved, kwargs=pk("plan"), method="post", data=_plan_form),
        Row("planning:plan_discussed", write, kwargs=pk("plan")),
        Row("planning:goal_new", write, kwargs=pk("plan")),
        Row("planning:goal_edit", write, kwargs=pk("plan_goal")),
        Row("planning:action_new", write, kwargs=pk("plan_goal")),
        Row("planning:action_edit", write, kwargs=pk("plan_action")),
        Row("planning:action_activity", saved, kwargs=pk("plan_action"), method="post"),
        Row(
            "planning:team_add",
            saved,
            kwargs=pk("plan"),
            method="post",
            data=lambda w: {"user": str(w.maria.pk), "role": "Coach"},
        ),
        Row(
            "planning:team_remove",
            saved,
            kwargs=lambda w: {"pk": w.plan.pk, "member_pk": w.plan_member.pk},
            method="post",
        ),
        Row("planning:plan_submit", owner_only, kwargs=pk("plan"), method="post"),
        Row("planning:plan_approve", decider, kwargs=pk("submitted_plan"), method="post"),
        Row(
            "planning:plan_return",
            decider,
            kwargs=pk("submitted_plan"),
            method="post",
            data=lambda w: {"comment": "More visits"},
        ),
        Row(
            "planning:plan_revise",
            owner_only,
            kwargs=pk("approved_plan"),
            method="post",
            data=lambda w: {"reason": "New branch"},
        ),
        Row(
            "planning:plan_comment",
            commented,
            kwargs=pk("plan"),
            method="post",
            data=lambda w: {"text": "Good plan"},
        ),
        Row(
            "planning:plan_proposal",
            decider,
            kwargs=pk("submitted_plan"),
            method="post",
            data=lambda w: {"part": "risks", "proposed_text": "Strikes"},
        ),
        Row(
            "planning:proposal_answer",
            owner_only,
            kwargs=pk("plan_proposal"),
            method="post",
            data=lambda w: {"answer": "reject"},
        ),
        Row("planning:plan_versions", read, kwargs=pk("submitted_plan")),
        Row(
            "planning:plan_version",
            read,
            kwargs=lambda w: {"pk": w.submitted_plan.pk, "number": 1},
        ),
        Row("planning:template_list", signed_in),
        Row("planning:template_edit", managers, kwargs=lambda w: {"plan_type": "grow"}),
        Row("planning:plan_settings", admin_only),
        Row("api:v1:list_plans", api(signed_in)),
        Row(
            "api:v1:create_plan",
            api(write, alice=201, maria=201, admin=201, bob=422, charlie=422, ingrid=422),
            method="post",
            json=True,
            data=lambda w: {"account_id": w.alpha.pk, "year": 2027, "plan_type": "grow"},
        ),
        Row("api:v1:get_plan", api(read), kwargs=plan_id("plan")),
        Row(
            "api:v1:update_plan",
            api(write),
            kwargs=plan_id("plan"),
            method="patch",
            json=True,
            data=lambda w: {"version": w.plan.version, "risks": "Price war"},
        ),
        Row("api:v1:submit_plan", api_of(owner_only), kwargs=plan_id("plan"), method="post"),
        Row(
            "api:v1:approve_plan",
            api_of(decider),
            kwargs=plan_id("submitted_plan"),
            method="post",
            json=True,
            data=lambda w: {},
        ),
        Row(
            "api:v1:return_plan",
            api_of(decider),
            kwargs=plan_id("submitted_plan"),
            method="post",
            json=True,
            data=lambda w: {"comment": "More visits"},
        ),
        Row(
            "api:v1:revise_plan",
            api_of(owner_only),
            kwargs=plan_id("approved_plan"),
            method="post",
            json=True,
            data=lambda w: {"reason": "New branch"},
        ),
    ]
