"""The statuses of a quote version: one table, checked by its services.

    draft ──submit──▶ in review ──review ok──▶ approved for sending ──▶ sent ──▶ accepted
      ▲                  │   └──beyond the mandate──▶ needs approval ──▶ approved     declined
      └──returned────────┘                                                          expired
    withdrawn: from every open status; superseded: an open version replaced by a revision,
    or a variant whose sibling was accepted.

Submitting skips the review when the administrator switched it off below an amount
(`QuoteSettings.review_from`). After the review (or without it) a version beyond its owner's
mandate needs approval (`services/approvals.py`): returned, it is a draft again; approved (the
last step), it is approved for sending. It cannot be sent before. Only a draft
changes; every other status is read-only, and a change after it is a new version.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Rule, Transitions
from koers.sales.models import OPEN_QUOTE_STATUSES, ApprovalStatus, QuoteStatus, QuoteVersion

S = QuoteStatus

NOT_APPROVED = gettext_lazy(
    "This quote is beyond its owner's mandate and waits for approval: it cannot be sent until "
    "it is approved."
)


def _has_lines(version: QuoteVersion) -> str | None:
    if version.net_total > 0 or version.groups.filter(lines__isnull=False).exists():
        return None
    return _("Add at least one line before you submit the quote.")


def _still_valid(version: QuoteVersion) -> str | None:
    if version.valid_until >= timezone.localdate():
        return None
    return _("The quote's validity date has passed: give a new date first.")


def _approval_done(version: QuoteVersion) -> str | None:
    """No step of the approval beyond the mandate still waits (the table never lets a version
    that needs approval through; this guards a version approved by any other path)."""
    if not version.approvals.filter(status=ApprovalStatus.PENDING).exists():
        return None
    return str(NOT_APPROVED)


def _sendable(version: QuoteVersion) -> str | None:
    return _approval_done(version) or _still_valid(version)


def _has_decline_reason(version: QuoteVersion) -> str | None:
    return None if version.decline_reason.strip() else _("Say why the customer declined.")


def _has_withdraw_reason(version: QuoteVersion) -> str | None:
    return None if version.withdraw_reason.strip() else _("Say why the quote is withdrawn.")


def _has_remarks(version: QuoteVersion) -> str | None:
    if version.review_remarks.strip():
        return None
    return _("Write what must change before you return the quote.")


def _has_acceptor(version: QuoteVersion) -> str | None:
    if version.accepted_by_name.strip():
        return None
    return _("Name who agreed at the customer.")


def _with_withdraw(moves: dict[str, Rule]) -> dict[str, Rule]:
    return {**moves, S.WITHDRAWN: _has_withdraw_reason, S.SUPERSEDED: None}


TRANSITIONS: Transitions = {
    S.DRAFT: {
        S.IN_REVIEW: _has_lines,
        # The review is off below an amount: straight on.
        S.APPROVED: _has_lines,
        S.NEEDS_APPROVAL: _has_lines,
        S.WITHDRAWN: _has_withdraw_reason,
    },
    S.IN_REVIEW: _with_withdraw({S.APPROVED: None, S.NEEDS_APPROVAL: None, S.DRAFT: _has_remarks}),
    S.NEEDS_APPROVAL: _with_withdraw({S.APPROVED: None, S.DRAFT: None}),
    S.APPROVED: _with_withdraw({S.SENT: _sendable}),
    S.SENT: _with_withdraw(
        {
            S.ACCEPTED: _has_acceptor,
            S.DECLINED: _has_decline_reason,
            S.EXPIRED: None,
        }
    ),
    # Extended with a later date (`services/validity.py`): sent again, while valid.
    S.EXPIRED: {S.SENT: _still_valid},
}

QUOTE_LIFECYCLE = Lifecycle(
    QuoteVersion,
    TRANSITIONS,
    refusals={
        S.SENT: gettext_lazy("Only a quote approved for sending can be sent."),
        S.ACCEPTED: gettext_lazy("Only a sent quote can be accepted."),
        S.DECLINED: gettext_lazy("Only a sent quote can be declined."),
        S.EXPIRED: gettext_lazy("Only a sent quote can expire."),
        S.IN_REVIEW: gettext_lazy("Only a draft can be submitted."),
        S.WITHDRAWN: gettext_lazy("Only an open quote can be withdrawn."),
        (S.NEEDS_APPROVAL, S.SENT): NOT_APPROVED,
        (S.EXPIRED, S.ACCEPTED): gettext_lazy(
            "This quote has expired: it can no longer be accepted. Make a new version."
        ),
        (S.WITHDRAWN, S.ACCEPTED): gettext_lazy("This quote was withdrawn: it cannot be accepted."),
        (S.DECLINED, S.ACCEPTED): gettext_lazy(
            "The customer declined this quote: make a new version to offer it again."
        ),
        (S.SUPERSEDED, S.ACCEPTED): gettext_lazy(
            "This version was superseded by a newer one: it can never be accepted."
        ),
    },
)

# Moves a user asks for by name on the page and in the API (the rest follow from these).
EDITABLE_STATUSES = (S.DRAFT,)
OPEN_STATUSES = OPEN_QUOTE_STATUSES


def may_move(version: QuoteVersion, to: str) -> bool:
    """The table lists the move (its rule is asked when the move is made)."""
    return to in QUOTE_LIFECYCLE.targets(version.status)
