"""Reads of the portfolio and of account health that the pages and the API share, scoped by
the access policy: a health score is read with its account."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import IntegerField, OuterRef, QuerySet, Subquery
from django.utils import timezone

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import Role, User
from koers.planning.models import HealthScore
from koers.planning.portfolio import health

TREND_MONTHS = 12


def readable_account(user: User, pk: int) -> Account | None:
    return access.accounts_readable(user).filter(pk=pk).first()


def owners_to_filter(user: User) -> QuerySet[User]:
    """The account managers a user may filter the portfolio by: none for an account manager
    (their own portfolio), the members of a manager's teams, everyone's for the others."""
    if access.has_portfolio(user):
        return User.objects.none()
    people = access.users_readable(user).filter(role=Role.ACCOUNT_MANAGER)
    if user.role == Role.MANAGER and not user.is_admin:
        people = people.filter(teams__manager=user)
    return people.distinct().order_by("first_name", "last_name", "pk")


def with_health(rows: QuerySet[Account]) -> QuerySet[Account]:
    """Accounts with the score of their latest kept month (`health`)."""
    latest = (
        HealthScore.objects.filter(account=OuterRef("pk")).order_by("-month").values("score")[:1]
    )
    return rows.annotate(health=Subquery(latest, output_field=IntegerField()))


@dataclass
class AccountHealth:
    account: Account
    as_of: date
    now: health.Health
    trend: list[HealthScore]  # the kept months, oldest first

    @property
    def change(self) -> int | None:
        """The score now against the last kept month before this one."""
        earlier = [m for m in self.trend if m.month < self.as_of.replace(day=1)]
        if self.now.score is None or not earlier or earlier[-1].score is None:
            return None
        return self.now.score - earlier[-1].score


def account_health(account: Account, as_of: date | None = None) -> AccountHealth:
    """The score as of today with its components, and the trend of the kept months (five
    queries)."""
    day = as_of or timezone.localdate()
    trend = list(HealthScore.objects.filter(account=account).order_by("-month")[:TREND_MONTHS])
    return AccountHealth(account, day, health.health_now(account.pk, day), trend[::-1])


def health_data(view: AccountHealth) -> dict[str, Any]:
    """What the API answers: the score, its components and the trend."""
    return {
        "account_id": view.account.pk,
        "as_of": view.as_of,
        "score": view.now.score,
        "components": [
            {
                "key": c.key,
                "label": c.label,
                "weight": c.weight,
                "available": c.available,
                "points": None if c.points is None else round(c.points, 1),
                "max_points": round(c.max_points, 1),
                "reason": c.reason,
            }
            for c in view.now.components
        ],
        "trend": [{"month": m.month, "score": m.score} for m in view.trend],
    }
