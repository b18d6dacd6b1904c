"""What a quote's page shows of the mandate: the live meter (the same `evaluate` that routes
the version to approval), where each line stands, the approval's history, and the approve /
return form for whoever may decide the pending step."""

from __future__ import annotations

from typing import Any

from django.forms import Form

from koers.core.models import User
from koers.sales.mandate.meter import mandate_meter
from koers.sales.models import ApprovalStatus, QuoteStatus, QuoteVersion
from koers.sales.quotes import approval_queries, forms, queries
from koers.sales.quotes.services.approvals import may_decide

# A sent or closed version is what it was: the meter is for the versions still on their way.
METERED = (QuoteStatus.DRAFT, QuoteStatus.IN_REVIEW, QuoteStatus.NEEDS_APPROVAL)


def _meter(version: QuoteVersion, groups: list[Any]) -> dict[str, Any] | None:
    if version.status not in METERED:
        return None
    quote = version.quote
    meter = mandate_meter(
        owner=quote.owner, figures=queries.figures_of(version), opportunity=quote.opportunity
    )
    standing = {line["key"]: line for line in meter["lines"]}
    for group in groups:
        for line in group.lines.all():
            line.mandate = standing.get(str(line.pk))
    return meter


def mandate_context(
    user: User, version: QuoteVersion, groups: list[Any], bound: Form | None
) -> dict[str, Any]:
    history = approval_queries.history_of(version.pk)
    pending = next((a for a in history if a.status == ApprovalStatus.PENDING), None)
    decides = (
        pending is not None
        and version.status == QuoteStatus.NEEDS_APPROVAL
        and may_decide(user, version, pending.step)
    )
    returned = [a for a in history if a.status == ApprovalStatus.RETURNED]
    return {
        "meter": _meter(version, groups),
        "approvals": history,
        "pending_approval": pending,
        "approval_form": (bound or forms.ApprovalForm(prefix="approval")) if decides else None,
        "returned_approval": returned[-1] if returned and version.is_draft else None,
    }
