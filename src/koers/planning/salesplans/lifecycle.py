"""The lifecycle of a sales plan, in one table (docs/decisions.md, 125):

    draft ──▶ submitted ──▶ decided
      ▲           │             │
      │           ▼             │ (the manager asks for more)
      └──────  returned ◀───────┘
                  │ (resubmitted)
                  └──▶ submitted

The owner submits; the manager of the owner's team decides each proposal, and the plan is
decided when its last open proposal is. Asking for more (a submitted or decided plan) returns it
to the owner with a comment. A returned plan is written on like a draft (its first change makes
it a draft again) and may be submitted again as it is. Who makes each move is checked by the
services, with the access policy.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Transitions
from koers.planning.models import ProposalDecision, SalesPlan, SalesPlanStatus

S = SalesPlanStatus


def _has_open_proposals(plan: SalesPlan) -> str | None:
    if not plan.proposals.filter(decision=ProposalDecision.OPEN).exists():
        return _("Add at least one new proposal before submitting the plan.")
    return None


def _all_decided(plan: SalesPlan) -> str | None:
    if plan.proposals.filter(decision=ProposalDecision.OPEN).exists():
        return _("Some proposals still await a decision.")
    return None


TRANSITIONS: Transitions = {
    S.DRAFT: {S.SUBMITTED: _has_open_proposals},
    S.SUBMITTED: {S.DECIDED: _all_decided, S.RETURNED: None},
    S.RETURNED: {S.DRAFT: None, S.SUBMITTED: _has_open_proposals},
    S.DECIDED: {S.RETURNED: None},
}

SALES_PLAN_LIFECYCLE = Lifecycle(
    SalesPlan,
    TRANSITIONS,
    refusals={
        S.DECIDED: gettext_lazy("Only a submitted plan is decided."),
        S.RETURNED: gettext_lazy("Only a submitted or decided plan can be returned for more."),
        (S.SUBMITTED, S.SUBMITTED): gettext_lazy("This plan is already submitted."),
        (S.DECIDED, S.SUBMITTED): gettext_lazy(
            "This plan is decided; your manager may ask you for more."
        ),
    },
)
