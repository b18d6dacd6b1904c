"""Reads of complaints, scoped by the access policy: a complaint is readable by whoever may read
its account (decision 39), and by the colleagues given a task on it (inside sales, a manager of
another team), who must be able to open what they were asked to help with.

Who may *handle* a complaint (move its status, change it, hand it over) is narrower than who may
change the account: its owner, the account's owner, the colleagues involved (a task on it), the
manager of a team either owner is in, and administrators (`may_handle`).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from koers.complaints.models import Complaint, ComplaintCategory, ComplaintTask
from koers.core import access
from koers.core.models import Role, Team, User


def _involved(user: User) -> Q:
    return Q(Exists(ComplaintTask.objects.filter(complaint=OuterRef("pk"), assignee=user)))


def complaints_readable(user: User) -> QuerySet[Complaint]:
    if not (user.is_authenticated and user.is_active):
        return Complaint.objects.none()
    if access.reads_everything(user):
        return Complaint.objects.all()
    return Complaint.objects.filter(access.through_account(user) | _involved(user))


def complaints_readable_for_page(user: User) -> QuerySet[Complaint]:
    """The same complaints, for a list that walks or sorts many of them: the readable accounts
    and the involved complaints as lists probed per row (`access.through_account_for_page`)."""
    if not (user.is_authenticated and user.is_active):
        return Complaint.objects.none()
    if access.reads_everything(user):
        return Complaint.objects.all()
    involved = ComplaintTask.objects.filter(assignee=user).values("complaint_id")
    return Complaint.objects.filter(access.through_account_for_page(user) | Q(pk__in=involved))


def is_involved(user: User, complaint: Complaint) -> bool:
    return ComplaintTask.objects.filter(complaint=complaint, assignee=user).exists()


def may_handle(user: User, complaint: Complaint) -> bool:
    """Whether `user` may move the complaint's status, change it or hand it over."""
    if not (user.is_authenticated and user.is_active) or access.changes_nothing(user):
        return False
    if user.is_admin:
        return True
    owners = {complaint.owner_id, complaint.account.owner_id}
    if user.pk in owners:
        return True
    if user.role == Role.MANAGER and (
        Team.objects.filter(manager=user, members__in=owners).exists()
    ):
        return True
    return is_involved(user, complaint)


def may_register(user: User, account_pk: int) -> bool:
    """Registering a complaint: whoever may change the account (inside sales on its team too)."""
    return access.accounts_writable(user).filter(pk=account_pk).exists()


def complaint_for_detail(user: User, pk: int) -> Complaint:
    """Raises Complaint.DoesNotExist for a complaint the user may not read."""
    return (
        complaints_readable(user)
        .select_related(
            "account",
            "account__owner",
            "branch",
            "contact",
            "category",
            "owner",
            "product__group",
            "product_group",
        )
        .get(pk=pk)
    )


def categories_in_use() -> QuerySet[ComplaintCategory]:
    return ComplaintCategory.objects.filter(active=True)
