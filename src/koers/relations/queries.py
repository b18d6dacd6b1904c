"""Reads of relationship care, scoped by the access policy: an activity, report or commitment
is readable by whoever may read its account, and changed by whoever may change the account."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

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


def commitments_readable_for_page(user: User) -> QuerySet[Commitment]:
    """The same commitments, for walking a list in order and counting it capped (the API's
    list). Each row's account is looked up by its key and tested against the scope's two
    lists hashed once (`accounts_readable_for_page`): the plain scope tests a manager's 2,400
    account-team places as an array, element by element, on every row (80 ms to count a
    manager's first 1,001 at size L), and `through_account_for_page` first reads the ids of
    all 17,000 accounts of the team (docs/performance.md, part 3)."""
    readable = access.accounts_readable_for_page(user).filter(pk=OuterRef("account"))
    return Commitment.objects.filter(Exists(readable))


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


# How far the activity page walks back a chain of follow-ups (one query a step).
CHAIN_DEPTH = 10


def follow_up_chain(user: User, activity: Activity) -> tuple[list[Activity], list[Activity]]:
    """The chain around `activity`: the activities it follows up, the first first (at most
    CHAIN_DEPTH), and its own follow-ups, by planned start. Only those the user may read (a
    chain stays with one account, so in practice all of them)."""
    readable = activities_readable(user).select_related("owner")
    earlier: list[Activity] = []
    seen = {activity.pk}
    pk = activity.follow_up_of_id
    while pk is not None and pk not in seen and len(earlier) < CHAIN_DEPTH:
        found = readable.filter(pk=pk).first()
        if found is None:
            break
        earlier.append(found)
        seen.add(pk)
        pk = found.follow_up_of_id
    earlier.reverse()
    later = list(readable.filter(follow_up_of=activity).order_by("planned_start", "pk"))
    return earlier, later
