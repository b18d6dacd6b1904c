"""Quote templates: the texts, validity, groups and lines a new quote starts with.

A template is kept per product line or kind of deal, in Dutch or English. It stores what to
offer, never a price to offer it at: a catalogue line names the product, its quantity and an
optional discount, and the quote prices it for the account on the day it is made
(`sales.pricing.price_for`), so agreed prices apply (decision 110). A free line (no product)
carries its own price, cost and VAT category, as a free line on a quote does.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.core.writes import history_user
from koers.sales.models.catalogue import Product, Unit, VatCategory
from koers.sales.models.quotes import GroupDisplay


class TemplateLanguage(models.TextChoices):
    DUTCH = "nl", _("Dutch")
    ENGLISH = "en", _("English")


class QuoteTemplate(models.Model):
    name = models.CharField(_("name"), max_length=120)
    language = models.CharField(
        _("language"), max_length=2, choices=TemplateLanguage.choices, default="nl"
    )
    validity_days = models.PositiveSmallIntegerField(
        _("validity (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Empty: the number of days in the quote settings."),
    )
    introduction = models.TextField(_("introduction"), max_length=4000, blank=True)
    value_proposition = models.TextField(_("value proposition"), max_length=4000, blank=True)
    delivery_terms = models.TextField(_("delivery terms"), max_length=2000, blank=True)
    payment_terms = models.TextField(_("payment terms"), max_length=2000, blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("quote template")
        verbose_name_plural = _("quote templates")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(language__in=[c.value for c in TemplateLanguage]),
                name="quote_template_language_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class QuoteTemplateGroup(models.Model):
    template = models.ForeignKey(QuoteTemplate, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)
    display = models.CharField(
        _("show"), max_length=12, choices=GroupDisplay.choices, default=GroupDisplay.PRICES
    )

    class Meta:
        verbose_name = _("template group")
        verbose_name_plural = _("template groups")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(display__in=[d.value for d in GroupDisplay]),
                name="quote_template_group_display_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"group {self.position}"


class QuoteTemplateLine(models.Model):
    """A catalogue line (a product: priced when the quote is made) or a free line (a
    description with its own price, cost and VAT category)."""

    group = models.ForeignKey(QuoteTemplateGroup, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    # PROTECT: a product named in a template is "in use" and is retired, not deleted.
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    unit_price = models.DecimalField(
        _("unit price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cost_price = models.DecimalField(
        _("cost price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    vat_category = models.CharField(
        _("VAT category"), max_length=8, choices=VatCategory.choices, blank=True
    )
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    discount_amount = models.DecimalField(
        _("discount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    optional = models.BooleanField(_("optional"), default=False)

    class Meta:
        verbose_name = _("template line")
        verbose_name_plural = _("template lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="quote_template_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__isnull=True) | Q(discount_amount__isnull=True),
                name="quote_template_line_one_discount",
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__isnull=True)
                | Q(discount_percent__gte=0, discount_percent__lte=100),
                name="quote_template_line_discount_range",
            ),
            models.CheckConstraint(
                condition=Q(discount_amount__isnull=True) | Q(discount_amount__gte=0),
                name="quote_template_line_discount_amount_positive",
            ),
            # A free line carries its price and VAT category; a catalogue line neither.
            models.CheckConstraint(
                condition=Q(product__isnull=False, unit_price__isnull=True, vat_category="")
                | Q(product__isnull=True, unit_price__gte=0)
                & ~Q(vat_category="")
                & ~Q(description=""),
                name="quote_template_line_free_or_catalogue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description or self.product}"
