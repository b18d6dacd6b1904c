"""The lifecycle of a complaint: one table, checked by its services (decision 16).

    received ──▶ in progress ──▶ solved ──▶ verified (the customer confirmed satisfaction)
        │             │  ▲          │
        │             │  └──────────┘ reopened (the customer is not satisfied)
        ▼             ▼
      rejected ◀──────┘   (with the reason; reopened ──▶ in progress, if we think again)

"Reopened" is a move, not a status: a reopened complaint is in progress again, with the reason
in `reopen_reason`, and `times_reopened` counts how often that happened. The reason tells the two
moves to "in progress" apart: taking a received complaint in hand has none, reopening needs one.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.complaints.models import Complaint, ComplaintStatus
from koers.core.lifecycle import Lifecycle, Transitions

S = ComplaintStatus


def _has_solution(complaint: Complaint) -> str | None:
    return None if complaint.solution.strip() else _("Describe the solution.")


def _has_answer(complaint: Complaint) -> str | None:
    return None if complaint.customer_answer.strip() else _("Give the customer's answer.")


def _has_reason(complaint: Complaint) -> str | None:
    return None if complaint.reject_reason.strip() else _("Say why the complaint is rejected.")


def _not_a_reopen(complaint: Complaint) -> str | None:
    if complaint.reopen_reason.strip():
        return _("Only a solved or rejected complaint can be reopened.")
    return None


def _has_reopen_reason(complaint: Complaint) -> str | None:
    if complaint.reopen_reason.strip():
        return None
    return _("To take up a solved or rejected complaint again, reopen it with the reason.")


TRANSITIONS: Transitions = {
    S.RECEIVED: {S.IN_PROGRESS: _not_a_reopen, S.SOLVED: _has_solution, S.REJECTED: _has_reason},
    S.IN_PROGRESS: {S.SOLVED: _has_solution, S.REJECTED: _has_reason},
    S.SOLVED: {S.VERIFIED: _has_answer, S.IN_PROGRESS: _has_reopen_reason},
    S.REJECTED: {S.IN_PROGRESS: _has_reopen_reason},
    S.VERIFIED: {},
}

COMPLAINT_LIFECYCLE = Lifecycle(
    Complaint,
    TRANSITIONS,
    refusals={
        S.VERIFIED: gettext_lazy("Only a solved complaint can be verified with the customer."),
        (S.VERIFIED, S.IN_PROGRESS): gettext_lazy(
            "The customer confirmed this complaint was solved: register a new one."
        ),
        (S.IN_PROGRESS, S.IN_PROGRESS): gettext_lazy("This complaint is already in progress."),
        S.SOLVED: gettext_lazy("Only an open complaint can be solved."),
        S.REJECTED: gettext_lazy("Only an open complaint can be rejected."),
    },
)
