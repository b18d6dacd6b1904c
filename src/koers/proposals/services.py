"""Every write of improvement proposals (`@service`: one transaction, the actor in the history).

Submitting tells the proposer's manager(s); each decision (accept, reject, park) is the
manager's, with a comment, kept as a `ProposalDecision`, and tells the proposer
(`koers.notifications`, e-mailed once after the commit). While the manager has not decided
(submitted or parked), the proposer may change the proposal (the model's history keeps every
version) or withdraw it (a move of the lifecycle, kept as a `ProposalDecision` too, and told to
the manager).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.complaints.models import Complaint
from koers.complaints.queries import complaints_readable
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.notifications.services import notify
from koers.proposals import queries
from koers.proposals.lifecycle import PROPOSAL_LIFECYCLE
from koers.proposals.models import Proposal, ProposalDecision, ProposalKind, ProposalStatus

S = ProposalStatus
MAX_LINKS = 200


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check_texts(kind: str, texts: dict[str, str]) -> None:
    errors: dict[str, ValidationError] = {}
    if kind not in ProposalKind.values:
        errors["kind"] = ValidationError(
            _("Choose the range, the service or a work process."), code="invalid"
        )
    for name, value in texts.items():
        if not value:
            errors[name] = ValidationError(_("This field is required."), code="required")
    if errors:
        raise ValidationError(errors)


def _readable_links(
    actor: User, complaints: Iterable[Complaint], accounts: Iterable[Account]
) -> tuple[list[int], list[int]]:
    """The ids of the complaints and accounts, each of which `actor` must be able to read; the
    accounts of the complaints are linked too."""
    complaint_ids = sorted({c.pk for c in complaints})
    account_ids = {a.pk for a in accounts}
    if len(complaint_ids) > MAX_LINKS or len(account_ids) > MAX_LINKS:
        raise _error("complaints", _("Link at most 200 complaints and 200 accounts."), "invalid")
    readable = dict(
        complaints_readable(actor).filter(pk__in=complaint_ids).values_list("pk", "account_id")
    )
    if len(readable) != len(complaint_ids):
        raise _error("complaints", _("There is no complaint with this number."), "not_found")
    account_ids |= set(readable.values())
    found = set(
        access.accounts_readable(actor).filter(pk__in=account_ids).values_list("pk", flat=True)
    )
    if found != account_ids:
        raise _error("accounts", _("There is no account with this id."), "not_found")
    return complaint_ids, sorted(account_ids)


def _url(proposal: Proposal) -> str:
    return reverse("proposals:proposal_detail", args=[proposal.pk])


@service
def proposal_submit(
    *,
    actor: User,
    kind: str,
    title: str,
    what: str,
    why: str,
    expected_effect: str,
    market_signals: str = "",
    complaints: Iterable[Complaint] = (),
    accounts: Iterable[Account] = (),
) -> Proposal:
    """Records `actor`'s proposal, linked to complaints and accounts they may read (and to the
    accounts of those complaints), and tells their manager."""
    if not queries.may_propose(actor):
        raise NotAllowed
    texts = {
        "title": title.strip(),
        "what": what.strip(),
        "why": why.strip(),
        "expected_effect": expected_effect.strip(),
    }
    _check_texts(kind, texts)
    complaint_ids, account_ids = _readable_links(actor, complaints, accounts)
    proposal = Proposal.objects.create(
        kind=kind,
        market_signals=market_signals.strip(),
        proposer=actor,
        status=S.SUBMITTED,
        submitted_at=timezone.now(),
        **texts,
    )
    proposal.complaints.set(complaint_ids)
    proposal.accounts.set(account_ids)
    notify(
        actor=actor,
        recipients=queries.deciders_of(actor),
        kind="proposal_submitted",
        text=lambda: (
            _("%(name)s proposes an improvement: %(title)s")
            % {"name": str(actor), "title": proposal.title}
        ),
        url=_url(proposal),
    )
    return proposal


DECISION_TEXTS: dict[str, Callable[[str], str]] = {
    S.ACCEPTED: lambda title: _("Your proposal “%(title)s” is accepted.") % {"title": title},
    S.REJECTED: lambda title: _("Your proposal “%(title)s” is rejected.") % {"title": title},
    S.PARKED: lambda title: _("Your proposal “%(title)s” is parked.") % {"title": title},
}


def _decide(actor: User, proposal: Proposal, to: str, comment: str) -> Proposal:
    if not queries.may_decide_on(actor, proposal):
        raise NotAllowed
    now = timezone.now()
    # Locked first, so the decision row names the status that was decided from.
    locked = Proposal.objects.select_for_update().select_related("proposer").get(pk=proposal.pk)
    before = locked.status
    comment = comment.strip()
    moved = PROPOSAL_LIFECYCLE.move(
        locked,
        to=to,
        decided_by=actor,
        decided_at=now,
        decision_comment=comment,
        version=locked.version + 1,
    )
    ProposalDecision.objects.create(
        proposal=moved,
        from_status=before,
        to_status=to,
        decided_by=actor,
        decided_at=now,
        comment=comment,
    )
    text = DECISION_TEXTS[to]
    notify(
        actor=actor,
        recipients=[moved.proposer],
        kind="proposal_decided",
        text=lambda: text(moved.title),
        url=_url(moved),
    )
    return moved


@service
def proposal_accept(*, actor: User, proposal: Proposal, comment: str) -> Proposal:
    """The manager adopts the proposal (the indicator of seeds/002 counts these)."""
    return _decide(actor, proposal, S.ACCEPTED, comment)


@service
def proposal_reject(*, actor: User, proposal: Proposal, comment: str) -> Proposal:
    return _decide(actor, proposal, S.REJECTED, comment)


@service
def proposal_park(*, actor: User, proposal: Proposal, comment: str) -> Proposal:
    """Not now: a parked proposal may later be accepted or rejected."""
    return _decide(actor, proposal, S.PARKED, comment)


# What the proposer may change while the manager has not decided.
EDITABLE = ("kind", "title", "what", "why", "expected_effect", "market_signals")


def _proposer_only(actor: User, proposal: Proposal) -> None:
    if actor.pk != proposal.proposer_id or not queries.may_propose(actor):
        raise NotAllowed(_("Only the proposer may change or withdraw a proposal."))


def _relink(
    actor: User, proposal: Proposal, data: dict[str, Any]
) -> tuple[list[int], list[int]] | None:
    """The new links when `complaints` or `accounts` is in `data`, checked as on submitting.

    Accounts not sent keep the ones linked by hand (not through a complaint) and take those of
    the complaints now linked."""
    if "complaints" not in data and "accounts" not in data:
        return None
    old = list(proposal.complaints.all())
    complaints = data.get("complaints", old)
    if "accounts" in data:
        accounts = list(data["accounts"])
    else:
        through = {c.account_id for c in Complaint.objects.filter(pk__in=[c.pk for c in old])}
        accounts = [a for a in proposal.accounts.all() if a.pk not in through]
    return _readable_links(actor, complaints, accounts)


@service
def proposal_update(
    *, actor: User, proposal: Proposal, expected_version: int, data: dict[str, Any]
) -> Proposal:
    """The proposer changes the texts and the links while the manager has not decided; an older
    `expected_version` is a StaleVersionError (someone, the manager too, acted meanwhile)."""
    _proposer_only(actor, proposal)
    locked = lock_version(Proposal, proposal.pk, expected_version)
    if not locked.undecided:
        message = _("A proposal that is decided or withdrawn cannot be changed.")
        raise _error("status", message, "status")
    for key in EDITABLE:
        if key in data:
            value = data[key]
            setattr(locked, key, value.strip() if isinstance(value, str) else value)
    texts = {name: getattr(locked, name) for name in ("title", "what", "why", "expected_effect")}
    _check_texts(locked.kind, texts)
    links = _relink(actor, locked, data)
    saved = save_version(locked)
    if links is not None:
        saved.complaints.set(links[0])
        saved.accounts.set(links[1])
    return saved


@service
def proposal_withdraw(*, actor: User, proposal: Proposal, reason: str = "") -> Proposal:
    """The proposer takes the proposal back before the manager decides; the manager is told."""
    _proposer_only(actor, proposal)
    now = timezone.now()
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    before = locked.status
    moved = PROPOSAL_LIFECYCLE.move(locked, to=S.WITHDRAWN, version=locked.version + 1)
    ProposalDecision.objects.create(
        proposal=moved,
        from_status=before,
        to_status=S.WITHDRAWN,
        decided_by=actor,
        decided_at=now,
        comment=reason.strip(),
    )
    notify(
        actor=actor,
        recipients=queries.deciders_of(actor),
        kind="proposal_withdrawn",
        text=lambda: (
            _("%(name)s withdrew the proposal: %(title)s")
            % {"name": str(actor), "title": moved.title}
        ),
        url=_url(moved),
    )
    return moved
