"""The workflow of a plan (submit, approve, return, revise) and the comments and proposed
changes on it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.planning.models import (
    AccountPlan,
    CommentKind,
    PlanComment,
    PlanStatus,
    PlanVersion,
    ProposalState,
)
from koers.planning.models.plans import TEXT_PART_NAMES
from koers.planning.plans.lifecycle import PLAN_LIFECYCLE
from koers.planning.plans.services.base import (
    REVIEW_MONTHS,
    _error,
    _may_decide,
    _may_write,
    _touch,
    may_comment,
    months_later,
)
from koers.planning.plans.snapshot import snapshot_of


@service
def plan_submit(*, actor: User, plan: AccountPlan) -> AccountPlan:
    """The owner submits the plan to their manager; the plan as it is now is kept as a version,
    and until its first approval each submission counts as a draft."""
    if actor.pk != plan.owner_id:
        raise NotAllowed(_("Only the plan's owner submits it."))
    now = timezone.now()
    changes: dict[str, Any] = {"submitted_at": now}
    if plan.revisions == 0:  # not yet approved: a revision's submissions are not drafts
        changes["drafts"] = plan.drafts + 1
    PLAN_LIFECYCLE.move(plan, to=PlanStatus.SUBMITTED, **changes)
    number = (plan.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    PlanVersion.objects.create(
        plan=plan, number=number, submitted_at=now, submitted_by=actor, content=snapshot_of(plan)
    )
    return plan


@service
def plan_approve(*, actor: User, plan: AccountPlan, comment: str = "") -> AccountPlan:
    """Approves a submitted plan; its next review falls a quarter later unless a later one is
    set (decision 127)."""
    _may_decide(actor, plan)
    now = timezone.now()
    review = months_later(timezone.localdate(now), REVIEW_MONTHS)
    if plan.next_review_on and plan.next_review_on > timezone.localdate(now):
        review = plan.next_review_on
    PLAN_LIFECYCLE.move(
        plan, to=PlanStatus.APPROVED, decided_at=now, decided_by=actor, next_review_on=review
    )
    if comment.strip():
        PlanComment.objects.create(plan=plan, author=actor, text=comment.strip())
    return plan


@service
def plan_return(*, actor: User, plan: AccountPlan, comment: str) -> AccountPlan:
    """Returns a submitted plan to its owner with the manager's comments (required)."""
    _may_decide(actor, plan)
    if not comment.strip():
        raise _error("comment", _("Say why the plan is returned."), "required")
    PLAN_LIFECYCLE.move(plan, to=PlanStatus.RETURNED, decided_at=timezone.now(), decided_by=actor)
    PlanComment.objects.create(
        plan=plan, author=actor, kind=CommentKind.RETURN, text=comment.strip()
    )
    return plan


@service
def plan_revise(*, actor: User, plan: AccountPlan, reason: str) -> AccountPlan:
    """A change of an approved plan during the year: a draft again, with its reason, to be
    approved again. Revisions are counted."""
    if actor.pk != plan.owner_id:
        raise NotAllowed(_("Only the plan's owner revises it."))
    reason = reason.strip()
    if not reason and plan.status == PlanStatus.APPROVED:
        raise _error("reason", _("Say why the plan is revised."), "required")
    PLAN_LIFECYCLE.move(
        plan, to=PlanStatus.DRAFT, revision_reason=reason, revisions=plan.revisions + 1
    )
    PlanComment.objects.create(plan=plan, author=actor, kind=CommentKind.REVISION, text=reason)
    return plan


@service
def comment_add(*, actor: User, plan: AccountPlan, text: str) -> PlanComment:
    if not may_comment(actor, plan):
        raise NotAllowed
    if not text.strip():
        raise _error("text", _("Write your comment."), "required")
    return PlanComment.objects.create(plan=plan, author=actor, text=text.strip())


@service
def proposal_add(
    *, actor: User, plan: AccountPlan, part: str, proposed_text: str, text: str = ""
) -> PlanComment:
    """The manager proposes a new text for one part; the owner accepts or rejects it."""
    _may_decide(actor, plan)
    if plan.status == PlanStatus.APPROVED:
        raise _error("status", _("This plan is approved; a change is a revision."), "status")
    if part not in TEXT_PART_NAMES:
        raise _error("part", _("Choose the part the change is for."))
    if not proposed_text.strip():
        raise _error("proposed_text", _("Write the proposed text."), "required")
    return PlanComment.objects.create(
        plan=plan,
        author=actor,
        kind=CommentKind.PROPOSAL,
        part=part,
        proposed_text=proposed_text.strip(),
        text=text.strip(),
        proposal_state=ProposalState.OPEN,
    )


@service
def proposal_decide(*, actor: User, proposal: PlanComment, accept: bool) -> PlanComment:
    """The owner accepts (the part takes the proposed text) or rejects a proposed change; an
    accepted one needs the plan to be open for changes (a draft, or returned)."""
    plan = proposal.plan
    if actor.pk != plan.owner_id:
        raise NotAllowed(_("Only the plan's owner accepts or rejects a proposed change."))
    if proposal.proposal_state != ProposalState.OPEN:
        raise _error("proposal", _("This proposal has already been answered."), "answered")
    if accept:
        _may_write(actor, plan)
        setattr(plan, proposal.part, proposal.proposed_text)
        plan.save(update_fields=[proposal.part])
        _touch(plan)
    proposal.proposal_state = ProposalState.ACCEPTED if accept else ProposalState.REJECTED
    proposal.save(update_fields=["proposal_state"])
    return proposal
