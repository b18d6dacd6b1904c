"""Relationship care: activities (visits, calls, ...), visit reports, commitments both ways, and
the contact norms that say how often an account wants to hear from us.

Every object here belongs to an account, and its access follows that account
(`relations/queries.py`, through `core.access.scope_through_account`). An activity with a branch
of a chain is an activity with that branch: a branch is an account of its own, with its own tier
and norm, and the chain's page gathers its branches' activities through `root`.
"""

from koers.relations.models.activities import (
    REPORTED_KINDS,
    USER_CANCEL_REASONS,
    Activity,
    ActivityKind,
    ActivityStatus,
    CancelReason,
    ReportComment,
    VisitReport,
)
from koers.relations.models.calendar import (
    CalendarFeed,
    CalendarSync,
    CalendarSyncStatus,
    SyncedEvent,
)
from koers.relations.models.commitments import (
    Commitment,
    CommitmentDirection,
    CommitmentSource,
    CommitmentStatus,
    DueDateChange,
)
from koers.relations.models.norms import (
    AccountNorm,
    ContactNorm,
    ContactState,
    CountingKind,
    DigestSent,
    RoleNorm,
)
from koers.relations.models.schedules import FollowUpRule, VisitSchedule
from koers.relations.models.visit_kit import Recap, RecapRecipient, ReportPhoto

__all__ = [
    "REPORTED_KINDS",
    "USER_CANCEL_REASONS",
    "AccountNorm",
    "Activity",
    "ActivityKind",
    "ActivityStatus",
    "CalendarFeed",
    "CalendarSync",
    "CalendarSyncStatus",
    "CancelReason",
    "Commitment",
    "CommitmentDirection",
    "CommitmentSource",
    "CommitmentStatus",
    "ContactNorm",
    "ContactState",
    "CountingKind",
    "DigestSent",
    "DueDateChange",
    "FollowUpRule",
    "Recap",
    "RecapRecipient",
    "ReportComment",
    "ReportPhoto",
    "RoleNorm",
    "SyncedEvent",
    "VisitReport",
    "VisitSchedule",
]
