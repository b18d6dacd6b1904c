"""Sales plans' rows of the access matrix (tests/core/test_access_matrix.py) and the objects
they point at: alice's plan of 2026 (`sales_plan`, a draft with a proposal at Alpha, a proposed
target and an action), her submitted plan of the first quarter (`sales_plan_submitted`, with an
open proposal) and maria's organisation-wide action.

Read by the owner (alice), the manager of her team (maria), marketing and the administrator;
bob, charlie and ingrid get a 404. Written, proposed to and submitted by alice alone (403 for
the other readers); decided and asked for more by maria and the administrator. Plans are
started by account managers; organisation-wide actions defined by managers, marketing and
administrators; the general plan read by managers, marketing and administrators.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from koers.planning.salesplans import sales_actions, services, workflow
from tests.access_matrix import Row, World, statuses
from tests.planning.salesplan_factories import make_sales_plan, proposals_of, refreshed


def extend_world(objects: dict[str, Any]) -> None:
    alice, alpha, maria = objects["alice"], objects["alpha"], objects["maria"]
    plan = make_sales_plan(alice, [(alpha, "10000", "500")])
    objects["sales_plan"] = plan
    objects["sales_proposal"] = proposals_of(plan)[0]
    objects["sales_plan_target"] = services.target_add(
        actor=alice, plan=plan, measure="revenue", amount=Decimal("50000")
    )
    objects["sales_plan_action"] = services.action_add(
        actor=alice, plan=plan, title="Visit", account=alpha, due_on=date(2099, 1, 5)
    )
    submitted = make_sales_plan(alice, [(alpha, "3000", "0")], period_kind="quarter", period=1)
    workflow.sales_plan_submit(actor=alice, plan=submitted)
    objects["sales_plan_submitted"] = refreshed(submitted)
    objects["sales_proposal_open"] = proposals_of(submitted)[0]
    objects["sales_plan"] = refreshed(plan)
    objects["sales_action"] = sales_actions.sales_action_save(
        actor=maria, name="Spring", starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 30)
    )


def rows(*, signed_in: dict[str, int], **_: Any) -> list[Row]:
    def api(base: dict[str, int], **changes: int) -> dict[str, int]:
        return statuses(base, **{"anon": 401, **changes})

    def api_of(base: dict[str, int], ok: int = 200) -> dict[str, int]:
        return api({k: {302: ok}.get(v, v) for k, v in base.items()})

    def pk(name: str) -> Any:
        return lambda w: {"pk": getattr(w, name).pk}

    read = statuses(signed_in, bob=404, charlie=404, ingrid=404)
    owner = statuses(read, maria=403, mark=403, admin=403)
    owner_post = statuses(owner, alice=302)
    decider = statuses(read, alice=403, mark=403, maria=302, admin=302)
    sellers = statuses(signed_in, maria=403, ingrid=403, mark=403, admin=403)
    definers = statuses(signed_in, alice=403, bob=403, charlie=403, ingrid=403)
    general = statuses(signed_in, alice=404, bob=404, charlie=404, ingrid=404)

    def action_body(w: World) -> dict[str, Any]:
        return {"title": "Call", "account": w.alpha.pk, "due_on": "2099-02-01"}

    def sales_action_body(w: World) -> dict[str, Any]:
        return {"name": "Summer", "starts_on": "2026-07-01", "ends_on": "2026-08-31"}

    return [
        Row("planning:salesplan_list", signed_in),
        Row("planning:salesplan_new", sellers),
        Row(
            "planning:salesplan_new",
            statuses(sellers, alice=302, bob=302, charlie=302),
            method="post",
            data=lambda w: {"year": "2027", "period_kind": "year", "period": "1"},
        ),
        Row("planning:salesplan_general", general),
        Row("planning:salesplan_detail", read, kwargs=pk("sales_plan")),
        Row("planning:salesplan_edit", owner, kwargs=pk("sales_plan")),
        Row(
            "planning:salesplan_edit",
            owner_post,
            kwargs=pk("sales_plan"),
            method="post",
            data=lambda w: {"version": str(w.sales_plan.version), "market_developments": "Up"},
        ),
        Row("planning:salesproposal_new", owner, kwargs=pk("sales_plan")),
        Row(
            "planning:salesproposal_new",
            owner_post,
            kwargs=pk("sales_plan"),
            method="post",
            data=lambda w: {"title": "More", "expected_revenue": "100", "action_cost": "0"},
        ),
        Row("planning:salesproposal_edit", owner, kwargs=pk("sales_proposal")),
        Row(
            "planning:salesplan_target_add",
            owner_post,
            kwargs=pk("sales_plan"),
            method="post",
            data=lambda w: {"measure": "revenue", "amount": "1000"},
        ),
        Row(
            "planning:salesplan_target_remove",
            owner_post,
            kwargs=pk("sales_plan_target"),
            method="post",
        ),
        Row(
            "planning:salesplan_action_add",
            owner_post,
            kwargs=pk("sales_plan"),
            method="post",
            data=action_body,
        ),
        Row(
            "planning:salesplan_action_remove",
            owner_post,
            kwargs=pk("sales_plan_action"),
            method="post",
        ),
        Row(
            "planning:salesplan_action_activity",
            owner_post,
            kwargs=pk("sales_plan_action"),
            method="post",
        ),
        Row("planning:salesplan_submit", owner_post, kwargs=pk("sales_plan"), method="post"),
        Row(
            "planning:salesplan_ask_more",
            decider,
            kwargs=pk("sales_plan_submitted"),
            method="post",
            data=lambda w: {"comment": "More, please"},
        ),
        Row(
            "planning:salesproposal_decide",
            decider,
            kwargs=pk("sales_proposal_open"),
            method="post",
            data=lambda w: {"decision": "adopt"},
        ),
        Row("planning:sales_action_list", signed_in),
        Row("planning:sales_action_new", definers),
        Row(
            "planning:sales_action_new",
            statuses(definers, maria=302, mark=302, admin=302),
            method="post",
            data=sales_action_body,
        ),
        Row("planning:sales_action_edit", definers, kwargs=pk("sales_action")),
        Row("api:v1:list_sales_plans", api(signed_in)),
        Row(
            "api:v1:create_sales_plan",
            api_of(statuses(sellers, alice=302, bob=302, charlie=302), ok=201),
            method="post",
            json=True,
            data=lambda w: {"year": 2027, "period_kind": "year"},
        ),
        Row(
            "api:v1:get_sales_plan",
            api(read),
            kwargs=lambda w: {"plan_id": w.sales_plan.pk},
        ),
        Row(
            "api:v1:add_sales_proposal",
            api_of(owner_post, ok=201),
            kwargs=lambda w: {"plan_id": w.sales_plan.pk},
            method="post",
            json=True,
            data=lambda w: {"title": "More", "account_id": w.alpha.pk},
        ),
        Row(
            "api:v1:submit_sales_plan",
            api_of(owner_post),
            kwargs=lambda w: {"plan_id": w.sales_plan.pk},
            method="post",
        ),
        Row(
            "api:v1:ask_more_sales_plan",
            api_of(decider),
            kwargs=lambda w: {"plan_id": w.sales_plan_submitted.pk},
            method="post",
            json=True,
            data=lambda w: {"comment": "More, please"},
        ),
        *(
            Row(
                f"api:v1:{name}",
                api_of(decider),
                kwargs=lambda w: {"proposal_id": w.sales_proposal_open.pk},
                method="post",
                json=True,
                data=body,
            )
            for name, body in (
                ("adopt_sales_proposal", lambda w: {}),
                ("adjust_sales_proposal", lambda w: {"adopted_revenue": "2500.00"}),
                ("reject_sales_proposal", lambda w: {"comment": "Not now"}),
            )
        ),
    ]
