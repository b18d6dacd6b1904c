"""Spreading an account manager's target over their accounts, their product groups or both
(issue 15; docs/decisions.md, 144 and 149): the rows the page and the API offer, each pre-filled
with its share of last year's revenue.

- **Accounts**: the accounts the target's account manager owns that are not branches (a
  chain's target counts its branches, decision 123), by last year's delivered revenue of the
  account with its branches (`REVENUE_STATUSES`, by `delivered_on`), as account targets count.
- **Product groups**: the main product groups in use, by the account manager's credited
  revenue of last year in each (their subgroups counted), as their product-group targets count.
- **Accounts and product groups**: each of those accounts with each of those groups, by what
  the account (with its branches) bought of the group (its subgroups counted) last year, as
  targets of an account's product group count. Most accounts buy a few groups only: a row
  that bought nothing starts empty (`start`), so that saving makes no targets of 0 for them.

Shares are rounded to hundredths of a percent and add up to exactly 100 (the largest-remainder
split of `spreading.py`); without any revenue last year every row gets an even share. Three
queries for accounts (rows, revenue, the targets set now), four for product groups and for
accounts and product groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, Q, Sum
from django.db.models.functions import Coalesce

from koers.accounts.models import Account
from koers.core import access
from koers.core.models import Role, User
from koers.planning.models.targets import (
    LINK_FIELDS,
    Measure,
    Target,
    TargetLevel,
    target_key,
)
from koers.planning.targets import actuals, queries
from koers.planning.targets.spreading import split
from koers.sales.models import OrderLine, ProductGroup
from koers.sales.models.orders import REVENUE_STATUSES, Order

ACCOUNTS, GROUPS, ACCOUNT_GROUPS = "accounts", "product_groups", "account_groups"
OVER = (ACCOUNTS, GROUPS, ACCOUNT_GROUPS)
LEVEL_OF = {
    ACCOUNTS: TargetLevel.ACCOUNT,
    GROUPS: TargetLevel.USER_GROUP,
    ACCOUNT_GROUPS: TargetLevel.ACCOUNT_GROUP,
}
ZERO = Decimal("0")
HUNDRED = Decimal("100")
NO_SHARE = Decimal("0.00")
_MONEY: DecimalField[Decimal, Decimal] = DecimalField(max_digits=16, decimal_places=2)


def token_of(account: int | None, group: int | None) -> str:
    """A row's name on the page: the account's or the product group's id, or both."""
    if account and group:
        return f"{account}-{group}"
    return str(account or group or 0)


# Slots: an account manager with 1,700 accounts and 20 product groups has 34,000 rows over
# both, each made on every request of the page (docs/decisions.md, 149).
@dataclass(slots=True)
class SpreadRow:
    label: str  # the account's or the product group's name
    level: str
    ids: dict[str, int | None]
    last_year: Decimal = ZERO  # last year's revenue
    share: Decimal = NO_SHARE  # the suggested percentage
    current: Decimal | None = None  # the target set now for the same measure and period
    group_label: str = ""  # the product group's name, beside an account's
    token: str = field(init=False)

    def __post_init__(self) -> None:
        self.token = token_of(self.ids["account"], self.ids["product_group"])

    @property
    def start(self) -> Decimal | None:
        """The percentage the page starts at: the share; empty for an account's product group
        that sold nothing last year (most of them)."""
        if self.level == TargetLevel.ACCOUNT_GROUP and not self.share:
            return None
        return self.share

    @property
    def name(self) -> str:
        return f"{self.label} · {self.group_label}" if self.group_label else self.label

    @property
    def key(self) -> str:
        return target_key(self.level, self.ids)


def may_spread(user: User, target: Target) -> bool:
    """The manager who sets the account manager's target (or an administrator), and the
    account manager themself: they divide what was set for them, they do not change it."""
    if target.level != TargetLevel.USER or not (user.is_authenticated and user.is_active):
        return False
    if queries.can_set(user, target.level, target.ids):
        return True
    return (
        target.user_id == user.pk
        and user.role == Role.ACCOUNT_MANAGER
        and not access.changes_nothing(user)
    )


def _ids(**values: int | None) -> dict[str, int | None]:
    return {**dict.fromkeys(LINK_FIELDS), **values}


def portfolio_of(person_id: int) -> list[Account]:
    """The accounts an account manager's target spreads over: their own, not branches."""
    return list(Account.objects.filter(owner=person_id, parent__isnull=True).order_by("name", "pk"))


def _account_rows(source: Target) -> list[SpreadRow]:
    accounts = portfolio_of(source.user_id or 0)
    ids = [a.pk for a in accounts]
    year = source.year - 1
    revenue = dict(
        Order.objects.filter(
            Q(account__in=ids) | Q(account__parent__in=ids),
            status__in=REVENUE_STATUSES,
            delivered_on__gte=date(year, 1, 1),
            delivered_on__lte=date(year, 12, 31),
        )
        .annotate(top=Coalesce("account__parent", "account"))
        .values("top")
        .annotate(total=Sum("net_total", output_field=_MONEY))
        .values_list("top", "total")
    )
    return [
        SpreadRow(a.name, TargetLevel.ACCOUNT, _ids(account=a.pk), revenue.get(a.pk) or ZERO)
        for a in accounts
    ]


def _group_rows(source: Target) -> list[SpreadRow]:
    groups = _main_groups()
    person = source.user_id
    rows = [
        SpreadRow(g.name, TargetLevel.USER_GROUP, _ids(user=person, product_group=g.pk))
        for g in groups
    ]
    wanted = [{"user": person, "product_group": r.ids["product_group"]} for r in rows]
    found = actuals.monthly_actuals(
        Measure.REVENUE, TargetLevel.USER_GROUP, wanted, source.year - 1
    )
    for row in rows:
        row.last_year = sum(found.get(row.key, []), ZERO)
    return rows


def _main_groups() -> list[ProductGroup]:
    return list(ProductGroup.objects.filter(parent__isnull=True, active=True))


def _account_group_rows(source: Target) -> list[SpreadRow]:
    accounts = portfolio_of(source.user_id or 0)
    groups = [(g.pk, g.name) for g in _main_groups()]
    year = source.year - 1
    bought = (
        OrderLine.objects.filter(
            Q(order__account__in=[a.pk for a in accounts])
            | Q(order__account__parent__in=[a.pk for a in accounts]),
            order__status__in=REVENUE_STATUSES,
            order__delivered_on__gte=date(year, 1, 1),
            order__delivered_on__lte=date(year, 12, 31),
            product_group__isnull=False,
        )
        .annotate(
            top=Coalesce("order__account__parent", "order__account"),
            main=Coalesce("product_group__parent", "product_group"),
        )
        .values("top", "main")
        .annotate(total=Sum("net", output_field=_MONEY))
    )
    revenue = {(row["top"], row["main"]): row["total"] for row in bought}
    level = TargetLevel.ACCOUNT_GROUP
    return [
        SpreadRow(
            a.name,
            level,
            {"team": None, "user": None, "account": a.pk, "product_group": g, "segment": None},
            revenue.get((a.pk, g)) or ZERO,
            group_label=name,
        )
        for a in accounts
        for g, name in groups
    ]


def _current(source: Target, rows: list[SpreadRow]) -> None:
    """The targets set now, by the level and its account manager or accounts rather than by
    a list of thousands of keys."""
    level = rows[0].level
    found = Target.objects.filter(
        measure=source.measure,
        level=level,
        year=source.year,
        period_kind=source.period_kind,
        period=source.period,
    )
    if level == TargetLevel.USER_GROUP:
        found = found.filter(user=source.user_id)
    else:
        found = found.filter(account__in={r.ids["account"] for r in rows})
    # By token, not by key: a key for each of thousands of rows costs more than the query.
    amounts = {
        token_of(account, group): amount
        for account, group, amount in found.values_list("account", "product_group", "amount")
    }
    for row in rows:
        row.current = amounts.get(row.token)


ROWS = {ACCOUNTS: _account_rows, GROUPS: _group_rows, ACCOUNT_GROUPS: _account_group_rows}


def spread_rows(source: Target, over: str) -> list[SpreadRow]:
    """The rows `source` may be spread over, each with its suggested share of 100 %."""
    rows = ROWS[over](source)
    if not rows:
        return rows
    # Only the rows that sold anything: a row of 0 gets 0 and no cent of the rounding (the
    # cents go to the largest remainders), so leaving them out gives the same shares, fast.
    sold = [r for r in rows if r.last_year > 0] or rows
    weights = [r.last_year if r.last_year > 0 else Decimal(1) for r in sold]
    for row, share in zip(sold, split(HUNDRED, weights), strict=True):
        row.share = share
    _current(source, rows)
    return rows
