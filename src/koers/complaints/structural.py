"""Structural complaints: the categories, catalogue products, product groups and products not in
the catalogue that had complaints at several different accounts in a period.

The overview is one grouped query over the complaints the user may read (the same scope as the
complaint list, `queries.complaints_readable`), branches joined by UNION ALL and kept where the
number of distinct accounts reaches the threshold:

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

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import CharField, Count, F, Max, Min, Q, QuerySet, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Concat, Lower, NullIf, Trim
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from koers.complaints import queries
from koers.complaints.models import OPEN_STATUSES, Complaint
from koers.core import access
from koers.core.models import Team, User
from koers.core.widgets import FastSelect

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


def _measures() -> dict[str, Any]:
    return {
        "accounts": Count("account_id", distinct=True),
        "complaints": Count("pk"),
        "open": Count("pk", filter=Q(status__in=OPEN_STATUSES)),
        "newest": Max("received_at"),
    }


COLUMNS = ("kind", "key", "label", "accounts", "complaints", "open", "newest")


def _name(path: str) -> Combinable:
    """The catalogue name at `path` in the reader's language (English when there is one)."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    if language == "en":
        return Coalesce(NullIf(F(f"{path}__name_en"), Value("")), F(f"{path}__name_nl"))
    return F(f"{path}__name_nl")


def _branch(rows: QuerySet, kind: str, key: Any, label: Any, min_accounts: int) -> QuerySet:
    """One branch of the union: `rows` grouped by `key` (already in `rows.values(...)`)."""
    return (
        rows.annotate(
            kind=Value(kind, output_field=CharField()),
            key=Cast(key, CharField()),
            label=Min(label),
            **_measures(),
        )
        .filter(accounts__gte=min_accounts)
        .values_list(*COLUMNS)
    )


def _branches(rows: QuerySet, min_accounts: int) -> list[QuerySet]:
    by_category = _branch(
        rows.values("category_id"), CATEGORY, "category_id", "category__name", min_accounts
    )
    by_product = _branch(
        rows.filter(product__isnull=False).values("product_id"),
        PRODUCT,
        "product_id",
        Concat(F("product__code"), Value(" "), _name("product"), output_field=CharField()),
        min_accounts,
    )
    # The group a complaint names, or its product's; and that group's main group. Filtered on
    # the complaint's own columns first, so that their indexes find the few complaints about
    # the catalogue before the access scope is applied (measured: each branch that applies the
    # scope to every complaint of the period costs as much as the whole overview did).
    about_catalogue = Q(product__isnull=False) | Q(product_group__isnull=False)
    grouped = rows.filter(about_catalogue).annotate(
        group_key=Coalesce("product_group_id", "product__group_id"),
        main_key=Coalesce(
            "product_group__parent_id",
            "product__group__parent_id",
            "product_group_id",
            "product__group_id",
        ),
        main_name=Coalesce(
            _name("product_group__parent"),
            _name("product__group__parent"),
            _name("product_group"),
            _name("product__group"),
        ),
        group_name=Coalesce(_name("product_group"), _name("product__group")),
    )
    by_main_group = _branch(
        grouped.values("main_key"),
        GROUP,
        "main_key",
        "main_name",
        min_accounts,
    )
    by_subgroup = _branch(
        grouped.filter(
            Q(product_group__parent__isnull=False) | Q(product__group__parent__isnull=False)
        ).values("group_key"),
        GROUP,
        "group_key",
        "group_name",
        min_accounts,
    )
    by_text = _branch(
        rows.exclude(product_name="")
        .annotate(text_key=Lower(Trim("product_name")))
        .values("text_key"),
        TEXT,
        "text_key",
        "product_name",
        min_accounts,
    )
    return [by_category, by_product, by_main_group, by_subgroup, by_text]


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
    accounts first. One query."""
    first, *others = _branches(_in_period(user, period, owner, team), min_accounts)
    union = first.union(*others, all=True).order_by("-accounts", "-complaints", "label")
    found = [StructuralRow(*values) for values in union[:ROW_LIMIT]]
    for row in found:
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
    from koers.sales.models import ProductGroup

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
