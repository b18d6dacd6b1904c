"""Reads of the mandate pages, scoped by the access policy."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from koers.core import access
from koers.core.models import Role, User
from koers.sales.models import ApprovalDelegation, PersonalMandate


def people_with_mandate_set_by(user: User) -> QuerySet[User]:
    """The account managers whose personal mandate `user` sets (a manager: their teams')."""
    return access.people_decided_by(user).filter(role=Role.ACCOUNT_MANAGER, is_active=True)


def personal_mandates_of(person: User) -> QuerySet[PersonalMandate]:
    return PersonalMandate.objects.filter(user=person).select_related("set_by")


def personal_mandates_current(people: Any, on: date) -> QuerySet[PersonalMandate]:
    """The personal mandates of `people` that hold on `on` or start later."""
    current = Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    return (
        PersonalMandate.objects.filter(current, user__in=people)
        .select_related("user", "set_by")
        .order_by("user_id", "valid_from")
    )


def delegations_of(manager: User) -> QuerySet[ApprovalDelegation]:
    """The delegations `manager` gave or received, newest first."""
    return ApprovalDelegation.objects.filter(
        Q(manager=manager) | Q(delegate=manager)
    ).select_related("manager", "delegate")
