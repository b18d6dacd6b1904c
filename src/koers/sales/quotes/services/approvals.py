"""The approval of a quote version beyond its owner's mandate (docs/decisions.md, "Approving a
quote beyond the mandate"). Where a version leaves the review (or skips it), `route_to_approval`
asks `evaluate` (through `mandate_check`, the function the meter shows): within the mandate it is
approved for sending; beyond it, it needs approval, the manager's step first and, far beyond,
the sales director's after the manager approved. Returning makes it a draft again; a revision
is a new version and goes the same way."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.notifications.services import notify
from koers.sales.mandate import loaders
from koers.sales.mandate.meter import MandateCheck, mandate_check
from koers.sales.mandate.rules import Breach, Step
from koers.sales.models import (
    ApprovalStatus,
    ApprovalStep,
    QuoteApproval,
    QuoteEventKind,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.quotes import queries
from koers.sales.quotes.lifecycle import QUOTE_LIFECYCLE
from koers.sales.quotes.services.common import field_error, record

S = QuoteStatus
CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def check_of(version: QuoteVersion) -> MandateCheck:
    """The version as the mandate judges it today (its owner's mandate, its deal's room)."""
    quote = version.quote
    return mandate_check(
        owner=quote.owner, figures=queries.figures_of(version), opportunity=quote.opportunity
    )


def _stored(breach: Breach) -> dict[str, Any]:
    return {
        "rule": breach.rule,
        "actual": None if breach.actual is None else str(breach.actual.quantize(TENTH)),
        "limit": str(breach.limit),
        "step": breach.step,
        "line": breach.line_key,
        "product_group": breach.product_group_id,
    }


def _label(version: QuoteVersion) -> str:
    return f"{version.quote.number} {version.label}"


def _url(version: QuoteVersion) -> str:
    return reverse("sales:quote_version", args=[version.pk])


def _ask(version: QuoteVersion, step: str, check: MandateCheck, actor: User) -> QuoteApproval:
    """A pending step, its event, and a notification to whoever may decide it."""
    verdict = check.verdict
    approval = QuoteApproval.objects.create(
        quote_version=version,
        step=step,
        discount_percent=verdict.total_discount.quantize(CENT),
        margin_percent=None if verdict.margin is None else verdict.margin.quantize(TENTH),
        breaches=[_stored(b) for b in verdict.uncovered],
    )
    names = dict(ApprovalStep.choices)
    record(version, QuoteEventKind.APPROVAL_ASKED, actor, str(names[step]))
    owner = version.quote.owner
    which: Step = "director" if step == ApprovalStep.DIRECTOR else "manager"
    approvers = loaders.approvers_for(owner, which, timezone.localdate())
    notify(
        actor=actor,
        recipients=[u for u in approvers if u.pk != owner.pk],
        kind="quote_approval",
        text=lambda: (
            _("%(owner)s asks your approval of quote %(quote)s beyond the mandate")
            % {"owner": owner.get_full_name() or owner.username, "quote": _label(version)}
        ),
        url=_url(version),
    )
    return approval


def route_to_approval(*, actor: User, version: QuoteVersion, now: datetime, **changes: Any) -> bool:
    """Moves a version that passed (or skipped) the review on: approved for sending when the
    mandate allows it, else to needs approval with the manager's step pending. True when it
    needs approval."""
    check = check_of(version)
    if check.verdict.step_needed == "none":
        QUOTE_LIFECYCLE.move(version, to=S.APPROVED, approved_at=now, **changes)
        return False
    QUOTE_LIFECYCLE.move(version, to=S.NEEDS_APPROVAL, **changes)
    _ask(version, ApprovalStep.MANAGER, check, actor)
    return True


def _locked(version: QuoteVersion) -> QuoteVersion:
    return (
        QuoteVersion.objects.select_for_update()
        .select_related("quote", "quote__owner", "quote__opportunity")
        .get(pk=version.pk)
    )


def _pending(version: QuoteVersion) -> QuoteApproval:
    approval = version.approvals.filter(status=ApprovalStatus.PENDING).first()
    if version.status != S.NEEDS_APPROVAL or approval is None:
        message = _("This quote does not wait for an approval.")
        raise field_error("status", message, "status")
    return approval


def may_decide(actor: User, version: QuoteVersion, step: str) -> bool:
    """A manager of the owner's team or their delegate for the manager's step, a sales director
    or an administrator for the director's; never the owner. (A delegate of another team reads
    the version through its pending step.)"""
    owner = version.quote.owner
    if actor.pk == owner.pk or not actor.is_active:
        return False
    if step == ApprovalStep.DIRECTOR:
        allowed = access.can_approve_far_beyond(actor)
    else:
        allowed = loaders.may_approve(actor, owner, "manager", timezone.localdate())
    return allowed


def _may_decide(actor: User, version: QuoteVersion, step: str) -> None:
    if actor.pk == version.quote.owner_id:
        raise NotAllowed(_("You cannot approve your own quote: a manager of your team does."))
    if not may_decide(actor, version, step):
        raise NotAllowed(_("You may not decide on the approval of this quote."))


def _away_manager(actor: User, version: QuoteVersion, step: str) -> User | None:
    """The manager of the owner's team whom `actor` stands in for today (their delegate), when
    `actor` is not a manager of that team themselves."""
    if step != ApprovalStep.MANAGER:
        return None
    managers = loaders.team_managers(version.quote.owner)
    if any(m.pk == actor.pk for m in managers):
        return None
    delegates = loaders.delegates_on(managers, timezone.localdate())
    return next((m for m in managers if delegates.get(m.pk, m).pk == actor.pk), None)


def _decide(
    approval: QuoteApproval, actor: User, status: str, comment: str, version: QuoteVersion
) -> None:
    approval.status = status
    approval.decided_by = actor
    approval.on_behalf_of = _away_manager(actor, version, approval.step)
    approval.decided_at = timezone.now()
    approval.comment = comment.strip()[:4000]
    approval.save(update_fields=["status", "decided_by", "on_behalf_of", "decided_at", "comment"])


def _for(approval: QuoteApproval, comment: str) -> str:
    """The history's note: the comment, and for whom a delegate decided."""
    away = approval.on_behalf_of
    if away is None:
        return comment.strip()
    who = _("For %(manager)s (away).") % {"manager": away.get_full_name() or away.username}
    return f"{who} {comment.strip()}".strip()


@service
def quote_approve(*, actor: User, version: QuoteVersion, comment: str = "") -> QuoteVersion:
    """The pending step is approved. After the manager's, a quote far beyond the mandate asks
    the sales director; after the last step it is approved for sending."""
    version = _locked(version)
    approval = _pending(version)
    _may_decide(actor, version, approval.step)
    _decide(approval, actor, ApprovalStatus.APPROVED, comment, version)
    record(version, QuoteEventKind.APPROVAL_GIVEN, actor, _for(approval, comment))
    if approval.step == ApprovalStep.MANAGER:
        check = check_of(version)
        if check.verdict.step_needed == "director":
            _ask(version, ApprovalStep.DIRECTOR, check, actor)
            return version
    QUOTE_LIFECYCLE.move(version, to=S.APPROVED, approved_at=timezone.now())
    record(version, QuoteEventKind.APPROVED, actor)
    _tell_owner(actor, version, gettext_noop("%(actor)s approved quote %(quote)s: you may send it"))
    return version


@service
def quote_return(*, actor: User, version: QuoteVersion, comment: str) -> QuoteVersion:
    """The approver returns the version to its owner as a draft, saying what must change."""
    if not comment.strip():
        message = _("Say what must change before you return the quote.")
        raise field_error("comment", message, "required")
    version = _locked(version)
    approval = _pending(version)
    _may_decide(actor, version, approval.step)
    _decide(approval, actor, ApprovalStatus.RETURNED, comment, version)
    QUOTE_LIFECYCLE.move(version, to=S.DRAFT)
    record(version, QuoteEventKind.APPROVAL_RETURNED, actor, _for(approval, comment))
    _tell_owner(actor, version, gettext_noop("%(actor)s returned quote %(quote)s"))
    return version


def close_pending(version: QuoteVersion) -> int:
    """The version was withdrawn or superseded: its waiting step leaves every approver's queue
    and badge, and stays in its history as closed."""
    return QuoteApproval.objects.filter(
        quote_version_id=version.pk, status=ApprovalStatus.PENDING
    ).update(status=ApprovalStatus.CLOSED, decided_at=timezone.now())


def _tell_owner(actor: User, version: QuoteVersion, text: str) -> None:
    """`text` is a msgid, translated in the owner's language."""
    notify(
        actor=actor,
        recipients=[version.quote.owner],
        kind="quote_approval_decided",
        text=lambda: _(text) % {"actor": actor.get_full_name(), "quote": _label(version)},
        url=_url(version),
    )
