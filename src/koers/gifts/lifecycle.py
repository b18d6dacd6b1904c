"""The lifecycle of a gift, one table (docs/decisions.md, 16).

    given, at or below the limit:  planned ──▶ given          (a past date: given at once)
    given, above the limit:        requested ──▶ approved ──▶ given
                                       │   ▲         │
                                       │   └─────────┘ (its value went up: asked again)
                                       ▼
                                    refused                    (final: nothing is given)
    received:                      received                    (above the limit: flagged)

A planned gift whose value goes above the limit is requested; a requested one whose value goes
back to or below the limit is planned again and needs no decision.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from koers.core.lifecycle import Lifecycle, Transitions
from koers.gifts.models import Gift, GiftStatus

S = GiftStatus


def _within_limit(gift: Gift) -> str | None:
    if gift.above_limit:
        return _("Above the limit, a gift is given only after the manager's approval.")
    return None


def _above_limit(gift: Gift) -> str | None:
    return None if gift.above_limit else _("At or below the limit no approval is needed.")


def _has_comment(gift: Gift) -> str | None:
    return None if gift.decision_comment.strip() else _("Say why the gift is refused.")


GIFT_TRANSITIONS: Transitions = {
    S.PLANNED: {S.GIVEN: _within_limit, S.REQUESTED: _above_limit},
    S.REQUESTED: {S.APPROVED: None, S.REFUSED: _has_comment, S.PLANNED: _within_limit},
    S.APPROVED: {S.GIVEN: None, S.REQUESTED: _above_limit},
    S.REFUSED: {},
    S.GIVEN: {},
    S.RECEIVED: {},
}

GIFT_LIFECYCLE = Lifecycle(
    Gift,
    GIFT_TRANSITIONS,
    refusals={
        S.APPROVED: gettext_lazy("Only a gift awaiting approval can be approved."),
        S.REFUSED: gettext_lazy("Only a gift awaiting approval can be refused."),
        (S.REQUESTED, S.GIVEN): gettext_lazy(
            "This gift awaits the manager's approval: it cannot be given yet."
        ),
        (S.REFUSED, S.GIVEN): gettext_lazy("A refused gift is not given."),
        (S.GIVEN, S.GIVEN): gettext_lazy("This gift has been given already."),
        (S.RECEIVED, S.GIVEN): gettext_lazy("A received gift is not given by us."),
    },
)
