"""The lifecycle of an improvement proposal, one table (docs/decisions.md, 16).

    submitted ──▶ accepted
        │  └────▶ rejected
        ▼            ▲
      parked ───────┘ (or accepted later)

    submitted, parked ──▶ withdrawn (by the proposer)

Every decision is the manager's, with a comment: the proposer reads the answer. While the
manager has not decided (submitted or parked), the proposer may withdraw it; no comment needed.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Transitions
from koers.proposals.models import Proposal, ProposalStatus

S = ProposalStatus


def _has_comment(proposal: Proposal) -> str | None:
    if proposal.decision_comment.strip():
        return None
    return _("Write a comment: the proposer reads it as your answer.")


PROPOSAL_TRANSITIONS: Transitions = {
    S.SUBMITTED: {
        S.ACCEPTED: _has_comment,
        S.REJECTED: _has_comment,
        S.PARKED: _has_comment,
        S.WITHDRAWN: None,
    },
    S.PARKED: {S.ACCEPTED: _has_comment, S.REJECTED: _has_comment, S.WITHDRAWN: None},
    S.ACCEPTED: {},
    S.REJECTED: {},
    S.WITHDRAWN: {},
}

PROPOSAL_LIFECYCLE = Lifecycle(
    Proposal,
    PROPOSAL_TRANSITIONS,
    refusals={
        S.ACCEPTED: gettext_lazy("Only a proposal awaiting a decision or parked can be accepted."),
        S.REJECTED: gettext_lazy("Only a proposal awaiting a decision or parked can be rejected."),
        S.PARKED: gettext_lazy("Only a proposal awaiting a decision can be parked."),
        S.WITHDRAWN: gettext_lazy(
            "Only a proposal awaiting a decision or parked can be withdrawn."
        ),
    },
)
