"""The target grid: a level above (the parent row) and the rows below it, twelve months and the
year across, with the totals per row and per column, the gaps (the year against its months, the
parent against the sum of its rows) and the actual beside each row.

Three grids: the company over its teams, a team over its account managers, an account manager
over the main product groups or over their accounts (`by`, the rows a target is spread
over). The account manager's grid narrows to one product group over their accounts (the
account manager's target of the group over the accounts' targets of it) or to one account over
the main product groups (the account's target over its targets per group): the roll-up of
targets per account and product group (decision 149). Targets come from one query, actuals
from `actuals.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core.models import Role, Team, User
from koers.planning.models.targets import (
    LINK_FIELDS,
    MONTHS,
    Measure,
    PeriodKind,
    Target,
    TargetLevel,
    target_key,
)
from koers.planning.targets import actuals as actual_figures
from koers.planning.targets import queries
from koers.sales.models import ProductGroup

ZERO = Decimal("0")
VIEWS = ("company", "team", "person")
BY = ("groups", "accounts")


@dataclass
class GridRow:
    label: str
    level: str
    ids: dict[str, int | None]
    months: list[Decimal | None] = field(default_factory=list)
    year: Decimal | None = None
    stretch: Decimal | None = None
    actual: list[Decimal] = field(default_factory=list)
    is_parent: bool = False
    year_pk: int | None = None  # the year's target, if set
    # An account manager's account or product group row opens its own grid by product group
    # or by account: ("account", pk) or ("group", pk).
    narrow: tuple[str, int] | None = None

    @property
    def key(self) -> str:
        return target_key(self.level, self.ids)

    @property
    def month_sum(self) -> Decimal:
        return sum((m or ZERO for m in self.months), ZERO)

    @property
    def quarters(self) -> list[Decimal | None]:
        """The sum of each quarter's months (None for a quarter without any)."""
        out: list[Decimal | None] = []
        for q in range(4):
            months = [m for m in self.months[q * 3 : q * 3 + 3] if m is not None]
            out.append(sum(months, ZERO) if months else None)
        return out

    @property
    def gap(self) -> Decimal | None:
        """The year's target against the sum of its months (None without a year)."""
        return None if self.year is None else self.year - self.month_sum

    @property
    def actual_year(self) -> Decimal:
        return sum(self.actual, ZERO)

    @property
    def deviation(self) -> Decimal | None:
        return None if self.year is None else self.actual_year - self.year

    @property
    def realised(self) -> Decimal | None:
        """The actual as a percentage of the year's target."""
        if not self.year:
            return None
        return (self.actual_year * 100 / self.year).quantize(Decimal("0.1"))

    @property
    def id_fields(self) -> list[tuple[str, int]]:
        return [(name, value) for name, value in self.ids.items() if value]


@dataclass
class Grid:
    view: str
    measure: str
    year: int
    title: str
    parent: GridRow
    rows: list[GridRow]
    writable: bool
    team: Team | None = None
    person: User | None = None
    by: str = "groups"
    account: Account | None = None  # the one account of a person's grid by product group
    group: ProductGroup | None = None  # the one product group of a person's grid by account

    @property
    def all_rows(self) -> list[GridRow]:
        return [self.parent, *self.rows]

    @property
    def column_sums(self) -> list[Decimal]:
        return [sum((r.months[i] or ZERO for r in self.rows), ZERO) for i in range(12)]

    @property
    def year_sum(self) -> Decimal:
        return sum((r.year or ZERO for r in self.rows), ZERO)

    @property
    def quarter_sums(self) -> list[Decimal]:
        sums = self.column_sums
        return [sum(sums[q * 3 : q * 3 + 3], ZERO) for q in range(4)]

    @property
    def column_gaps(self) -> list[Decimal | None]:
        """The parent's target of each month against the sum of its rows."""
        return [
            None if p is None else p - s
            for p, s in zip(self.parent.months, self.column_sums, strict=True)
        ]

    @property
    def year_gap(self) -> Decimal | None:
        return None if self.parent.year is None else self.parent.year - self.year_sum

    @property
    def money(self) -> bool:
        return self.measure in (Measure.REVENUE, Measure.MARGIN)


def _ids(**values: int | None) -> dict[str, int | None]:
    return {**dict.fromkeys(LINK_FIELDS), **values}


def _person_rows(
    person: User, by: str, account: Account | None, group: ProductGroup | None
) -> tuple[GridRow, list[GridRow]]:
    if by == "accounts":
        accounts = Account.objects.filter(owner=person, parent__isnull=True).order_by("name", "pk")
        if group is not None:
            ids = _ids(user=person.pk, product_group=group.pk)
            parent = GridRow(
                f"{person} · {group.name}", TargetLevel.USER_GROUP, ids, is_parent=True
            )
            return parent, [
                GridRow(
                    a.name, TargetLevel.ACCOUNT_GROUP, _ids(account=a.pk, product_group=group.pk)
                )
                for a in accounts
            ]
        parent = GridRow(str(person), TargetLevel.USER, _ids(user=person.pk), is_parent=True)
        return parent, [
            GridRow(a.name, TargetLevel.ACCOUNT, _ids(account=a.pk), narrow=("account", a.pk))
            for a in accounts
        ]
    groups = ProductGroup.objects.filter(parent__isnull=True, active=True)
    if account is not None:
        parent = GridRow(
            account.name, TargetLevel.ACCOUNT, _ids(account=account.pk), is_parent=True
        )
        return parent, [
            GridRow(g.name, TargetLevel.ACCOUNT_GROUP, _ids(account=account.pk, product_group=g.pk))
            for g in groups
        ]
    parent = GridRow(str(person), TargetLevel.USER, _ids(user=person.pk), is_parent=True)
    return parent, [
        GridRow(
            g.name,
            TargetLevel.USER_GROUP,
            _ids(user=person.pk, product_group=g.pk),
            narrow=("group", g.pk),
        )
        for g in groups
    ]


def _rows(view: str, team: Team | None, person: User | None) -> tuple[GridRow, list[GridRow]]:
    if view == "team" and team is not None:
        parent = GridRow(team.name, TargetLevel.TEAM, _ids(team=team.pk), is_parent=True)
        people = team.members.filter(role=Role.ACCOUNT_MANAGER, is_active=True)
        rows = [GridRow(str(u), TargetLevel.USER, _ids(user=u.pk)) for u in people]
        return parent, rows
    parent = GridRow(_("Company"), TargetLevel.COMPANY, _ids(), is_parent=True)
    rows = [GridRow(t.name, TargetLevel.TEAM, _ids(team=t.pk)) for t in Team.objects.all()]
    return parent, rows


def _fill(rows: list[GridRow], measure: str, year: int) -> None:
    keys = {r.key: r for r in rows}
    for r in rows:
        r.months = [None for _m in MONTHS]
    found = Target.objects.filter(
        measure=measure,
        year=year,
        key__in=list(keys),
        period_kind__in=(PeriodKind.MONTH, PeriodKind.YEAR),
    ).values_list("key", "period_kind", "period", "amount", "stretch", "pk")
    for key, kind, period, amount, stretch, pk in found:
        if kind == PeriodKind.YEAR:
            keys[key].year, keys[key].stretch, keys[key].year_pk = amount, stretch, pk
        else:
            keys[key].months[period - 1] = amount
    by_level: dict[str, list[GridRow]] = {}
    for r in rows:
        by_level.setdefault(r.level, []).append(r)
    for level, level_rows in by_level.items():
        figures = actual_figures.monthly_actuals(measure, level, [r.ids for r in level_rows], year)
        for r in level_rows:
            r.actual = figures.get(r.key, actual_figures.empty())


def build(
    user: User,
    *,
    view: str,
    measure: str,
    year: int,
    team: Team | None,
    person: User | None,
    by: str = "groups",
    account: Account | None = None,
    group: ProductGroup | None = None,
) -> Grid:
    """`account` (by product groups) or `group` (by accounts) narrows a person's grid."""
    if view == "person" and person is not None:
        parent, rows = _person_rows(person, by, account, group)
    else:
        parent, rows = _rows(view, team, person)
    _fill([parent, *rows], measure, year)
    writable = queries.can_set(user, parent.level, parent.ids) or any(
        queries.can_set(user, r.level, r.ids) for r in rows[:1]
    )
    title = {"company": _("Company"), "team": team.name if team else "", "person": str(person)}
    return Grid(
        view, measure, year, title[view], parent, rows, writable, team, person, by, account, group
    )


def measure_choices() -> list[tuple[str, Any]]:
    return list(Measure.choices)
