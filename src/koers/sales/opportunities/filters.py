"""The opportunity list: one FilterSet for the page, the export and the API (decision 18).

Its default order is the expected close date (the nearest first), open opportunities only. An
owner, team or product group the user may not see is not a choice; the rows are the
opportunities of the accounts the user may read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db import connection
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.lists import Column, Header, ListFilterSet, SortFilter, labels, url_maker
from koers.core.widgets import FastSelect, NamedModelChoiceField
from koers.sales.models import (
    OPEN_STAGES,
    LostReason,
    Opportunity,
    OpportunityLine,
    ProductGroup,
    Source,
    Stage,
    StageSetting,
)
from koers.sales.models.catalogue import in_language
from koers.sales.money import cents
from koers.sales.opportunities import queries, stale

MONTH = re.compile(r"^(19\d{2}|2[01]\d{2})-(0[1-9]|1[0-2])$")


class _MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month as `YYYY-MM` (the browser's month input)."""

    widget = _MonthInput

    def to_python(self, value: Any) -> date | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        found = MONTH.match(text)
        if not found:
            raise forms.ValidationError(_("Give a month as YYYY-MM."), code="invalid")
        return date(int(found.group(1)), int(found.group(2)), 1)


class MonthFilter(django_filters.Filter):
    field_class = MonthField


class _NamedChoiceFilter(django_filters.ModelChoiceFilter):
    """A choice of rows labelled from a few columns read as values (`NamedModelChoiceField`):
    the owners, teams and product groups of the filter panel built a model instance per option
    through a server-side cursor, a fifth of the list's time at size L (decision 134)."""

    field_class = NamedModelChoiceField


def _person(first_name: str, last_name: str, username: str) -> str:
    """`str(user)`: the full name, else the username."""
    return f"{first_name} {last_name}".strip() or username


def with_probability(rows: QuerySet[Opportunity]) -> QuerySet[Opportunity]:
    """`effective_probability`: the override, else the stage's default (one subquery)."""
    default = StageSetting.objects.filter(stage=OuterRef("stage")).values("probability")[:1]
    return rows.annotate(effective_probability=Coalesce(F("probability"), Subquery(default)))


def weighted(opportunity: Opportunity) -> Decimal:
    probability = getattr(opportunity, "effective_probability", None) or 0
    return cents(opportunity.amount * Decimal(probability) / Decimal(100))


def _name(user: Any) -> str:
    return str(user) if user is not None else ""


OPPORTUNITY_COLUMNS = (
    Column(_("Title"), lambda o: o.title),
    Column(_("Account"), lambda o: o.account.name),
    Column(_("Branch"), lambda o: o.branch.name if o.branch else ""),
    Column(_("Stage"), lambda o: o.get_stage_display()),
    Column(_("Estimated value"), lambda o: o.amount),
    Column(_("Probability (%)"), lambda o: getattr(o, "effective_probability", None)),
    Column(_("Weighted value"), weighted),
    Column(_("Expected close date"), lambda o: o.close_on),
    Column(_("Source"), lambda o: o.get_source_display()),
    Column(_("Owner"), lambda o: _name(o.owner)),
    Column(_("The customer's need"), lambda o: o.need),
    Column(_("Won on"), lambda o: o.won_on),
    Column(_("Reason won"), lambda o: o.get_won_reason_display()),
    Column(_("Reason lost"), lambda o: o.get_lost_reason_display()),
    Column(_("Competitor who won"), lambda o: o.lost_to.name if o.lost_to else ""),
    Column(_("Price gap (%)"), lambda o: o.price_gap),
    Column(_("Closed"), lambda o: o.closed_at),
    Column(_("Koers id"), lambda o: o.pk),
)
RELATED = ("account", "branch", "owner", "lost_to")


class OpportunityFilterSet(ListFilterSet):
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, method="filter_account", widget=forms.NumberInput
    )
    owner = _NamedChoiceFilter(
        label=_("Owner"),
        queryset=None,
        field_name="owner",
        label_fields=("first_name", "last_name", "username"),
        label_of=_person,
    )
    team = _NamedChoiceFilter(label=_("Team"), queryset=None, method="filter_team")
    stage = django_filters.ChoiceFilter(
        label=_("Stage"),
        choices=[("open", _("Open")), ("all", _("All stages")), *Stage.choices],
        empty_label=None,
        method="filter_stage",
        widget=FastSelect,
    )
    close_month = MonthFilter(label=_("Expected close in"), method="filter_month")
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Source.choices, empty_label=_("Every source"), widget=FastSelect
    )
    value_min = django_filters.NumberFilter(
        label=_("Value from"), field_name="amount", lookup_expr="gte", min_value=0
    )
    value_max = django_filters.NumberFilter(
        label=_("Value up to"), field_name="amount", lookup_expr="lte", min_value=0
    )
    product_group = _NamedChoiceFilter(
        label=_("Product group"),
        queryset=None,
        method="filter_group",
        label_fields=("name_nl", "name_en"),
        label_of=in_language,
    )
    stale = django_filters.BooleanFilter(
        label=_("Stale only"), method="filter_stale", widget=forms.CheckboxInput
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "close": ("close_on", "pk"),
        "value": ("amount", "pk"),
        "updated": ("updated_at", "pk"),
        "title": ("title", "pk"),
    }
    default_sort = "close"
    count_cap = 1000
    # The page reads its rows alone and asks for the count after (`opportunity_count`): a
    # manager's first 1,001 deals in order cost more than the rest of the page (decision 134).
    count_later = True
    columns = OPPORTUNITY_COLUMNS
    trailing_columns = 1
    headers = (
        Header(_("Opportunity"), "title"),
        Header(_("Account")),
        Header(_("Stage")),
        Header(_("Value"), "value"),
        Header(_("Expected close"), "close"),
        Header(_("Owner")),
    )

    class Meta:
        model = Opportunity
        fields = [
            "account",
            "owner",
            "team",
            "stage",
            "close_month",
            "source",
            "value_min",
            "value_max",
            "product_group",
            "stale",
            "sort",
        ]

    def defaults(self) -> dict[str, str]:
        return {"stage": "open"}

    def setup(self) -> None:
        self.today = timezone.localdate()
        self.filters["account"].queryset = access.accounts_readable(self.user)
        self.filters["owner"].queryset = access.users_readable(self.user).order_by(
            "first_name", "last_name"
        )
        self.filters["team"].queryset = access.teams_readable(self.user).order_by("name")
        self.filters["product_group"].queryset = ProductGroup.objects.all()

    def filter_account(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(account=value) if value else queryset

    def filter_team(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(owner__in=value.members.values("pk"))

    def filter_stage(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if not value or value == "all":
            return queryset
        if value == "open":
            return queryset.filter(stage__in=OPEN_STAGES)
        return queryset.filter(stage=value)

    def filter_month(self, queryset: QuerySet[Any], name: str, value: date | None) -> QuerySet[Any]:
        if not value:
            return queryset
        following = date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return queryset.filter(close_on__gte=value, close_on__lt=following)

    def filter_group(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Opportunities with a line of a product in the group (or in one of its subgroups)."""
        if not value:
            return queryset
        groups = ProductGroup.objects.filter(pk=value.pk) | ProductGroup.objects.filter(
            parent=value
        )
        lines = OpportunityLine.objects.filter(product__group__in=groups.values("pk"))
        return queryset.filter(pk__in=lines.values("opportunity_id"))

    def filter_stale(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        """The board's rule (`stale.py`): open, no next step, untouched for the stage's days."""
        if not value:
            return queryset
        return stale.only_stale(queryset, self._stale_days(), timezone.now())

    def rows(self) -> QuerySet[Opportunity]:
        return with_probability(queries.opportunities_readable_for_page(self.user))

    def rows_in_order(self) -> QuerySet[Opportunity]:
        """A page in list order checks the deals it passes one by one: the hashed lists of
        `rows` cost a manager about as much to build as counting to the cap (the page walks
        a few dozen deals of the open-deal index; decision 134). SQLite does not take the
        partial open-deal index for this walk, and walks every deal by date: it keeps the
        hashed lists."""
        if connection.vendor != "postgresql":
            return self.rows()
        return with_probability(queries.opportunities_readable(self.user))

    def extension_related(self) -> list[str]:
        return [*super().extension_related(), *RELATED]

    def fetch(self, ids: list[Any]) -> Iterable[Opportunity]:
        """The page's rows, with the next step and the stale mark (subqueries of this query)."""
        rows = Opportunity.objects.filter(pk__in=ids).select_related("account", "owner")
        return stale.touch_columns(with_probability(rows))

    def _stale_days(self) -> dict[str, int]:
        """The stage settings' days, read once for the filter and the page's marks."""
        if not hasattr(self, "_days"):
            self._days = stale.stale_days()
        return self._days

    def prepare(self, rows: list[Any]) -> None:
        stages = labels(Stage)
        reasons = labels(LostReason)
        detail = url_maker("sales:opportunity_detail")
        days, now = self._stale_days(), timezone.now()
        for row in rows:
            row.url = detail(row.pk)
            row.stage_label = stages[row.stage]
            row.lost_label = reasons.get(row.lost_reason, "")
            row.weighted = weighted(row)
            row.past_close = row.stage in OPEN_STAGES and row.close_on < self.today
            row.stale = stale.is_stale(row, days, now)
