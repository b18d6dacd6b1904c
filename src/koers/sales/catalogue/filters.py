"""The lists of the catalogue (docs/decisions.md, 18): products (page, export, API), price lists
and agreed prices. Cost prices and margins are columns only for who may see them."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.lists import (
    Column,
    Header,
    ListFilterSet,
    SortFilter,
    labels,
    search_filter,
    url_maker,
)
from koers.core.widgets import FastSelect
from koers.sales.catalogue import queries
from koers.sales.catalogue.forms import group_choices
from koers.sales.models import (
    AgreedPrice,
    PriceList,
    Product,
    ProductKind,
    Unit,
    VatCategory,
)
from koers.sales.money import margin_percent

ACTIVE, INACTIVE, ALL = "active", "inactive", "all"
STATES = ((ACTIVE, _("Sold today")), (INACTIVE, _("Not sold today")), (ALL, _("All products")))


def _valid_today(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}valid_from__lte": today}) & (
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": today})
    )


def active_today() -> Q:
    today = timezone.localdate()
    return Q(active_from__lte=today) & (Q(active_until__isnull=True) | Q(active_until__gte=today))


PRODUCT_COLUMNS: tuple[Column, ...] = (
    Column(_("Code"), lambda p: p.code),
    Column(_("Kind"), lambda p: p.get_kind_display()),
    Column(_("Main group"), lambda p: (p.group.parent or p.group).name),
    Column(_("Group"), lambda p: p.group.name if p.group.parent_id else ""),
    Column(_("Name (Dutch)"), lambda p: p.name_nl),
    Column(_("Name (English)"), lambda p: p.name_en),
    Column(_("Unit"), lambda p: p.get_unit_display()),
    Column(_("List price"), lambda p: p.list_price),
    Column(_("VAT category"), lambda p: p.get_vat_category_display()),
    Column(_("Active from"), lambda p: p.active_from),
    Column(_("Active until"), lambda p: p.active_until),
)
COST_COLUMNS: tuple[Column, ...] = (
    Column(_("Cost price"), lambda p: p.cost_price),
    Column(_("Margin (%)"), lambda p: margin_percent(p.list_price, p.cost_price)),
)


class ProductFilterSet(ListFilterSet):
    q = search_filter(_("Code or name"))
    group = django_filters.NumberFilter(label=_("Group"), method="filter_group", widget=FastSelect)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=ProductKind.choices,
        empty_label=_("Products and services"),
        widget=FastSelect,
    )
    vat_category = django_filters.ChoiceFilter(
        label=_("VAT category"),
        choices=VatCategory.choices,
        empty_label=_("All VAT categories"),
        widget=FastSelect,
    )
    state = django_filters.ChoiceFilter(
        label=_("Sold"),
        choices=STATES,
        empty_label=None,
        method="filter_state",
        widget=FastSelect,
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "code": ("code",),
        "name": ("name_nl", "code"),
        "price": ("list_price", "code"),
        "group": ("group__code", "code"),
    }
    default_sort = "code"
    columns = PRODUCT_COLUMNS

    class Meta:
        model = Product
        fields = ["q", "group", "kind", "vat_category", "state", "sort"]

    def defaults(self) -> dict[str, str]:
        return {"state": ACTIVE}

    def setup(self) -> None:
        self.cost_prices = queries.sees_cost_prices(self.user)
        self.columns = PRODUCT_COLUMNS + (COST_COLUMNS if self.cost_prices else ())
        headers = [
            Header(_("Code"), "code"),
            Header(_("Name"), "name"),
            Header(_("Group"), "group"),
            Header(_("Unit")),
            Header(_("List price"), "price", "num"),
        ]
        if self.cost_prices:
            headers += [Header(_("Cost price"), css="num"), Header(_("Margin"), css="num")]
        self.headers = (*headers, Header(_("VAT")))

    def group_options(self) -> list[tuple[str, str]]:
        return [("", str(_("All groups"))), *group_choices()]

    def filter_group(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if not value:
            return queryset
        return queryset.filter(Q(group_id=value) | Q(group__parent_id=value))

    def filter_state(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value == ACTIVE:
            return queryset.filter(active_today())
        if value == INACTIVE:
            return queryset.exclude(active_today())
        return queryset

    def filter_search(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        for term in (value or "").split():
            queryset = queryset.filter(
                Q(code__icontains=term) | Q(name_nl__icontains=term) | Q(name_en__icontains=term)
            )
        return queryset

    def rows(self) -> QuerySet[Product]:
        return queries.products_readable(self.user).select_related("group", "group__parent")

    def extension_related(self) -> list[str]:
        # What every channel shows; a bare select_related() would skip the nullable parent.
        return [*super().extension_related(), "group", "group__parent"]

    def fetch(self, ids: list[Any]) -> QuerySet[Product]:
        return Product.objects.filter(pk__in=ids).select_related("group", "group__parent")

    def export_rows(self) -> QuerySet[Any]:
        return self.found().select_related("group", "group__parent")

    def prepare(self, rows: list[Any]) -> None:
        detail = url_maker("sales:product_detail")
        units, vat = labels(Unit), labels(VatCategory)
        for product in rows:
            product.url = detail(product.pk)
            product.unit_label = units.get(product.unit, product.unit)
            product.vat_label = vat.get(product.vat_category, product.vat_category)
            if self.cost_prices:
                product.margin_pct = margin_percent(product.list_price, product.cost_price)


SCOPES = (
    ("account", _("A chain or account")),
    ("segment", _("A segment")),
    ("period", _("Everyone")),
)


class PriceListFilterSet(ListFilterSet):
    q = search_filter(_("Name"))
    scope = django_filters.ChoiceFilter(
        label=_("For"),
        choices=SCOPES,
        empty_label=_("All price lists"),
        method="filter_scope",
        widget=FastSelect,
    )
    segment = django_filters.ModelChoiceFilter(
        label=_("Segment"), queryset=None, widget=FastSelect, empty_label=_("All segments")
    )
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, widget=forms.NumberInput
    )
    current = django_filters.BooleanFilter(
        label=_("Valid today"), method="filter_current", widget=forms.NullBooleanSelect
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"name": ("name", "pk"), "from": ("valid_from", "pk")}
    default_sort = "-from"
    headers = (
        Header(_("Name"), "name"),
        Header(_("For")),
        Header(_("Valid from"), "from"),
        Header(_("Valid until")),
        Header(_("Prices"), css="num"),
    )

    class Meta:
        model = PriceList
        fields = ["q", "scope", "segment", "account", "current", "sort"]

    def setup(self) -> None:
        from koers.accounts.models import Segment

        self.filters["segment"].queryset = Segment.objects.all()
        self.filters["account"].queryset = access.accounts_readable(self.user)

    def filter_scope(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value == "account":
            return queryset.filter(account__isnull=False)
        if value == "segment":
            return queryset.filter(segment__isnull=False)
        if value == "period":
            return queryset.filter(account__isnull=True, segment__isnull=True)
        return queryset

    def filter_current(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(_valid_today()) if value else queryset.exclude(_valid_today())

    def filter_search(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        for term in (value or "").split():
            queryset = queryset.filter(name__icontains=term)
        return queryset

    def rows(self) -> QuerySet[PriceList]:
        from django.db.models import Count

        return (
            queries.price_lists_readable(self.user)
            .select_related("segment", "account")
            .annotate(item_count=Count("items"))
        )

    def extension_related(self) -> list[str]:
        return [*super().extension_related(), "segment", "account"]

    def fetch(self, ids: list[Any]) -> QuerySet[PriceList]:
        from django.db.models import Count

        return (
            PriceList.objects.filter(pk__in=ids)
            .select_related("segment", "account")
            .annotate(item_count=Count("items"))
        )

    def prepare(self, rows: list[Any]) -> None:
        detail = url_maker("sales:price_list_detail")
        for plist in rows:
            plist.url = detail(plist.pk)


class AgreedPriceFilterSet(ListFilterSet):
    q = search_filter(_("Account or product"))
    account = django_filters.ModelChoiceFilter(
        label=_("Account"), queryset=None, widget=forms.NumberInput
    )
    product = django_filters.NumberFilter(label=_("Product"), field_name="product_id")
    current = django_filters.BooleanFilter(
        label=_("Valid today"), method="filter_current", widget=forms.NullBooleanSelect
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "account": ("account__name", "product__code", "pk"),
        "product": ("product__code", "account__name", "pk"),
        "from": ("valid_from", "pk"),
    }
    default_sort = "account"
    headers = (
        Header(_("Account"), "account"),
        Header(_("Product"), "product"),
        Header(_("Price"), css="num"),
        Header(_("List price"), css="num"),
        Header(_("Valid from"), "from"),
        Header(_("Valid until")),
        Header(_("Branches")),
    )

    class Meta:
        model = AgreedPrice
        fields = ["q", "account", "product", "current", "sort"]

    def setup(self) -> None:
        self.filters["account"].queryset = access.accounts_readable(self.user)

    def filter_current(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        return queryset.filter(_valid_today()) if value else queryset.exclude(_valid_today())

    def filter_search(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        for term in (value or "").split():
            queryset = queryset.filter(
                Q(account__name__icontains=term)
                | Q(product__code__icontains=term)
                | Q(product__name_nl__icontains=term)
            )
        return queryset

    def rows(self) -> QuerySet[AgreedPrice]:
        return queries.agreed_prices_readable(self.user).select_related("account", "product")

    def extension_related(self) -> list[str]:
        return [*super().extension_related(), "account", "product"]

    def fetch(self, ids: list[Any]) -> QuerySet[AgreedPrice]:
        return AgreedPrice.objects.filter(pk__in=ids).select_related("account", "product")

    def prepare(self, rows: list[Any]) -> None:
        edit = url_maker("sales:agreed_price_edit")
        for agreed in rows:
            agreed.url = edit(agreed.pk)
