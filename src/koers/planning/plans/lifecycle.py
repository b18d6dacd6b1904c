"""The lifecycle of an account plan, in one table (docs/decisions.md, 117):

    draft ──▶ submitted ──▶ approved
      ▲           │             │
      │           ▼             │ (a revision, with its reason)
      └──────  returned         │
      ▲           │ (resubmitted)
      └───────────┴─────────────┘

A returned plan is written on like a draft (its first change makes it a draft again) and may be
submitted again as it is. Who may make each move (the owner submits, the manager of the owner's
team decides) is checked by the services, with the access policy.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Transitions
from koers.planning.models import AccountPlan, PlanStatus

S = PlanStatus


def _has_goals(plan: AccountPlan) -> str | None:
    if not plan.goals.exists():
        return _("Give the plan at least one goal before submitting it.")
    return None


def _has_reason(plan: AccountPlan) -> str | None:
    return None if plan.revision_reason.strip() else _("Say why the plan is revised.")


TRANSITIONS: Transitions = {
    S.DRAFT: {S.SUBMITTED: _has_goals},
    S.SUBMITTED: {S.APPROVED: None, S.RETURNED: None},
    S.RETURNED: {S.DRAFT: None, S.SUBMITTED: _has_goals},
    S.APPROVED: {S.DRAFT: _has_reason},
}

PLAN_LIFECYCLE = Lifecycle(
    AccountPlan,
    TRANSITIONS,
    refusals={
        S.APPROVED: gettext_lazy("Only a submitted plan can be approved."),
        S.RETURNED: gettext_lazy("Only a submitted plan can be returned."),
        (S.SUBMITTED, S.SUBMITTED): gettext_lazy("This plan is already submitted."),
        (S.APPROVED, S.SUBMITTED): gettext_lazy(
            "This plan is approved: revise it first, with the reason."
        ),
        (S.DRAFT, S.DRAFT): gettext_lazy("Only an approved plan can be revised."),
        (S.SUBMITTED, S.DRAFT): gettext_lazy("Only an approved plan can be revised."),
    },
)
