"""What the area modules share: the scoped source of rows (or every row, for the team's
anonymous distribution), money fields and columns, and traffic lights."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core.lists import Column
from koers.core.models import User
from koers.insights import registry
from koers.insights.periods import Period

SUM: DecimalField[Decimal, Decimal] = DecimalField(max_digits=20, decimal_places=2)
WIDE: DecimalField[Decimal, Decimal] = DecimalField(max_digits=24, decimal_places=4)


def source(
    user: User | None,
    everything: QuerySet[Any],
    readable: Callable[[User], QuerySet[Any]],
    period: Period | None = None,
    account: str = "account",
) -> QuerySet[Any]:
    """The rows an indicator counts: those `user` may read, or every row for `None` (the team's
    distribution, which names nobody); of the period's segment and tier, the account reached
    by `account` ("" when the rows are accounts)."""
    if user is None:
        rows = everything
    else:
        # Building a reader's scope costs about a millisecond; a page builds it for every
        # figure (the queryset is cloned by each filter, so sharing it is safe).
        rows = registry.once(("readable", readable, user.pk), lambda: readable(user))
    if period is not None and period.accounts:
        rows = rows.filter(**period.accounts.lookups(account))
    return rows


def amount(value: Any) -> float:
    """A money cell of an export: a number in the spreadsheet, not text."""
    return float(value or 0)


def account_column(path: str = "account") -> Column:
    def value(obj: Any) -> str:
        for part in path.split("__"):
            obj = getattr(obj, part)
        return str(obj)

    return Column(_("account"), value)


def owner_column(path: str = "owner") -> Column:
    def value(obj: Any) -> str:
        for part in path.split("__"):
            obj = getattr(obj, part)
        return obj.get_full_name() or obj.username

    return Column(_("account manager"), value)


def link_to(url_name: str, attribute: str = "pk") -> Callable[[Any], str]:
    return lambda obj: reverse(url_name, args=[getattr(obj, attribute)])


def at_least(good: Decimal, warn: Decimal) -> Callable[[Decimal], str]:
    """Green from `good` up, amber from `warn`, red below."""
    return lambda value: "good" if value >= good else "warn" if value >= warn else "bad"


def at_most(good: Decimal, warn: Decimal) -> Callable[[Decimal], str]:
    """Green up to `good`, amber up to `warn`, red above."""
    return lambda value: "good" if value <= good else "warn" if value <= warn else "bad"


def moments(period: Any) -> tuple[datetime, datetime]:
    """The period as [first moment, first moment after it) in the local time zone, for a
    column of date and time."""
    start = timezone.make_aware(datetime.combine(period.start, time.min))
    end = timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))
    return start, end
