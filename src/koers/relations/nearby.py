"""On the road anyway: for a day's visits, the owner's other accounts nearby that are due or
overdue for contact.

"Nearby" without a map: the same 4-digit postcode area or the same city first, then the same
3-digit and 2-digit postcode region (Dutch postcodes are numbered by region, so 8011 and 8019
are both Zwolle and 80xx is the region around it). One query for the whole day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Q

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.relations.models import Activity, ActivityKind, ActivityStatus, ContactState
from koers.relations.norms import DUE_SOON_DAYS, status_of

SUGGESTIONS_PER_VISIT = 5


@dataclass(frozen=True)
class Suggestion:
    account: Account
    status: str  # overdue | due_soon
    due_on: date
    closeness: int  # 0 same area or city, 1 same 3-digit region, 2 same 2-digit region


def _area(postcode: str) -> str:
    digits = postcode.replace(" ", "")[:4]
    return digits if digits.isdigit() and len(digits) == 4 else ""


def _closeness(visit: Account, other: Account) -> int | None:
    here, there = _area(visit.visit_postcode), _area(other.visit_postcode)
    same_city = visit.visit_city and visit.visit_city.lower() == other.visit_city.lower()
    if (here and here == there) or same_city:
        return 0
    if here and there:
        for level, length in ((1, 3), (2, 2)):
            if here[:length] == there[:length]:
                return level
    return None


def nearby_due(viewer: User, visits: list[Activity], today: date) -> dict[int, list[Suggestion]]:
    """Activity id -> the closest accounts of the visit's owner due for contact (due within
    DUE_SOON_DAYS or overdue), not the visit's own and not one already visited that day."""
    planned = [
        v for v in visits if v.kind == ActivityKind.VISIT and v.status == ActivityStatus.PLANNED
    ]
    if not planned:
        return {}
    regions = {_area(v.account.visit_postcode)[:2] for v in planned} - {""}
    cities = {v.account.visit_city for v in planned if v.account.visit_city}
    where = Q(account__visit_city__in=cities)
    for region in regions:
        where |= Q(account__visit_postcode__startswith=region)
    states = (
        ContactState.objects.filter(
            where,
            account__owner__in={v.owner_id for v in planned},
            account__in=access.accounts_readable(viewer).values("pk"),
            due_on__lte=today + timedelta(days=DUE_SOON_DAYS),
        )
        .select_related("account")
        # What a suggestion shows and `_closeness` compares: the account's 35 columns for up
        # to 500 candidates were most of this query's time.
        .only(
            "due_on",
            "account__name",
            "account__visit_postcode",
            "account__visit_city",
            "account__owner_id",
        )
        .order_by("due_on", "account__name")
    )
    candidates = list(states[:500])
    visited = {v.account_id for v in visits}
    result: dict[int, list[Suggestion]] = {}
    for visit in planned:
        found = []
        for state in candidates:
            other = state.account
            if other.pk in visited or other.owner_id != visit.owner_id:
                continue
            closeness = _closeness(visit.account, other)
            if closeness is not None:
                found.append(
                    Suggestion(other, status_of(state.due_on, today), state.due_on, closeness)
                )
        found.sort(key=lambda s: (s.closeness, s.due_on, s.account.name))
        if found:
            result[visit.pk] = found[:SUGGESTIONS_PER_VISIT]
    return result
