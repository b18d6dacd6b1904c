"""Structural complaints: the categories and products (a text on the complaint until part 5
brings a catalogue) that had complaints at several different accounts in a period.

The overview is one grouped query over the complaints the user may read (the same scope as the
complaint list, `queries.complaints_readable`): one branch grouped by category, one by product
(trimmed and in lower case, so "Kipfilet " and "kipfilet" count as one), joined by UNION ALL and
kept where the number of distinct accounts reaches the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import CharField, Count, Max, Min, Q, QuerySet, Value
from django.db.models.functions import Cast, Lower, Trim
from django.utils import timezone
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
CATEGORY, PRODUCT = "category", "product"


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
    kind: str  # CATEGORY or PRODUCT
    key: str  # the category's id, or the product as grouped (trimmed, lower case)
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
    rows = queries.complaints_readable(user).filter(
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


def structural_rows(
    user: User,
    *,
    period: Period,
    min_accounts: int = DEFAULT_MIN_ACCOUNTS,
    owner: User | None = None,
    team: Team | None = None,
) -> list[StructuralRow]:
    """The categories and products with complaints at `min_accounts` or more distinct accounts
    among the complaints `user` may read that came in within `period`: most accounts first.
    One query."""
    rows = _in_period(user, period, owner, team)
    by_category = (
        rows.values("category_id")
        .annotate(
            kind=Value(CATEGORY, output_field=CharField()),
            key=Cast("category_id", CharField()),
            label=Min("category__name"),
            **_measures(),
        )
        .filter(accounts__gte=min_accounts)
        .values_list(*COLUMNS)
    )
    by_product = (
        rows.exclude(product_name="")
        .annotate(product_key=Lower(Trim("product_name")))
        .values("product_key")
        .annotate(
            kind=Value(PRODUCT, output_field=CharField()),
            key=Min("product_key"),
            label=Min("product_name"),
            **_measures(),
        )
        .filter(accounts__gte=min_accounts)
        .values_list(*COLUMNS)
    )
    union = by_category.union(by_product, all=True).order_by("-accounts", "-complaints", "label")
    found = [StructuralRow(*values) for values in union[:ROW_LIMIT]]
    for row in found:
        row.query = row_query(row, period=period, owner=owner, team=team)
    return found


def row_query(row: StructuralRow, *, period: Period, owner: User | None, team: Team | None) -> str:
    """The complaint list's query string for the complaints behind `row`."""
    params: dict[str, Any] = {
        **({"category": row.key} if row.kind == CATEGORY else {"product_name": row.label.strip()}),
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
    if not any(filterset.value(name) for name in ("category", "product_name")):
        return []
    found = filterset.found(queries.complaints_readable(user)).select_related("account")
    return list(found.order_by("-received_at", "-pk")[:limit])
