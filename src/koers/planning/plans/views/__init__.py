"""The pages of account plans: the panel on the account page, the account's plans, a plan (read)
and its edit forms, the workflow's actions with a clear message when a move is refused, the
versions, and the templates and setting (docs/decisions.md, 117).

Split by sub-domain: `pages` (reads), `content` (edit forms), `workflow` (moves, comments,
proposals), `monitoring` (progress, deviations, reviews), `overview` (the Plans page, the
manager's overview); `base` holds what they share. `urls.py` names the views through this package.
"""

from koers.planning.plans.views.content import (
    action_activity,
    action_edit,
    action_new,
    goal_edit,
    goal_new,
    plan_discussed,
    plan_edit,
    team_add,
    team_remove,
)
from koers.planning.plans.views.monitoring import (
    deviation_new,
    plan_progress,
    review_list,
    review_new,
)
from koers.planning.plans.views.overview import (
    deadline_save,
    overview_export,
    plan_index,
    plan_overview,
)
from koers.planning.plans.views.pages import (
    account_plans,
    plan_detail,
    plan_list,
    plan_new,
    plan_settings,
    template_edit,
    template_list,
    version_detail,
    version_list,
)
from koers.planning.plans.views.workflow import (
    comment_add,
    plan_move,
    proposal_add,
    proposal_answer,
)

__all__ = [
    "account_plans",
    "action_activity",
    "action_edit",
    "action_new",
    "comment_add",
    "deadline_save",
    "deviation_new",
    "goal_edit",
    "goal_new",
    "overview_export",
    "plan_detail",
    "plan_discussed",
    "plan_edit",
    "plan_index",
    "plan_list",
    "plan_move",
    "plan_new",
    "plan_overview",
    "plan_progress",
    "plan_settings",
    "proposal_add",
    "proposal_answer",
    "review_list",
    "review_new",
    "team_add",
    "team_remove",
    "template_edit",
    "template_list",
    "version_detail",
    "version_list",
]
