"""Decision 144's rows of the access matrix (tests/core/test_access_matrix.py): spreading
alice's target (page and API), the whitespace estimates in the API, the sales plan's lines in
the API and the organisation-wide actions in the API.

Alice's target (`alices_target`, target_access_rows) is spread by alice herself, maria (her
team's manager) and the administrator; marketing reads it (403); the others do not read it
(404). Estimates are read like alice's account Alpha and set by who may change it. The lines
of alice's draft plan (salesplan_access_rows) are changed by alice alone (403 for the other
readers); actions are listed by everybody signed in and defined by managers, marketing and the
administrator.
"""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Row, World, statuses


def rows(*, signed_in: dict[str, int], read: dict[str, int], write: dict[str, int]) -> list[Row]:
    def api_of(base: dict[str, int], ok: int = 200) -> dict[str, int]:
        return statuses({k: {302: ok}.get(v, v) for k, v in base.items()}, anon=401)

    spread_read = statuses(signed_in, bob=404, charlie=404, ingrid=404, mark=403)
    spread_saved = statuses(spread_read, alice=302, maria=302, admin=302)
    plan_read = statuses(signed_in, bob=404, charlie=404, ingrid=404)
    owner = statuses(plan_read, alice=302, maria=403, mark=403, admin=403)
    definers = statuses(signed_in, alice=403, bob=403, charlie=403, ingrid=403)

    def target(w: World) -> dict[str, Any]:
        return {"pk": w.alices_target.pk}

    def target_api(w: World) -> dict[str, Any]:
        return {"target_id": w.alices_target.pk}

    def spread_page(w: World) -> dict[str, Any]:
        return {f"pct_{w.alpha.pk}": "100"}

    def spread_both(w: World) -> dict[str, Any]:
        return {f"pct_{w.alpha.pk}-{w.target_group.pk}": "100", "action": "save"}

    def spread_api(w: World) -> dict[str, Any]:
        return {"parts": [{"account": w.alpha.pk, "percentage": "100"}]}

    def alpha(w: World) -> dict[str, Any]:
        return {"account_id": w.alpha.pk}

    def plan(w: World) -> dict[str, Any]:
        return {"plan_id": w.sales_plan.pk}

    def proposal(w: World) -> dict[str, Any]:
        return {"proposal_id": w.sales_proposal.pk}

    def plan_target(w: World) -> dict[str, Any]:
        return {"target_id": w.sales_plan_target.pk}

    def action(w: World) -> dict[str, Any]:
        return {"action_id": w.sales_plan_action.pk}

    def action_body(w: World) -> dict[str, Any]:
        return {"title": "Call", "account_id": w.alpha.pk, "due_on": "2099-02-01"}

    def sales_action_body(w: World) -> dict[str, Any]:
        return {"name": "Summer", "starts_on": "2026-07-01", "ends_on": "2026-08-31"}

    return [
        Row("planning:target_spread_parts", spread_read, kwargs=target),
        Row(
            "planning:target_spread_parts",
            spread_saved,
            kwargs=target,
            method="post",
            data=spread_page,
        ),
        Row(
            "planning:target_spread_parts",
            spread_saved,
            kwargs=target,
            method="post",
            query="over=account_groups",
            data=spread_both,
            label="post a spread over accounts and product groups",
        ),
        Row("api:v1:get_target_spread", api_of(spread_read), kwargs=target_api),
        Row(
            "api:v1:spread_target",
            api_of(spread_saved),
            kwargs=target_api,
            method="post",
            json=True,
            data=spread_api,
        ),
        Row("api:v1:list_whitespace_estimates", api_of(read), kwargs=alpha),
        Row(
            "api:v1:set_whitespace_estimate",
            api_of(statuses(write, alice=302, maria=302, admin=302)),
            kwargs=alpha,
            method="put",
            json=True,
            data=lambda w: {"product_group_id": w.ws_group.pk, "amount": "1000"},
        ),
        Row(
            "api:v1:update_sales_proposal",
            api_of(owner),
            kwargs=proposal,
            method="patch",
            json=True,
            data=lambda w: {"title": "Changed"},
        ),
        Row("api:v1:delete_sales_proposal", api_of(owner), kwargs=proposal, method="delete"),
        Row(
            "api:v1:add_sales_plan_target",
            api_of(owner, ok=201),
            kwargs=plan,
            method="post",
            json=True,
            data=lambda w: {"measure": "revenue", "amount": "1000"},
        ),
        Row(
            "api:v1:update_sales_plan_target",
            api_of(owner),
            kwargs=plan_target,
            method="patch",
            json=True,
            data=lambda w: {"amount": "2000"},
        ),
        Row("api:v1:delete_sales_plan_target", api_of(owner), kwargs=plan_target, method="delete"),
        Row(
            "api:v1:add_sales_plan_action",
            api_of(owner, ok=201),
            kwargs=plan,
            method="post",
            json=True,
            data=action_body,
        ),
        Row(
            "api:v1:update_sales_plan_action",
            api_of(owner),
            kwargs=action,
            method="patch",
            json=True,
            data=lambda w: {"title": "Visit twice"},
        ),
        Row("api:v1:delete_sales_plan_action", api_of(owner), kwargs=action, method="delete"),
        Row(
            "api:v1:plan_sales_plan_action",
            api_of(owner),
            kwargs=action,
            method="post",
            json=True,
            data=lambda w: {},
        ),
        Row("api:v1:list_sales_actions", api_of(signed_in)),
        Row(
            "api:v1:create_sales_action",
            api_of(statuses(definers, maria=302, mark=302, admin=302), ok=201),
            method="post",
            json=True,
            data=sales_action_body,
        ),
        Row(
            "api:v1:update_sales_action",
            api_of(statuses(definers, maria=302, mark=302, admin=302)),
            kwargs=lambda w: {"action_id": w.sales_action.pk},
            method="patch",
            json=True,
            data=lambda w: {"name": "Zomer"},
        ),
    ]
