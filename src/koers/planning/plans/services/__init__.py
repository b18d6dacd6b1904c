"""Every write of account plans (`@service`: one transaction, the actor in the history).

Who may do what (docs/decisions.md, 117): a plan is written by who may change its account
(and may own plans: see the level A setting) while it is a draft or returned; only its owner
submits it; only the manager of the owner's team (or an administrator) approves, returns or
proposes a change; an approved plan changes only through a revision with its reason. Status
moves go through `PLAN_LIFECYCLE`; a refused one raises `TransitionRefused`.

The writes are split by sub-domain: `content` (the plan, templates, team, discussion),
`goals` (goals, actions, activities), `workflow` (moves, comments, proposals), `monitoring`
(deviations, reviews, deadlines); `base` holds the checks they share. Import from here:
`from koers.planning.plans import services`.
"""

from koers.planning.plans.services.base import (
    ACTION_FIELDS,
    AMOUNTS,
    EDITABLE,
    FIRST_YEAR,
    GOAL_FIELDS,
    LARGEST,
    LAST_YEAR,
    REVIEW_MONTHS,
    TEXTS,
    may_comment,
    may_own,
    may_write,
    months_later,
    planning_settings,
)
from koers.planning.plans.services.content import (
    goals_replace,
    plan_create,
    plan_discussed,
    plan_update,
    settings_save,
    team_member_add,
    team_member_remove,
    template_save,
)
from koers.planning.plans.services.goals import (
    action_add,
    action_delete,
    action_plan_activity,
    action_update,
    goal_add,
    goal_delete,
    goal_update,
)
from koers.planning.plans.services.monitoring import (
    deadline_set,
    deviation_record,
    may_follow_up,
    may_set_deadline,
    review_record,
)
from koers.planning.plans.services.workflow import (
    comment_add,
    plan_approve,
    plan_return,
    plan_revise,
    plan_submit,
    proposal_add,
    proposal_decide,
)

__all__ = [
    "ACTION_FIELDS",
    "AMOUNTS",
    "EDITABLE",
    "FIRST_YEAR",
    "GOAL_FIELDS",
    "LARGEST",
    "LAST_YEAR",
    "REVIEW_MONTHS",
    "TEXTS",
    "action_add",
    "action_delete",
    "action_plan_activity",
    "action_update",
    "comment_add",
    "deadline_set",
    "deviation_record",
    "goal_add",
    "goal_delete",
    "goal_update",
    "goals_replace",
    "may_comment",
    "may_follow_up",
    "may_own",
    "may_set_deadline",
    "may_write",
    "months_later",
    "plan_approve",
    "plan_create",
    "plan_discussed",
    "plan_return",
    "plan_revise",
    "plan_submit",
    "plan_update",
    "planning_settings",
    "proposal_add",
    "proposal_decide",
    "review_record",
    "settings_save",
    "team_member_add",
    "team_member_remove",
    "template_save",
]
