"""Prices other than the list price: price lists (for a segment, a chain, or everyone in a
period) with quantity breaks, and prices agreed with one account (docs/decisions.md: how prices
are resolved, `sales/pricing.py`)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Segment
from koers.core.writes import history_user
from koers.sales.models.catalogue import Product

ZERO = Decimal("0")
ONE = Decimal("1")

_PERIOD = models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from"))


class PriceList(models.Model):
    """Prices for a segment, for a chain (the account and its branches), or, with neither, for
    everyone during its period."""

    name = models.CharField(_("name"), max_length=100)
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("segment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="price_lists",
    )
    account = models.ForeignKey(
        Account,
        verbose_name=_("chain or account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="price_lists",
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    # Raised by every save of the list or its prices: the API's PATCH checks it (decision 101).
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("price list")
        verbose_name_plural = _("price lists")
        ordering = ["-valid_from", "name", "pk"]
        indexes = [
            models.Index(fields=["account", "valid_from"], name="price_list_account_idx"),
            models.Index(fields=["segment", "valid_from"], name="price_list_segment_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=_PERIOD, name="price_list_period_valid"),
            models.CheckConstraint(
                condition=models.Q(segment__isnull=True) | models.Q(account__isnull=True),
                name="price_list_segment_or_account",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def scope(self) -> str:
        if self.account_id:
            return "account"
        return "segment" if self.segment_id else "period"


class PriceListItem(models.Model):
    """The price of a product on a list from a quantity on (1 for the base price)."""

    price_list = models.ForeignKey(
        PriceList, verbose_name=_("price list"), on_delete=models.CASCADE, related_name="items"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="list_items"
    )
    min_quantity = models.DecimalField(
        _("from quantity"),
        max_digits=10,
        decimal_places=3,
        default=ONE,
        validators=[MinValueValidator(ZERO)],
    )
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("price list item")
        verbose_name_plural = _("price list items")
        ordering = ["product__code", "min_quantity"]
        constraints = [
            models.UniqueConstraint(
                fields=["price_list", "product", "min_quantity"], name="price_list_item_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(price__gte=0, min_quantity__gte=0),
                name="price_list_item_positive",
            ),
        ]
        indexes = [models.Index(fields=["product", "price_list"], name="price_item_product_idx")]

    def __str__(self) -> str:
        return f"{self.product_id} ≥ {self.min_quantity}: {self.price}"


class AgreedPrice(models.Model):
    """A price agreed with one account; unless `for_branches` is off, its branches get it too."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="agreed_prices"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="agreed_prices"
    )
    price = models.DecimalField(
        _("price"), max_digits=10, decimal_places=2, validators=[MinValueValidator(ZERO)]
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    for_branches = models.BooleanField(
        _("also for its branches"),
        default=True,
        help_text=_("Branches without an agreed price of their own get this price too."),
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("agreed price")
        verbose_name_plural = _("agreed prices")
        ordering = ["account__name", "product__code", "-valid_from"]
        indexes = [
            models.Index(fields=["account", "product", "valid_from"], name="agreed_price_idx"),
            models.Index(fields=["product", "account"], name="agreed_price_product_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=_PERIOD, name="agreed_price_period_valid"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="agreed_price_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.product_id}: {self.price}"
