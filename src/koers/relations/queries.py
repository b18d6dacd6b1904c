"""Reads of relationship care, scoped by the access policy: an activity, report or commitment
is readable by whoever may read its account, and changed by whoever may change the account."""

from __future__ import annotations

from django.db.models import QuerySet

from koers.core import access
from koers.core.models import User
from koers.relations.models import Activity, Commitment, VisitReport, VisitSchedule


def activities_readable(user: User) -> QuerySet[Activity]:
    return access.scope_through_account(Activity.objects.all(), user)


def activities_writable(user: User) -> QuerySet[Activity]:
    return access.scope_through_account(Activity.objects.all(), user, write=True)


def reports_readable(user: User) -> QuerySet[VisitReport]:
    return access.scope_through_account(VisitReport.objects.all(), user, "activity__account")


def reports_writable(user: User) -> QuerySet[VisitReport]:
    return access.scope_through_account(
        VisitReport.objects.all(), user, "activity__account", write=True
    )


def commitments_readable(user: User) -> QuerySet[Commitment]:
    return access.scope_through_account(Commitment.objects.all(), user)


def commitments_writable(user: User) -> QuerySet[Commitment]:
    return access.scope_through_account(Commitment.objects.all(), user, write=True)


def activity_for_detail(user: User, pk: int) -> Activity:
    """Raises Activity.DoesNotExist for an activity of an account the user may not read."""
    return (
        activities_readable(user)
        .select_related("account", "owner", "report")
        .prefetch_related("contacts", "colleagues")
        .get(pk=pk)
    )


def schedules_readable(user: User) -> QuerySet[VisitSchedule]:
    return access.scope_through_account(VisitSchedule.objects.all(), user)
