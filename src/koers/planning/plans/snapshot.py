"""A submitted version of a plan as it was: plain text and numbers (names, not ids), so the
version page reads the same after the goals, the people or the product groups change."""

from __future__ import annotations

from typing import Any

from koers.planning.models import AccountPlan, PlanAction
from koers.planning.models.plans import TEXT_PART_NAMES


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def snapshot_of(plan: AccountPlan) -> dict[str, Any]:
    goals = plan.goals.select_related("owner", "branch", "product_group", "contact")
    actions: dict[int, list[dict[str, str]]] = {}
    for action in (
        PlanAction.objects.filter(goal__plan=plan)
        .select_related("owner", "activity")
        .order_by("due_on", "position", "pk")
    ):
        actions.setdefault(action.goal_id, []).append(
            {
                "title": action.title,
                "owner": _text(action.owner),
                "due_on": _text(action.due_on),
                "status": action.shown_status,
            }
        )
    return {
        "status": plan.status,
        "year": plan.year,
        "plan_type": plan.plan_type,
        "owner": _text(plan.owner),
        "analysis": _text(plan.analysis.analysed_on) if plan.analysis else "",
        "texts": {name: getattr(plan, name) for name in TEXT_PART_NAMES},
        "expected_revenue": _text(plan.expected_revenue),
        "investment_hours": _text(plan.investment_hours),
        "investment_money": _text(plan.investment_money),
        "team": [{"user": _text(m.user), "role": m.role} for m in plan.team.select_related("user")],
        "goals": [
            {
                "title": g.title,
                "metric": g.metric,
                "owner": _text(g.owner),
                "branch": _text(g.branch),
                "product_group": _text(g.product_group),
                "contact": _text(g.contact),
                "target": _text(g.target),
                "due_on": _text(g.due_on),
                "actions": actions.get(g.pk, []),
            }
            for g in goals
        ],
    }
