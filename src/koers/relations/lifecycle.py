"""The lifecycles of activities and commitments: one table each, checked by their services.

    activity:    planned ──▶ done
                    │  ▲
                    ▼  │ (reinstated)
                 cancelled

    commitment:  open ──▶ done ──▶ open (reopened: it was not done after all)
                   │
                   ▼
                cancelled ──▶ open

A done activity stays a record: it is not planned again (plan a new one). A cancelled one keeps
its reason and counts as not done.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Transitions
from koers.relations.models import Activity, ActivityStatus, Commitment, CommitmentStatus

A = ActivityStatus
C = CommitmentStatus


def _has_cancel_reason(activity: Activity) -> str | None:
    return None if activity.cancel_reason else _("Say why the activity is cancelled.")


def _has_done_date(commitment: Commitment) -> str | None:
    return None if commitment.done_date else _("Give the date on which it was done.")


ACTIVITY_TRANSITIONS: Transitions = {
    A.PLANNED: {A.DONE: None, A.CANCELLED: _has_cancel_reason},
    A.DONE: {},
    A.CANCELLED: {A.PLANNED: None},
}

ACTIVITY_LIFECYCLE = Lifecycle(
    Activity,
    ACTIVITY_TRANSITIONS,
    refusals={
        (A.DONE, A.DONE): gettext_lazy("This activity is already done."),
        (A.DONE, A.CANCELLED): gettext_lazy("A done activity cannot be cancelled."),
        (A.DONE, A.PLANNED): gettext_lazy("A done activity stays done: plan a new one."),
        (A.CANCELLED, A.DONE): gettext_lazy("Reinstate the cancelled activity first."),
        (A.CANCELLED, A.CANCELLED): gettext_lazy("This activity is already cancelled."),
    },
)

COMMITMENT_TRANSITIONS: Transitions = {
    C.OPEN: {C.DONE: _has_done_date, C.CANCELLED: None},
    C.DONE: {C.OPEN: None},
    C.CANCELLED: {C.OPEN: None},
}

COMMITMENT_LIFECYCLE = Lifecycle(
    Commitment,
    COMMITMENT_TRANSITIONS,
    refusals={
        (C.DONE, C.DONE): gettext_lazy("This commitment is already done."),
        (C.CANCELLED, C.DONE): gettext_lazy("Reopen the cancelled commitment first."),
        (C.DONE, C.CANCELLED): gettext_lazy("A done commitment cannot be cancelled."),
    },
)
