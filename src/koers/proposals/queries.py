"""Reads of improvement proposals, scoped by the access policy.

A proposal is between its proposer and whoever decides for them: it is read by the proposer, by
the manager of a team the proposer is in (`access.people_decided_by`) and by administrators. It
is decided by those managers and by administrators, never by the proposer (a manager's own
proposal goes to an administrator). Its linked complaints and accounts are shown to a reader
only as far as they may read them.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from koers.core import access
from koers.core.models import Role, User
from koers.proposals.models import UNDECIDED, Proposal

RELATED = ("proposer", "decided_by")


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def proposals_readable(user: User) -> QuerySet[Proposal]:
    if not _active(user):
        return Proposal.objects.none()
    if user.is_admin:
        return Proposal.objects.all()
    return Proposal.objects.filter(
        Q(proposer=user) | Q(proposer__in=access.people_decided_by(user).values("pk"))
    )


def proposal_for_detail(user: User, pk: int) -> Proposal:
    """Raises Proposal.DoesNotExist for a proposal the user may not read."""
    return proposals_readable(user).select_related(*RELATED).get(pk=pk)


def may_propose(user: User) -> bool:
    """Everyone who works on the customer file; marketing changes nothing (part 7 gives it
    market signals to attach instead)."""
    return _active(user) and not access.changes_nothing(user)


def may_decide_on(user: User, proposal: Proposal) -> bool:
    """The manager of a team the proposer is in, and administrators; never the proposer."""
    if not _active(user) or user.pk == proposal.proposer_id:
        return False
    return bool(user.is_admin) or access.can_decide_for(user, proposal.proposer)


def may_change(user: User, proposal: Proposal) -> bool:
    """Change or withdraw: the proposer, while the manager has not decided."""
    return user.pk == proposal.proposer_id and proposal.undecided and may_propose(user)


def deciders_of(proposer: User) -> QuerySet[User]:
    """Who is told of a new proposal: the managers of the proposer's teams; an administrator
    when the proposer has no manager but themselves."""
    managers = User.objects.filter(managed_teams__members=proposer, is_active=True).exclude(
        pk=proposer.pk
    )
    if managers.exists():
        return managers.distinct()
    admins = Q(role=Role.ADMIN) | Q(is_superuser=True)
    return User.objects.filter(admins, is_active=True).exclude(pk=proposer.pk)


def awaiting_decision(user: User) -> QuerySet[Proposal]:
    """The proposals `user` decides on that wait: submitted ones first, then parked, oldest
    first."""
    if not access.may_decide(user):
        return Proposal.objects.none()
    rows = Proposal.objects.filter(status__in=UNDECIDED).exclude(proposer=user)
    if not user.is_admin:
        rows = rows.filter(proposer__in=access.people_decided_by(user).values("pk"))
    return rows


def decisions_count(user: User) -> int:
    return awaiting_decision(user).filter(status="submitted").count()
