"""Reads of the gifts register, scoped by the access policy: a gift is readable by whoever may
read its account and changed by whoever may change it (docs/decisions.md, 39); decisions are
the manager's of the colleague who gives (`access.people_decided_by`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import User
from koers.core.paging import in_order
from koers.gifts.models import Gift, GiftDirection, GiftStatus

RELATED = ("account", "contact", "person", "decided_by", "noted_by")


def gifts_readable(user: User) -> QuerySet[Gift]:
    return access.scope_through_account(Gift.objects.all(), user)


def gifts_writable(user: User) -> QuerySet[Gift]:
    return access.scope_through_account(Gift.objects.all(), user, write=True)


def gift_for_detail(user: User, pk: int) -> Gift:
    """Raises Gift.DoesNotExist for a gift of an account the user may not read."""
    return gifts_readable(user).select_related(*RELATED).get(pk=pk)


def awaiting_decision(user: User) -> QuerySet[Gift]:
    """Requests `user` decides on, the oldest request first."""
    return (
        gifts_readable(user)
        .filter(status=GiftStatus.REQUESTED, person__in=access.people_decided_by(user))
        .select_related(*RELATED)
        .order_by("created_at", "pk")
    )


def flagged_for(user: User) -> QuerySet[Gift]:
    """Gifts received above the limit by the people `user` decides for, not yet noted."""
    return (
        gifts_readable(user)
        .filter(
            direction=GiftDirection.RECEIVED,
            above_limit=True,
            noted_at__isnull=True,
            person__in=access.people_decided_by(user),
        )
        .select_related(*RELATED)
        .order_by("-date", "-pk")
    )


def first_of(rows: QuerySet[Gift], limit: int) -> list[Gift]:
    """The first `limit` gifts of `rows` in their order, with their related rows: the ids by the
    scoped query, then the gifts by id. PostgreSQL planned the scoped query joined to five
    related tables for longer than it ran (50-100 ms at size L, decision 133)."""
    ids = list(rows.values_list("pk", flat=True)[:limit])
    return in_order(ids, lambda page: Gift.objects.filter(pk__in=page).select_related(*RELATED))


def decisions_count(user: User) -> int:
    """What waits for `user`: requests to decide and received gifts to note."""
    if not access.may_decide(user):
        return 0
    return awaiting_decision(user).count() + flagged_for(user).count()


@dataclass
class YearRow:
    """One colleague's or one account's gifts in a year: totals of what was given and received
    (refused gifts not counted), and how many gifts there are in all (refused ones too)."""

    pk: int
    name: str
    given: Decimal
    received: Decimal
    count: int
    items: int


def _sums() -> dict[str, Any]:
    counted = ~Q(status=GiftStatus.REFUSED)
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=10, decimal_places=2))

    def total(direction: str) -> Coalesce:
        return Coalesce(Sum("value", filter=counted & Q(direction=direction)), zero)

    return {
        "given": total(GiftDirection.GIVEN),
        "received": total(GiftDirection.RECEIVED),
        "count": Count("pk", filter=counted),
        "items": Count("pk"),
    }


def _empty(pk: int, name: str) -> YearRow:
    return YearRow(pk, name, Decimal("0"), Decimal("0"), 0, 0)


def _add(row: YearRow, sums: dict[str, Any]) -> None:
    row.given += sums["given"]
    row.received += sums["received"]
    row.count += sums["count"]
    row.items += sums["items"]


def year_overview(user: User, year: int, *, accounts_limit: int) -> dict[str, Any]:
    """The year's gifts that `user` may read, summed per colleague and per account: the database
    sums per pair of colleague and account in one query (a manager's year holds thousands of
    gifts but a pair per account, mostly; decision 87), and the pairs are added up here. The
    colleagues by name, the accounts with the most value first (at most `accounts_limit`, and
    one more to tell that there are more), and the year's total.

    The pairs are summed by id alone and only the names shown are read afterwards: joining every
    gift to its account for the name cost more than the sums (decision 133)."""
    gifts = gifts_readable(user).filter(date__gte=date(year, 1, 1), date__lt=date(year + 1, 1, 1))
    pairs = gifts.values("person", "account").annotate(**_sums())
    people: dict[int, YearRow] = {}
    accounts: dict[int, YearRow] = {}
    total = _empty(0, "")
    for r in pairs.order_by():
        if r["person"] not in people:
            people[r["person"]] = _empty(r["person"], "")
        if r["account"] not in accounts:
            accounts[r["account"]] = _empty(r["account"], "")
        for row in (people[r["person"]], accounts[r["account"]], total):
            _add(row, r)
    by_value = sorted(accounts.values(), key=lambda row: -(row.given + row.received))
    if len(by_value) > accounts_limit + 1:
        # Those beyond the cut, and those level with it (the name breaks a tie).
        edge = by_value[accounts_limit].given + by_value[accounts_limit].received
        by_value = [row for row in by_value if row.given + row.received >= edge]
    names = Account.objects.filter(pk__in=[row.pk for row in by_value]).values_list("pk", "name")
    for pk, name in names:
        accounts[pk].name = name
    by_value.sort(key=lambda row: (-(row.given + row.received), row.name, row.pk))
    colleagues = User.objects.filter(pk__in=list(people))
    for pk, first, last, username in colleagues.values_list(
        "pk", "first_name", "last_name", "username"
    ):
        # As `str(user)`: the full name, else the username.
        people[pk].name = f"{first} {last}".strip() or username
    return {
        "people": sorted(people.values(), key=lambda row: row.name.casefold()),
        "accounts": by_value[: accounts_limit + 1],
        "total": total,
    }
