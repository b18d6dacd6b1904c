"""Writes to opportunities: create, change, the estimate's lines, the negotiation room, the
qualification and the competitors. The stage moves are in `stages.py`.

Who may: whoever may change the account (`queries.may_change`); reopening is for managers and
administrators (`access.can_reopen_deal`). A won or lost opportunity is read-only: every write
but `opportunity_reopen` refuses it, naming the stage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.relations.services.people import account_people, check_contacts, check_owner
from koers.sales.models import (
    CLOSED_STAGES,
    OPEN_STAGES,
    Competitor,
    Decision,
    Opportunity,
    OpportunityLine,
    Product,
    Stage,
    StageChange,
)
from koers.sales.models.opportunities import QUALIFICATION_FIELDS, SCORE_MAX
from koers.sales.opportunities import queries
from koers.sales.opportunities.campaign_link import check_campaign
from koers.sales.opportunities.services.dmu import add_deal_contacts
from koers.sales.pricing import price_for

Line = tuple[Product, Decimal]


def field_error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def may_change(actor: User, opportunity: Opportunity) -> None:
    if not queries.may_change(actor, opportunity):
        raise NotAllowed(_("You may not change this opportunity."))


def check_open(opportunity: Opportunity) -> None:
    """A won or lost opportunity is read-only."""
    if opportunity.stage in CLOSED_STAGES:
        message = _("A won or lost opportunity is closed: a manager can reopen it.")
        raise field_error("stage", message, "status")


def bump(opportunity: Opportunity) -> Opportunity:
    """The next version, so that an open form sees that something changed (row locked)."""
    stored = (
        Opportunity.objects.select_for_update()
        .values_list("version", flat=True)
        .get(pk=opportunity.pk)
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(version=stored + 1)
    opportunity.version = stored + 1
    return opportunity


def record_move(opportunity: Opportunity, before: str, actor: User, note: str = "") -> StageChange:
    return StageChange.objects.create(
        opportunity=opportunity,
        account_id=opportunity.account_id,
        from_stage=before,
        to_stage=opportunity.stage,
        by=actor,
        at=timezone.now(),
        note=note[:300],
    )


def _check_branch(account: Account, branch: Account | None) -> None:
    if branch is None:
        return
    root = account.root_id or account.pk
    if branch.pk == account.pk or (branch.root_id or branch.pk) != root:
        raise field_error("branch", _("Choose a branch of this account."), "not_at_account")


def _default_owner(actor: User, account: Account) -> User:
    """The one who creates it, when they work the account; otherwise the account's owner."""
    return actor if actor.pk in account_people(account) else account.owner


def _priced_lines(opportunity: Opportunity, lines: Sequence[Line]) -> list[OpportunityLine]:
    """Each product at the price for the account (or its branch) today, rounded per line."""
    customer = opportunity.branch or opportunity.account
    today = timezone.localdate()
    priced = []
    for position, (product, quantity) in enumerate(lines):
        try:
            price = price_for(product=product, account=customer, on=today, quantity=quantity)
        except ValidationError as error:
            raise field_error("lines", " ".join(error.messages), "not_active") from error
        priced.append(
            OpportunityLine(
                opportunity=opportunity,
                product=product,
                quantity=quantity,
                unit_price=price.unit_price,
                price_source=price.source.value,
                amount=price.net,
                position=position,
            )
        )
    return priced


def _write_lines(opportunity: Opportunity, lines: Sequence[Line]) -> None:
    priced = _priced_lines(opportunity, lines)
    opportunity.lines.all().delete()
    OpportunityLine.objects.bulk_create(priced)
    opportunity.amount = sum((line.amount for line in priced), Decimal("0.00"))


@service
def opportunity_create(
    *,
    actor: User,
    account: Account,
    title: str,
    close_on: date,
    owner: User | None = None,
    branch: Account | None = None,
    need: str = "",
    solution: str = "",
    amount: Decimal | None = None,
    lines: Sequence[Line] = (),
    source: str = "visit",
    campaign: Any = None,
    stage: str = Stage.PREPARE,
    probability: int | None = None,
    contacts: Iterable[Contact] = (),
    competitors: Iterable[Competitor] = (),
) -> Opportunity:
    """A new opportunity, in an open stage, with the DMU of the deal copied from the contacts'
    positions at the account, and its first `StageChange` (from nothing)."""
    if not queries.may_create_for(actor, account):
        raise NotAllowed(_("You may not add opportunities to this account."))
    if stage not in OPEN_STAGES:
        raise field_error("stage", _("A new opportunity starts in an open stage."), "status")
    owner = owner or _default_owner(actor, account)
    if owner.pk != account.owner_id:
        check_owner(actor, account, owner)
    _check_branch(account, branch)
    contacts = list(dict.fromkeys(contacts))
    check_contacts(account, contacts)
    opportunity = Opportunity(
        account=account,
        branch=branch,
        title=title.strip(),
        need=need.strip(),
        solution=solution.strip(),
        amount=amount if amount is not None else Decimal("0.00"),
        close_on=close_on,
        source=source,
        campaign=campaign,
        owner=owner,
        stage=stage,
        probability=probability,
        created_by=actor,
    )
    check_campaign(actor, opportunity, changed=True)
    opportunity.full_clean()
    opportunity.save()
    if lines:
        _write_lines(opportunity, lines)
        opportunity.save(update_fields=["amount"])
    add_deal_contacts(opportunity, contacts)
    opportunity.competitors.set(list(competitors))
    record_move(opportunity, "", actor)
    return opportunity


EDITABLE = (
    "title",
    "need",
    "solution",
    "amount",
    "close_on",
    "source",
    "campaign",
    "owner",
    "branch",
    "probability",
    "room_lowest_price",
    "room_min_margin",
    "room_max_discount",
    "room_concessions",
)
# Changing the room asks the manager's approval again.
ROOM = ("room_lowest_price", "room_min_margin", "room_max_discount", "room_concessions")


@service
def opportunity_update(
    *,
    actor: User,
    opportunity: Opportunity,
    expected_version: int,
    data: dict[str, Any],
    lines: Sequence[Line] | None = None,
) -> Opportunity:
    """Changes the deal (not its stage: `opportunity_stage_change`). `lines`, when given,
    replace the estimate's lines and the amount becomes their sum; an amount is then ignored."""
    may_change(actor, opportunity)
    locked = lock_version(Opportunity, opportunity.pk, expected_version)
    check_open(locked)
    old_owner, old_campaign = locked.owner_id, locked.campaign_id
    old_room = [getattr(locked, name) for name in ROOM]
    for key, value in data.items():
        if key == "amount" and value is None:
            value = Decimal("0.00")  # an estimate left empty
        if key in EDITABLE:
            setattr(locked, key, value.strip() if isinstance(value, str) else value)
    if locked.owner_id != old_owner:
        check_owner(actor, locked.account, locked.owner)
    _check_branch(locked.account, locked.branch)
    check_campaign(actor, locked, changed=locked.campaign_id != old_campaign)
    if lines is not None:
        if lines:
            _write_lines(locked, lines)
        else:
            locked.lines.all().delete()
    elif "amount" in data and locked.lines.exists():
        locked.amount = sum((line.amount for line in locked.lines.all()), Decimal("0.00"))
    if [getattr(locked, name) for name in ROOM] != old_room:
        locked.room_approved_by, locked.room_approved_at = None, None
    locked.full_clean()
    return save_version(locked)


@service
def opportunity_room_approve(*, actor: User, opportunity: Opportunity) -> Opportunity:
    """The manager approves the negotiation room once; quotes inside it need no approval."""
    may_change(actor, opportunity)
    if not access.can_approve(actor):
        raise NotAllowed(_("Only a manager approves the negotiation room."))
    check_open(opportunity)
    bump(opportunity)
    opportunity.room_approved_by = actor
    opportunity.room_approved_at = timezone.now()
    opportunity.save(update_fields=["room_approved_by", "room_approved_at", "version"])
    return opportunity


@service
def opportunity_qualify(
    *,
    actor: User,
    opportunity: Opportunity,
    scores: dict[str, int | None],
    decision: str = "",
    reason: str = "",
) -> Opportunity:
    """The qualification checklist (each 0-3) and the decision to continue or stop; stopping
    needs its reason (and is then usually followed by moving the deal to lost)."""
    may_change(actor, opportunity)
    check_open(opportunity)
    for name, value in scores.items():
        if name not in QUALIFICATION_FIELDS:
            continue
        if value is not None and not 0 <= value <= SCORE_MAX:
            raise field_error(name, _("Score from 0 to 3."), "range")
        setattr(opportunity, name, value)
    if decision and decision not in Decision.values:
        raise field_error("decision", _("Choose continue or stop."), "invalid")
    if decision == Decision.STOP and not reason.strip():
        raise field_error("decision_reason", _("Say why you stop."), "needs_field")
    opportunity.decision = decision
    opportunity.decision_reason = reason.strip()
    opportunity.qualified_at = timezone.now() if decision else None
    bump(opportunity)
    opportunity.save(
        update_fields=[
            *QUALIFICATION_FIELDS,
            "decision",
            "decision_reason",
            "qualified_at",
            "version",
        ]
    )
    return opportunity


@service
def opportunity_competitors_set(
    *, actor: User, opportunity: Opportunity, competitors: Iterable[Competitor]
) -> Opportunity:
    may_change(actor, opportunity)
    check_open(opportunity)
    chosen = list(competitors)
    current = set(opportunity.competitors.values_list("pk", flat=True))
    retired = [c for c in chosen if not c.active and c.pk not in current]
    if retired:
        raise field_error("competitors", _("This competitor is no longer in use."), "inactive")
    opportunity.competitors.set(chosen)
    return bump(opportunity)
