"""Reads of the approvals beyond the mandate: the steps a user may decide (the approvals
queue, its page and its API) and a version's history. The same rule as the services'
`may_decide`, as a query: a manager decides the manager's step for the people of their teams
(and for those of a manager who delegated to them today), a sales director or an administrator
the director's step; an administrator also the manager's step of an owner whose teams have no
manager. Never one's own quote. The step itself lets its approver read the version (a delegate
from another team does not read the account otherwise)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from koers.core import access
from koers.core.models import User
from koers.sales.mandate.meter import breach_text
from koers.sales.mandate.rules import Breach
from koers.sales.models import (
    ApprovalDelegation,
    ApprovalStatus,
    ApprovalStep,
    QuoteApproval,
)


def _manager_step(user: User) -> Q:
    today = timezone.localdate()
    managers = [user.pk]
    if access.can_approve(user) or access.can_approve_far_beyond(user):
        managers += list(
            ApprovalDelegation.objects.filter(
                delegate=user, starts_on__lte=today, ends_on__gte=today
            ).values_list("manager_id", flat=True)
        )
    people = User.objects.filter(teams__manager_id__in=managers).values("pk")
    step = Q(step=ApprovalStep.MANAGER, quote_version__quote__owner__in=people)
    if user.is_admin:
        managed = User.objects.filter(
            teams__manager__isnull=False, teams__manager__is_active=True
        ).values("pk")
        step |= Q(step=ApprovalStep.MANAGER) & ~Q(quote_version__quote__owner__in=managed)
    return step


def approvals_pending_for(user: User) -> QuerySet[QuoteApproval]:
    """The pending steps `user` may decide, the oldest request first."""
    if not user.is_active:
        return QuoteApproval.objects.none()
    steps = _manager_step(user)
    if access.can_approve_far_beyond(user):
        steps |= Q(step=ApprovalStep.DIRECTOR)
    # A pending step exists only while its version needs approval: every way out of that
    # status decides the step or closes it (`quote_approve`, `quote_return`, `close_pending`).
    # Asking the version's status too made PostgreSQL expect a handful of rows (the two
    # statuses are correlated) and read all 5,000 pending steps of size L, with their versions
    # and quotes, before taking the oldest 100: 140 ms against 12 ms (decision 135).
    return (
        QuoteApproval.objects.filter(steps, status=ApprovalStatus.PENDING)
        .exclude(quote_version__quote__owner=user)
        .select_related(
            "quote_version",
            "quote_version__quote",
            "quote_version__quote__account",
            "quote_version__quote__owner",
        )
        .order_by("created_at", "pk")
    )


def may_approve_any(user: User) -> bool:
    """Whether the approvals queue is in the user's navigation: managers, delegates, sales
    directors and administrators."""
    return access.can_approve(user) or access.can_approve_far_beyond(user)


def pending_count(user: User) -> int:
    return approvals_pending_for(user).count()


def breach_texts(approval: QuoteApproval) -> list[str]:
    """The rules the version broke when its approval was asked, as the approver reads them."""
    texts = []
    for row in approval.breaches:
        breach = Breach(
            rule=row["rule"],
            actual=None if row.get("actual") is None else Decimal(row["actual"]),
            limit=Decimal(row["limit"]),
            step=row.get("step", "manager"),
            line_key=row.get("line"),
            product_group_id=row.get("product_group"),
        )
        texts.append(breach_text(breach, {}))
    return texts


def decidable_version(user: User, pk: int) -> bool:
    """The version waits for a step that `user` may decide (a delegate reads it through it)."""
    return approvals_pending_for(user).filter(quote_version_id=pk).exists()


def history_of(version_id: int) -> list[QuoteApproval]:
    return list(
        QuoteApproval.objects.filter(quote_version_id=version_id)
        .select_related("decided_by", "on_behalf_of")
        .order_by("created_at", "pk")
    )
