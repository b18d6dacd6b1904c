"""The catalogue: product groups (two levels), products and services, and the VAT rates they are
sold at (seeds/001, 2.3-2.5: "productkennis", quotes with calculated prices)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.core.writes import history_user

ZERO = Decimal("0")


def in_language(nl: str, en: str) -> str:
    """The English name for a reader in English when there is one; else the Dutch."""
    language = (get_language() or settings.LANGUAGE_CODE)[:2]
    return en if language == "en" and en else nl


def product_label(code: str, name_nl: str, name_en: str) -> str:
    """How a product is named in a choice: its code and its name in the reader's language."""
    return f"{code} {in_language(name_nl, name_en)}"


PRODUCT_LABEL_FIELDS = ("code", "name_nl", "name_en")


class VatCategory(models.TextChoices):
    """The Dutch tariffs; their percentages are data (`VatRate`), since they change by law."""

    HIGH = "high", _("High rate")
    LOW = "low", _("Low rate")
    ZERO = "zero", _("Zero rate")


class VatRate(models.Model):
    """The percentage of a VAT category from a date: 9 % low since 2019, 6 % before it."""

    vat_category = models.CharField(_("VAT category"), max_length=8, choices=VatCategory.choices)
    percentage = models.DecimalField(
        _("percentage"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(ZERO)],
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("VAT rate")
        verbose_name_plural = _("VAT rates")
        ordering = ["vat_category", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["vat_category", "valid_from"], name="vat_rate_unique_from"
            ),
            models.CheckConstraint(
                condition=models.Q(vat_category__in=[c.value for c in VatCategory]),
                name="vat_rate_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(percentage__gte=0, percentage__lte=100),
                name="vat_rate_percentage_range",
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="vat_rate_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_vat_category_display()} {self.percentage.normalize():f} %"


class ProductGroup(models.Model):
    """A group of the catalogue; a group either has a parent or is one (two levels)."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_nl = models.CharField(_("name (Dutch)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("main group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # A group in use is retired rather than deleted: what was sold in it stays readable.
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("product group")
        verbose_name_plural = _("product groups")
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")), name="product_group_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_nl, self.name_en)


class ProductKind(models.TextChoices):
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")


class Unit(models.TextChoices):
    PIECE = "piece", _("piece")
    PACK = "pack", _("pack")
    BOX = "box", _("box")
    CRATE = "crate", _("crate")
    KG = "kg", _("kg")
    LITRE = "litre", _("litre")
    HOUR = "hour", _("hour")
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class Product(models.Model):
    """A product or service we sell, at a list price from `active_from` until `active_until`."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    kind = models.CharField(
        _("kind"), max_length=8, choices=ProductKind.choices, default=ProductKind.PRODUCT
    )
    group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("product group"),
        on_delete=models.PROTECT,
        related_name="products",
    )
    name_nl = models.CharField(_("name (Dutch)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    cost_price = models.DecimalField(
        _("cost price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    list_price = models.DecimalField(
        _("list price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    vat_category = models.CharField(
        _("VAT category"), max_length=8, choices=VatCategory.choices, default=VatCategory.HIGH
    )
    active_from = models.DateField(_("active from"))
    active_until = models.DateField(_("active until"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["group", "code"], name="product_group_code_idx"),
            models.Index(fields=["name_nl"], name="product_name_nl_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ProductKind]),
                name="product_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(unit__in=[u.value for u in Unit]), name="product_unit_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(vat_category__in=[c.value for c in VatCategory]),
                name="product_vat_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(cost_price__gte=0, list_price__gte=0),
                name="product_prices_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(active_until__isnull=True)
                | models.Q(active_until__gte=models.F("active_from")),
                name="product_period_valid",
            ),
        ]

    def __str__(self) -> str:
        return product_label(self.code, self.name_nl, self.name_en)

    @property
    def name(self) -> str:
        return in_language(self.name_nl, self.name_en)

    def is_active_on(self, day: date) -> bool:
        return self.active_from <= day and (self.active_until is None or day <= self.active_until)

    @property
    def margin(self) -> Decimal:
        """The list price less the cost price, in euros."""
        return self.list_price - self.cost_price


# Who sees cost prices and margins: roles, and account managers by level (seeds/000).
COST_PRICE_AUDIENCES = (
    ("account_manager_A", _("Account managers of level A")),
    ("account_manager_B", _("Account managers of level B")),
    ("account_manager_C", _("Account managers of level C")),
    ("account_manager_", _("Account managers without a level")),
    ("manager", _("Managers")),
    ("inside_sales", _("Inside sales")),
    ("marketing", _("Marketing")),
)


def default_hidden() -> list[str]:
    return ["account_manager_A"]


class CatalogueSettings(models.Model):
    """The administrator's settings of the catalogue: one row (pk 1)."""

    cost_prices_hidden_for = models.JSONField(
        _("cost prices hidden from"), default=default_hidden, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("catalogue settings")
        verbose_name_plural = _("catalogue settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="catalogue_settings_one_row")
        ]

    def __str__(self) -> str:
        return "catalogue settings"
