"""The stages of an opportunity: one table, checked by its services (decision 16).

    prepare ⇄ approach and qualify ⇄ needs analysis ⇄ proposal / quote ⇄ negotiation
        (every open stage may move to every other open stage, forward or back)
                │                                          │
                ▼                                          ▼
              lost (with the reason)                     won (with the date)

Won and lost are closed: read-only, and left only by "reopen", which a manager does with a
reason (`opportunity_reopen`), back to an open stage. As with complaints, the reason tells the
moves apart: a move from a closed stage without a reopen reason is refused.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Rule, Transitions
from koers.sales.models import CLOSED_STAGES, OPEN_STAGES, Opportunity, Stage


def _has_lost_reason(opportunity: Opportunity) -> str | None:
    if opportunity.lost_reason:
        return None
    return _("Choose why the opportunity was lost.")


def _has_won_on(opportunity: Opportunity) -> str | None:
    return None if opportunity.won_on else _("Give the date the opportunity was won.")


def _is_reopen(opportunity: Opportunity) -> str | None:
    if opportunity.reopen_reason.strip():
        return None
    return _("A won or lost opportunity is closed: a manager can reopen it.")


def _open_moves(current: str) -> dict[str, Rule]:
    moves: dict[str, Rule] = {stage: None for stage in OPEN_STAGES if stage != current}
    moves[Stage.WON] = _has_won_on
    moves[Stage.LOST] = _has_lost_reason
    return moves


TRANSITIONS: Transitions = {
    **{stage: _open_moves(stage) for stage in OPEN_STAGES},
    **{closed: dict.fromkeys(OPEN_STAGES, _is_reopen) for closed in CLOSED_STAGES},
}

OPPORTUNITY_LIFECYCLE = Lifecycle(
    Opportunity,
    TRANSITIONS,
    field="stage",
    refusals={
        (Stage.WON, Stage.LOST): gettext_lazy(
            "A won opportunity cannot be lost: a manager can reopen it first."
        ),
        (Stage.LOST, Stage.WON): gettext_lazy(
            "A lost opportunity cannot be won: a manager can reopen it first."
        ),
        (Stage.WON, Stage.WON): gettext_lazy("This opportunity is already won."),
        (Stage.LOST, Stage.LOST): gettext_lazy("This opportunity is already lost."),
    },
)


def stages_after(current: str) -> list[str]:
    """The stages a user may pick in the stage-change form (reopening is its own form)."""
    return [s for s in OPPORTUNITY_LIFECYCLE.targets(current) if current not in CLOSED_STAGES]
