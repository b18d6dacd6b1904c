"""Every write of a sales plan's content (`@service`: one transaction, the actor in history).

Who may do what (docs/decisions.md, 125): an account manager writes their own plan while it is
a draft or returned for more: its developments, proposals (at their own accounts), proposed
targets and activity plan. A decided proposal is the manager's and stays as decided. The
workflow (submit, decide, ask for more) is in `workflow.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, service
from koers.planning.models import (
    SALES_PERIOD_COUNTS,
    Measure,
    ProposalDecision,
    SalesPlan,
    SalesPlanAction,
    SalesPlanStatus,
    SalesPlanTarget,
    SalesProposal,
)
from koers.planning.salesplans import queries
from koers.planning.salesplans.lifecycle import SALES_PLAN_LIFECYCLE
from koers.relations import services as relations

FIRST_YEAR, LAST_YEAR = 2000, 2199
TEXTS = ("market_developments", "branch_developments", "competitor_developments")
PROPOSAL_FIELDS = (
    "title",
    "account",
    "product_group",
    "sales_action",
    "rationale",
    "expected_revenue",
    "action_cost",
)
LARGEST = Decimal("999999999999.99")


def error(field: str, message: str, code: str = "invalid") -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def check_amount(field: str, value: Any) -> None:
    if value is None or not (0 <= value <= LARGEST):
        raise error(field, _("Give an amount of 0 or more."))


def _may_write(actor: User, plan: SalesPlan) -> None:
    if actor.pk != plan.owner_id or not queries.may_own(actor):
        raise NotAllowed(_("Only the plan's owner changes it."))
    # The status as stored, under a lock: a page may hold the plan as it was before a move.
    plan.status = (
        SalesPlan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    )
    if not plan.editable:
        raise error(
            "status",
            _("This plan is %(status)s and cannot be changed now.")
            % {"status": plan.get_status_display().lower()},
            "status",
        )


def _touch(plan: SalesPlan) -> None:
    """A change to the plan's content: its version rises; a returned plan is a draft again."""
    if plan.status == SalesPlanStatus.RETURNED:
        SALES_PLAN_LIFECYCLE.move(plan, to=SalesPlanStatus.DRAFT)
    SalesPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now())
    plan.refresh_from_db(fields=["version"])


def _set_texts(plan: SalesPlan, data: Mapping[str, Any]) -> None:
    unknown = set(data) - set(TEXTS)
    if unknown:
        raise TypeError(f"sales plan: unknown fields {sorted(unknown)}")
    for name, value in data.items():
        setattr(plan, name, (value or "").strip())


# ----------------------------------------------------------------------------------- the plan


@service
def sales_plan_create(
    *, actor: User, year: int, period_kind: str, period: int = 1, **texts: Any
) -> SalesPlan:
    """A draft plan of the actor for a quarter, half year or year; one per period."""
    if not queries.may_own(actor):
        raise NotAllowed(_("Only account managers write a sales plan."))
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise error("year", _("Give a year like 2027."))
    if period_kind not in SALES_PERIOD_COUNTS:
        raise error("period_kind", _("Choose a quarter, a half year or the year."))
    if not isinstance(period, int) or not 1 <= period <= SALES_PERIOD_COUNTS[period_kind]:
        raise error("period", _("Choose the quarter or the half of the year."), "needs_field")
    found = SalesPlan.objects.filter(
        owner=actor, year=year, period_kind=period_kind, period=period
    ).exists()
    if found:
        raise error("period", _("You already have a plan for this period."), "unique")
    plan = SalesPlan(owner=actor, year=year, period_kind=period_kind, period=period)
    _set_texts(plan, texts)
    plan.save()
    return plan


@service
def sales_plan_update(
    *, actor: User, plan: SalesPlan, expected_version: int, data: Mapping[str, Any]
) -> SalesPlan:
    """Changes the developments in `data` (`TEXTS`); a stale version changes nothing."""
    _may_write(actor, plan)
    locked = lock_version(SalesPlan, plan.pk, expected_version)
    _set_texts(locked, data)
    locked.save()
    _touch(locked)
    return locked


# ------------------------------------------------------------------------------ proposals


def _proposal_fields(plan: SalesPlan, data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(PROPOSAL_FIELDS)
    if unknown:
        raise TypeError(f"sales proposal: unknown fields {sorted(unknown)}")
    out = dict(data)
    if "title" in out:
        out["title"] = (out["title"] or "").strip()[:200]
        if not out["title"]:
            raise error("title", _("Name the proposal."), "required")
    if "rationale" in out:
        out["rationale"] = (out["rationale"] or "").strip()
    for name in ("expected_revenue", "action_cost"):
        if name in out:
            out[name] = Decimal(0) if out[name] is None else out[name]
            check_amount(name, out[name])
    account = out.get("account")
    if account is not None and not access.can_change_account(plan.owner, account):
        raise error("account", _("Choose one of your own accounts."))
    return out


@service
def proposal_add(*, actor: User, plan: SalesPlan, **data: Any) -> SalesProposal:
    _may_write(actor, plan)
    fields = _proposal_fields(plan, data)
    if not fields.get("title"):
        raise error("title", _("Name the proposal."), "required")
    proposal = SalesProposal.objects.create(plan=plan, position=plan.proposals.count(), **fields)
    _touch(plan)
    return proposal


def _open(proposal: SalesProposal) -> None:
    if proposal.decision != ProposalDecision.OPEN:
        raise error("decision", _("This proposal is decided and stays as it is."), "status")


@service
def proposal_update(
    *, actor: User, proposal: SalesProposal, data: Mapping[str, Any]
) -> SalesProposal:
    plan = proposal.plan
    _may_write(actor, plan)
    _open(proposal)
    for name, value in _proposal_fields(plan, data).items():
        setattr(proposal, name, value)
    proposal.save()
    _touch(plan)
    return proposal


@service
def proposal_delete(*, actor: User, proposal: SalesProposal) -> None:
    plan = proposal.plan
    _may_write(actor, plan)
    _open(proposal)
    proposal.delete()
    _touch(plan)


# ----------------------------------------------------------------- targets and activity plan


@service
def target_add(
    *, actor: User, plan: SalesPlan, measure: str, amount: Decimal, product_group: Any = None
) -> SalesPlanTarget:
    _may_write(actor, plan)
    if measure not in Measure.values:
        raise error("measure", _("Choose one of the measures."))
    check_amount("amount", amount)
    target = SalesPlanTarget.objects.create(
        plan=plan, measure=measure, amount=amount, product_group=product_group
    )
    _touch(plan)
    return target


@service
def target_update(
    *, actor: User, target: SalesPlanTarget, data: Mapping[str, Any]
) -> SalesPlanTarget:
    """Changes a proposed target's measure, product group or amount (those in `data`)."""
    plan = target.plan
    _may_write(actor, plan)
    unknown = set(data) - {"measure", "amount", "product_group"}
    if unknown:
        raise TypeError(f"proposed target: unknown fields {sorted(unknown)}")
    if "measure" in data and data["measure"] not in Measure.values:
        raise error("measure", _("Choose one of the measures."))
    if "amount" in data:
        check_amount("amount", data["amount"])
    for name, value in data.items():
        setattr(target, name, value)
    target.save()
    _touch(plan)
    return target


@service
def target_remove(*, actor: User, target: SalesPlanTarget) -> None:
    plan = target.plan
    _may_write(actor, plan)
    target.delete()
    _touch(plan)


@service
def action_add(
    *,
    actor: User,
    plan: SalesPlan,
    title: str,
    account: Account,
    due_on: date,
    proposal: SalesProposal | None = None,
) -> SalesPlanAction:
    """A line of the activity plan: what, for which of the owner's accounts, when."""
    _may_write(actor, plan)
    title = (title or "").strip()[:200]
    if not title:
        raise error("title", _("Say what you will do."), "required")
    if not access.can_change_account(plan.owner, account):
        raise error("account", _("Choose one of your own accounts."))
    if proposal is not None and proposal.plan_id != plan.pk:
        raise error("proposal", _("Choose a proposal of this plan."))
    action = SalesPlanAction.objects.create(
        plan=plan, title=title, account=account, due_on=due_on, proposal=proposal
    )
    _touch(plan)
    return action


@service
def action_update(
    *, actor: User, action: SalesPlanAction, data: Mapping[str, Any]
) -> SalesPlanAction:
    """Changes a line of the activity plan (what, account, when, proposal: those in `data`)."""
    plan = action.plan
    _may_write(actor, plan)
    unknown = set(data) - {"title", "account", "due_on", "proposal"}
    if unknown:
        raise TypeError(f"sales plan action: unknown fields {sorted(unknown)}")
    if "title" in data:
        data = {**data, "title": (data["title"] or "").strip()[:200]}
        if not data["title"]:
            raise error("title", _("Say what you will do."), "required")
    account = data.get("account")
    if "account" in data and (
        account is None or not access.can_change_account(plan.owner, account)
    ):
        raise error("account", _("Choose one of your own accounts."))
    proposal = data.get("proposal")
    if proposal is not None and proposal.plan_id != plan.pk:
        raise error("proposal", _("Choose a proposal of this plan."))
    if "due_on" in data and data["due_on"] is None:
        raise error("due_on", _("Say when."), "required")
    for name, value in data.items():
        setattr(action, name, value)
    action.save()
    _touch(plan)
    return action


@service
def action_remove(*, actor: User, action: SalesPlanAction) -> None:
    plan = action.plan
    _may_write(actor, plan)
    action.delete()
    _touch(plan)


@service
def action_plan_activity(
    *, actor: User, action: SalesPlanAction, kind: str = "visit"
) -> SalesPlanAction:
    """One click: the action becomes a planned activity of its account (a visit by default, on
    its day at nine, or tomorrow when that day is past), owned by the plan's owner. In every
    status of the plan: carrying out the plan is its point."""
    if actor.pk != action.plan.owner_id or not access.can_change_account(actor, action.account):
        raise NotAllowed(_("Only the plan's owner plans its actions."))
    if action.activity_id is not None:
        raise error("activity", _("This action is already planned."), "duplicate")
    day = action.due_on if action.due_on > timezone.localdate() else None
    day = day or timezone.localdate() + timedelta(days=1)
    activity = relations.activity_plan(
        actor=actor,
        account=action.account,
        kind=kind,
        subject=action.title,
        planned_start=timezone.make_aware(datetime(day.year, day.month, day.day, 9)),
        owner=actor,
    )
    action.activity = activity
    action.save(update_fields=["activity"])
    return action
