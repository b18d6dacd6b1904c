"""The stage moves of an opportunity: by the lifecycle's rules, each written as a
`StageChange`; reopening a closed one is a manager's (decision 90). A board calls
`opportunity_stage_change` as the page does."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.relations.services.people import check_contacts
from koers.sales.models import (
    CLOSED_STAGES,
    OPEN_STAGES,
    Competitor,
    LostReason,
    Opportunity,
    Stage,
    WonReason,
)
from koers.sales.opportunities.lifecycle import OPPORTUNITY_LIFECYCLE
from koers.sales.opportunities.services.opportunities import (
    check_open,
    field_error,
    may_change,
    record_move,
)


def _lost_fields(
    to: str,
    *,
    account: Account,
    lost_reason: str,
    lost_to: Competitor | None,
    price_gap: Decimal | None,
    decided_by: Contact | None,
    lost_note: str,
) -> dict[str, Any]:
    if to != Stage.LOST:
        return {}
    if not lost_reason:
        raise field_error("lost_reason", _("Choose why the opportunity was lost."), "needs_field")
    if lost_reason not in LostReason.values:
        raise field_error("lost_reason", _("Choose a reason from the list."), "invalid")
    if lost_reason == LostReason.COMPETITOR and lost_to is None:
        raise field_error("lost_to", _("Name the competitor who won."), "needs_field")
    if price_gap is not None and not (Decimal("-100") <= price_gap <= Decimal("100")):
        raise field_error("price_gap", _("Give the price gap in percent, -100 to 100."), "range")
    if decided_by is not None:
        check_contacts(account, [decided_by], field="decided_by")
    return {
        "lost_reason": lost_reason,
        "lost_to": lost_to,
        "price_gap": price_gap,
        "decided_by": decided_by,
        "lost_note": lost_note.strip(),
        "closed_at": timezone.now(),
    }


def _won_fields(to: str, won_on: date | None, won_reason: str, won_note: str) -> dict[str, Any]:
    """The date, and why when the user says: the reason is optional (decision 155), as
    accepting a quote wins the deal without anyone to ask."""
    if to != Stage.WON:
        return {}
    today = timezone.localdate()
    if won_on is not None and won_on > today:
        raise field_error("won_on", _("An opportunity cannot be won in the future."), "future")
    if won_reason and won_reason not in WonReason.values:
        raise field_error("won_reason", _("Choose a reason from the list."), "invalid")
    return {
        "won_on": won_on or today,
        "won_reason": won_reason,
        "won_note": won_note.strip(),
        "closed_at": timezone.now(),
    }


@service
def opportunity_stage_change(
    *,
    actor: User,
    opportunity: Opportunity,
    to: str,
    lost_reason: str = "",
    lost_to: Competitor | None = None,
    price_gap: Decimal | None = None,
    decided_by: Contact | None = None,
    lost_note: str = "",
    won_on: date | None = None,
    won_reason: str = "",
    won_note: str = "",
    note: str = "",
) -> Opportunity:
    """Moves an open opportunity to another stage, by the lifecycle's rules: lost needs a
    reason (from the list; the competitor who won when that is the reason), won sets the date
    (today unless given) and records why when given (a reason from the list, a note). The
    stage's default probability applies again (the override is cleared). Every move is a
    `StageChange`. The board calls this too."""
    may_change(actor, opportunity)
    if to not in Stage.values:
        raise field_error("stage", _("Choose a stage from the list."), "invalid")
    before = (
        Opportunity.objects.select_for_update()
        .values_list("stage", "version")
        .get(pk=opportunity.pk)
    )
    if before[0] in CLOSED_STAGES:
        opportunity.stage = before[0]
        check_open(opportunity)
    changes = {
        **_lost_fields(
            to,
            account=opportunity.account,
            lost_reason=lost_reason,
            lost_to=lost_to,
            price_gap=price_gap,
            decided_by=decided_by,
            lost_note=lost_note,
        ),
        **_won_fields(to, won_on, won_reason, won_note),
    }
    moved = OPPORTUNITY_LIFECYCLE.move(
        opportunity, to=to, version=before[1] + 1, probability=None, **changes
    )
    record_move(moved, before[0], actor, note)
    return moved


@service
def opportunity_reopen(
    *, actor: User, opportunity: Opportunity, to: str, reason: str
) -> Opportunity:
    """A manager takes a won or lost deal up again, in an open stage, with the reason. The
    won date and reason and the lost fields are cleared (the history keeps them)."""
    may_change(actor, opportunity)
    if not access.can_reopen_deal(actor):
        raise NotAllowed(_("Only a manager can reopen an opportunity."))
    if not reason.strip():
        raise field_error("reason", _("Say why the opportunity is reopened."), "needs_field")
    if to not in OPEN_STAGES:
        raise field_error("stage", _("Choose an open stage."), "invalid")
    stored = Opportunity.objects.select_for_update().values_list("stage", "version")
    before, version = stored.get(pk=opportunity.pk)
    if before not in CLOSED_STAGES:
        raise field_error("stage", _("Only a won or lost opportunity can be reopened."), "status")
    moved = OPPORTUNITY_LIFECYCLE.move(
        opportunity,
        to=to,
        version=version + 1,
        reopen_reason=reason.strip(),
        times_reopened=opportunity.times_reopened + 1,
        won_on=None,
        won_reason="",
        won_note="",
        closed_at=None,
        lost_reason="",
        lost_to=None,
        price_gap=None,
        decided_by=None,
        lost_note="",
        probability=None,
    )
    record_move(moved, before, actor, reason.strip())
    return moved
