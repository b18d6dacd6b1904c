"""The templates that start an account plan: per plan type, default goals with their actions.

A template is text, one goal a line as "metric: goal" and its actions under it starting with
"- ", so a manager edits it in one box. Until a manager saves one, a type starts from the
defaults below (in the user's language).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from koers.planning.models import GoalMetric, PlanTemplate, PlanType


@dataclass
class TemplateGoal:
    metric: str
    title: str
    actions: list[str] = field(default_factory=list)


def default_text(plan_type: str) -> str:
    """The built-in template of a plan type."""
    texts: dict[str, list[str]] = {
        PlanType.ACQUIRE: [
            f"visits: {_('Meet the decision makers')}",
            f"- {_('Map the DMU from the analysis')}",
            f"- {_('Visit the buyer')}",
            f"revenue: {_('Win a first order')}",
            f"- {_('Send a quote for a trial order')}",
        ],
        PlanType.GROW: [
            f"revenue: {_('Grow revenue in a new product group')}",
            f"- {_('Present the new assortment')}",
            f"- {_('Follow up on the trial order')}",
            f"share_of_wallet: {_('Raise our share of wallet')}",
            f"- {_('Yearly review with the owner')}",
        ],
        PlanType.RETAIN: [
            f"relationship: {_('Keep the relationship with the decider warm')}",
            f"- {_('Quarterly visit')}",
            f"margin: {_('Keep the margin at the level of last year')}",
            f"- {_('Review prices and terms')}",
        ],
    }
    return "\n".join(texts.get(plan_type, []))


def parse(text: str) -> list[TemplateGoal]:
    """The goals of a template's text; a line with an unknown metric is a revenue goal, an
    action before any goal is left out."""
    goals: list[TemplateGoal] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("-"):
            if goals and line.lstrip("- ").strip():
                goals[-1].actions.append(line.lstrip("- ").strip()[:200])
            continue
        metric, sep, title = line.partition(":")
        metric = metric.strip().lower()
        if not sep or metric not in GoalMetric.values:
            metric, title = GoalMetric.REVENUE, line
        goals.append(TemplateGoal(metric, title.strip()[:200]))
    return goals


def template_text(plan_type: str) -> tuple[str, str]:
    """The goals text and the DMU strategy a new plan of this type starts from."""
    row = PlanTemplate.objects.filter(plan_type=plan_type).first()
    if row is None:
        return default_text(plan_type), ""
    return row.goals, row.dmu_strategy
