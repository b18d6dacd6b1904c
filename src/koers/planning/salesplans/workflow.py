"""The workflow of a sales plan (`@service`: one transaction each; docs/decisions.md, 125):
the owner submits it to the managers of their teams (notified); the manager adopts, adjusts or
rejects each proposal (the plan is decided with its last open proposal, and the owner is
notified); the manager asks for more, which returns the plan to the owner with a comment and
notifies them. Status moves go through `SALES_PLAN_LIFECYCLE`."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.notifications.services import notify
from koers.planning.models import (
    ProposalDecision,
    SalesPlan,
    SalesPlanComment,
    SalesPlanStatus,
    SalesProposal,
)
from koers.planning.salesplans import queries
from koers.planning.salesplans.lifecycle import SALES_PLAN_LIFECYCLE
from koers.planning.salesplans.services import check_amount, error

DECISIONS = ("adopt", "adjust", "reject")


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def _url(plan: SalesPlan) -> str:
    return reverse("planning:salesplan_detail", args=[plan.pk])


def managers_of(owner: User) -> list[User]:
    """Who decides on the owner's plan: the managers of their teams (never themselves)."""
    return list(
        User.objects.filter(managed_teams__members=owner, is_active=True)
        .exclude(pk=owner.pk)
        .distinct()
        .order_by("pk")
    )


@service
def sales_plan_submit(*, actor: User, plan: SalesPlan) -> SalesPlan:
    """The owner submits the plan (with at least one open proposal) to their managers."""
    if actor.pk != plan.owner_id or not queries.may_own(actor):
        raise NotAllowed(_("Only the plan's owner submits it."))
    SALES_PLAN_LIFECYCLE.move(plan, to=SalesPlanStatus.SUBMITTED, submitted_at=timezone.now())
    period = plan.period_label
    notify(
        actor=actor,
        recipients=managers_of(plan.owner),
        kind="sales_plan_submitted",
        text=lambda: (
            _("%(owner)s submitted their sales plan %(period)s")
            % {"owner": _name(plan.owner), "period": period}
        ),
        url=_url(plan),
    )
    return plan


def _may_decide(actor: User, plan: SalesPlan) -> None:
    if not queries.may_decide(actor, plan):
        raise NotAllowed(_("Only the manager of the owner's team decides on this plan."))


@service
def proposal_decide(
    *,
    actor: User,
    proposal: SalesProposal,
    decision: str,
    adjusted_revenue: Decimal | None = None,
    comment: str = "",
) -> SalesProposal:
    """Adopts a proposal as it is, adopts it with an adjusted revenue (required), or rejects it
    (with a comment, required). Once no proposal is open, the plan is decided."""
    plan = proposal.plan
    _may_decide(actor, plan)
    stored = SalesPlan.objects.select_for_update().values_list("status", flat=True).get(pk=plan.pk)
    if stored != SalesPlanStatus.SUBMITTED:
        raise error("status", _("Only the proposals of a submitted plan are decided."), "status")
    locked = SalesProposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.decision != ProposalDecision.OPEN:
        raise error("decision", _("This proposal is already decided."), "status")
    if decision not in DECISIONS:
        raise error("decision", _("Choose adopt, adjust or reject."))
    comment = comment.strip()
    revenue: Decimal | None = locked.expected_revenue
    if decision == "adjust":
        if adjusted_revenue is None:
            raise error("adjusted_revenue", _("Give the revenue you adopt."), "required")
        check_amount("adjusted_revenue", adjusted_revenue)
        revenue = adjusted_revenue
    if decision == "reject":
        if not comment:
            raise error("comment", _("Say why the proposal is rejected."), "required")
        revenue = None
    locked.decision = {
        "adopt": ProposalDecision.ADOPTED,
        "adjust": ProposalDecision.ADJUSTED,
        "reject": ProposalDecision.REJECTED,
    }[decision]
    locked.adopted_revenue = revenue
    locked.decision_comment = comment
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save()
    plan.status = stored
    if SALES_PLAN_LIFECYCLE.refusal(plan, SalesPlanStatus.DECIDED) is None:
        SALES_PLAN_LIFECYCLE.move(plan, to=SalesPlanStatus.DECIDED, decided_at=timezone.now())
        _tell_owner(actor, plan, "sales_plan_decided")
    return locked


def _tell_owner(actor: User, plan: SalesPlan, kind: str) -> None:
    period = plan.period_label
    texts = {
        "sales_plan_decided": lambda: (
            _("%(manager)s decided on your sales plan %(period)s")
            % {"manager": _name(actor), "period": period}
        ),
        "sales_plan_ask_more": lambda: (
            _("%(manager)s asks for more in your sales plan %(period)s")
            % {"manager": _name(actor), "period": period}
        ),
    }
    notify(actor=actor, recipients=[plan.owner], kind=kind, text=texts[kind], url=_url(plan))


@service
def sales_plan_ask_more(*, actor: User, plan: SalesPlan, comment: str) -> SalesPlan:
    """The manager returns a submitted or decided plan to its owner with a comment (required)
    saying where it falls short; the owner is notified. Decided proposals stay decided."""
    _may_decide(actor, plan)
    comment = comment.strip()
    if not comment:
        raise error("comment", _("Say what more you ask for."), "required")
    SALES_PLAN_LIFECYCLE.move(plan, to=SalesPlanStatus.RETURNED)
    SalesPlanComment.objects.create(plan=plan, author=actor, asks_more=True, text=comment)
    _tell_owner(actor, plan, "sales_plan_ask_more")
    return plan
