"""Structural complaints: the categories, catalogue products, product groups and products not in
the catalogue that had complaints at several different accounts in a period.

The overview reads the complaints the user may read in the period once (the same scope as the
complaint list) and counts them per row kind, keeping the rows where the number of distinct
accounts reaches the threshold:

- by category;
- by catalogue product;
- by main product group: every complaint has one main group, that of the group it names or of
  its product's group (a subgroup's main group, or the group itself when it is a main group), so
  a main group counts the complaints on its subgroups and on all their products;
- by subgroup: the complaints that name it or one of its products;
- by the text of a product not in the catalogue (trimmed and in lower case, so "Kipfilet " and
  "kipfilet" count as one).

The complaint list's `product_group` filter (`filters.in_group`) selects the same complaints.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from koers.complaints import queries
from koers.complaints.models import OPEN_STATUSES, Complaint, ComplaintCategory
from koers.core import access
from koers.core.models import Team, User
from koers.core.widgets import FastSelect
from koers.sales.models import Product, ProductGroup

DEFAULT_DAYS = 90
DEFAULT_MIN_ACCOUNTS = 3
# A period longer than this is refused: the overview is about what happens now.
MAX_DAYS = 3 * 366
ROW_LIMIT = 200
CATEGORY, PRODUCT, GROUP, TEXT = "category", "product", "product_group", "product_name"
# The filter of the complaint list (and of the proposal form) that each kind of row links with.
FILTER_OF = {CATEGORY: "category", PRODUCT: "product", GROUP: "product_group", TEXT: "product_name"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def default(cls, today: date | None = None) -> Period:
        today = today or timezone.localdate()
        return cls(today - timedelta(days=DEFAULT_DAYS), today)


@dataclass
class StructuralRow:
    kind: str  # CATEGORY, PRODUCT, GROUP or TEXT
    key: str  # the category's, product's or group's id, or the text as grouped (lower case)
    label: str
    accounts: int
    complaints: int
    open: int
    newest: datetime
    query: str = ""  # the filters of the complaint list (and the proposal form) for this row


class StructuralForm(forms.Form):
    """The overview's filters. Team and owner narrow a manager's (or an administrator's) view;
    an account manager reads their own scope already."""

    received_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    received_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    min_accounts = forms.IntegerField(
        label=_("At least this many accounts"),
        min_value=2,
        max_value=1000,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    team = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False, widget=FastSelect
    )
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), required=False, widget=FastSelect
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.for_manager = access.may_decide(user)
        if self.for_manager:
            team = self.fields["team"]
            owner = self.fields["owner"]
            assert isinstance(team, forms.ModelChoiceField)
            assert isinstance(owner, forms.ModelChoiceField)
            team.queryset = access.teams_readable(user).order_by("name")
            owner.queryset = access.users_readable(user).order_by("first_name", "last_name")
            team.empty_label = _("Every team")
            owner.empty_label = _("Everyone")
        else:
            del self.fields["team"], self.fields["owner"]
        default = Period.default()
        self.fields["received_from"].widget.attrs["placeholder"] = default.start.isoformat()
        self.fields["min_accounts"].widget.attrs["placeholder"] = str(DEFAULT_MIN_ACCOUNTS)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        default = Period.default()
        start = data.get("received_from") or default.start
        end = data.get("received_to") or default.end
        if "received_from" in self.errors or "received_to" in self.errors:
            return data
        if end < start:
            self.add_error("received_to", _("The end of the period lies before its start."))
        elif (end - start).days > MAX_DAYS:
            self.add_error("received_from", _("Choose a period of at most three years."))
        data["period"] = Period(start, end)
        data["min_accounts"] = data.get("min_accounts") or DEFAULT_MIN_ACCOUNTS
        return data


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _in_period(user: User, period: Period, owner: User | None, team: Team | None) -> QuerySet:
    rows = queries.complaints_readable_for_page(user).filter(
        received_at__gte=_start_of(period.start),
        received_at__lt=_start_of(period.end) + timedelta(days=1),
    )
    if owner is not None:
        rows = rows.filter(owner=owner)
    if team is not None:
        rows = rows.filter(owner__in=team.members.values("pk"))
    return rows.order_by()


def _label(nl: str, en: str) -> str:
    """A catalogue name in the reader's language (English when there is one)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return (en or nl) if language == "en" else nl


@dataclass
class _Tally:
    accounts: set[int] = field(default_factory=set)
    complaints: int = 0
    open: int = 0
    newest: int = 0  # the id of the newest complaint
    label: str = ""


def _groups() -> dict[int, tuple[int | None, str]]:
    """Every product group (a few dozen): its main group and its name."""
    found = ProductGroup.objects.values_list("pk", "parent_id", "name_nl", "name_en")
    return {pk: (parent, _label(nl, en)) for pk, parent, nl, en in found}


def _products() -> dict[int, tuple[int | None, str]]:
    """Every catalogue product: its group and its label (code and name)."""
    found = Product.objects.values_list("pk", "group_id", "code", "name_nl", "name_en")
    return {pk: (group, f"{code} {_label(nl, en)}") for pk, group, code, nl, en in found}


def _tallies(
    rows: QuerySet, groups: dict[int, tuple[int | None, str]], products: dict[int, Any]
) -> dict[tuple[str, Any], _Tally]:
    """Every row of the overview that a complaint of `rows` counts in, with its measures. A
    complaint counts in its category, its catalogue product, its main product group (that of
    the group it names or of its product's group) and, for a subgroup, that subgroup; and in the
    text of a product not in the catalogue, trimmed and in lower case.

    Read newest first from an index that holds every column read here, so the first complaint
    of a row is its newest (no date is converted per complaint: that was a third of the time)."""
    tallies: dict[tuple[str, Any], _Tally] = {}
    columns = ("id", "account_id", "status", "category_id", "product_id", "product_group_id")
    found = rows.order_by("-received_at").values_list(*columns, "product_name")
    for pk, account, status, category, product, named_group, text in found:
        keys: list[tuple[str, Any]] = [(CATEGORY, category)]
        group = named_group
        if product is not None:
            keys.append((PRODUCT, product))
            group = products[product][0] if product in products else None
        if group is not None:
            parent = groups[group][0] if group in groups else None
            keys.append((GROUP, group if parent is None else parent))
            if parent is not None:
                keys.append((GROUP, group))
        if text:
            keys.append((TEXT, text.strip(" ").lower()))
        is_open = status in OPEN_STATUSES
        for key in keys:
            tally = tallies.get(key)
            if tally is None:
                tally = tallies[key] = _Tally(newest=pk)
            tally.accounts.add(account)
            tally.complaints += 1
            tally.open += is_open
            if key[0] == TEXT and (not tally.label or text < tally.label):
                tally.label = text
    return tallies


def _label_of(kind: str, key: Any, tally: _Tally, names: dict[str, dict[Any, Any]]) -> str:
    """The name of a row: the text as first written, or the catalogue's or category's name."""
    categories, products, groups = names[CATEGORY], names[PRODUCT], names[GROUP]
    if kind == TEXT:
        return tally.label
    if kind == CATEGORY:
        return categories.get(key, "")
    if kind == PRODUCT:
        return products[key][1] if key in products else ""
    return groups[key][1] if key in groups else ""


def structural_rows(
    user: User,
    *,
    period: Period,
    min_accounts: int = DEFAULT_MIN_ACCOUNTS,
    owner: User | None = None,
    team: Team | None = None,
) -> list[StructuralRow]:
    """The categories, products and product groups with complaints at `min_accounts` or more
    distinct accounts among the complaints `user` may read that came in within `period`: most
    accounts first, at most `ROW_LIMIT`.

    One read of the period's complaints, counted here: the same complaints grouped five ways
    in SQL (a UNION ALL of five GROUP BYs) applied the access scope five times, 380 ms for a
    manager's year at size L (decision 133). Then the names of what is shown."""
    groups, products = _groups(), _products()
    tallies = _tallies(_in_period(user, period, owner, team), groups, products)
    names: dict[str, dict[Any, Any]] = {
        CATEGORY: dict(ComplaintCategory.objects.values_list("pk", "name")),
        PRODUCT: products,
        GROUP: groups,
    }
    found = []
    for (kind, key), tally in tallies.items():
        if len(tally.accounts) < min_accounts:
            continue
        found.append(
            StructuralRow(
                kind=kind,
                key=str(key),
                label=_label_of(kind, key, tally, names),
                accounts=len(tally.accounts),
                complaints=tally.complaints,
                open=tally.open,
                newest=tally.newest,  # type: ignore[arg-type]  # the id, until read below
            )
        )
    found.sort(key=lambda row: (-row.accounts, -row.complaints, row.label))
    found = found[:ROW_LIMIT]
    newest = Complaint.objects.filter(pk__in=[row.newest for row in found])
    received = dict(newest.values_list("pk", "received_at"))
    for row in found:
        row.newest = received.get(row.newest)  # type: ignore[call-overload]
        row.query = row_query(row, period=period, owner=owner, team=team)
    return found


def row_query(row: StructuralRow, *, period: Period, owner: User | None, team: Team | None) -> str:
    """The complaint list's query string for the complaints behind `row`."""
    params: dict[str, Any] = {
        FILTER_OF[row.kind]: row.label.strip() if row.kind == TEXT else row.key,
        "received_from": period.start.isoformat(),
        "received_to": period.end.isoformat(),
    }
    if owner is not None:
        params["owner"] = owner.pk
    if team is not None:
        params["team"] = team.pk
    return urlencode(params)


def complaints_behind(user: User, data: Any, limit: int) -> list[Complaint]:
    """The complaints of one row of the overview, from its query string (`row_query`), as the
    complaint list filters them: the proposal form starts from these."""
    from koers.complaints.filters import ComplaintFilterSet

    filterset = ComplaintFilterSet(data, user=user)
    if not any(filterset.value(name) for name in FILTER_OF.values()):
        return []
    found = filterset.found(queries.complaints_readable(user)).select_related(
        "account", "category", "product", "product_group"
    )
    return list(found.order_by("-received_at", "-pk")[:limit])


def behind_label(data: Any, complaints: list[Complaint]) -> str:
    """What the complaints of one row of the overview (`row_query`) have in common, as a title:
    the product, the product group, the text of a product not in the catalogue, or the category."""
    text = str(data.get(TEXT, "")).strip()
    if text:
        return text
    products = {c.product for c in complaints if c.product is not None}
    if data.get(PRODUCT) and len(products) == 1:
        return products.pop().name
    group = str(data.get(GROUP, ""))
    if group.isdigit():
        found = ProductGroup.objects.filter(pk=int(group)).first()
        if found is not None:
            return found.name
    return complaints[0].category.name if complaints else ""
