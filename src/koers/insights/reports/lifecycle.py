"""The lifecycle of an accountability report, in one table (docs/decisions.md, 141), the same
shape as an account plan's:

    draft ──▶ submitted ──▶ closed
      ▲           │
      │           ▼
      └──────  returned ──▶ submitted (again)

A returned report is written on like a draft (its first change makes it a draft again) and may
be submitted again as it is. The owner submits; the manager of the owner's team comments,
closes or returns (checked by the services, with the access policy). Closed is final.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Transitions
from koers.insights.reports.models import AccountabilityReport, ReportStatus

S = ReportStatus


def _causes_given(report: AccountabilityReport) -> str | None:
    """Every material deviation of the figures being submitted has a cause."""
    content: dict[str, Any] = report.snapshot or {}
    missing = [d for d in content.get("deviations", []) if not d.get("cause")]
    if missing:
        return _("Give a cause for every material deviation before submitting the report.")
    return None


TRANSITIONS: Transitions = {
    S.DRAFT: {S.SUBMITTED: _causes_given},
    S.SUBMITTED: {S.CLOSED: None, S.RETURNED: None},
    S.RETURNED: {S.DRAFT: None, S.SUBMITTED: _causes_given},
    S.CLOSED: {},
}

REPORT_LIFECYCLE = Lifecycle(
    AccountabilityReport,
    TRANSITIONS,
    refusals={
        S.CLOSED: gettext_lazy("Only a submitted report can be closed."),
        S.RETURNED: gettext_lazy("Only a submitted report can be returned."),
        (S.SUBMITTED, S.SUBMITTED): gettext_lazy("This report is already submitted."),
        (S.CLOSED, S.SUBMITTED): gettext_lazy("This report is closed."),
    },
)
