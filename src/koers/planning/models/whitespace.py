"""The whitespace grid's own data (issue 14, docs/decisions.md, 128): the potential a user
estimates for one product group at one account or branch, and the product group an
opportunity was opened for from a cell of the grid (an opportunity has no product group of its
own: its lines have, and a new one from an empty cell has no lines yet)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.sales.models import Opportunity, ProductGroup


class WhitespaceEstimate(models.Model):
    """What an account (or a branch) could buy from us a year in one main product group, as a
    user estimates it; kept until changed (an empty amount removes it)."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    product_group = models.ForeignKey(
        ProductGroup, verbose_name=_("product group"), on_delete=models.CASCADE, related_name="+"
    )
    amount = models.DecimalField(
        _("estimated potential a year"),
        max_digits=15,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("potential estimate")
        verbose_name_plural = _("potential estimates")
        ordering = ["account", "product_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "product_group"], name="whitespace_estimate_once"
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="whitespace_estimate_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.product_group_id}: {self.amount}"


class WhitespaceDeal(models.Model):
    """The product group of an opportunity opened from a cell of the grid."""

    opportunity = models.OneToOneField(
        Opportunity, on_delete=models.CASCADE, related_name="whitespace"
    )
    product_group = models.ForeignKey(
        ProductGroup, verbose_name=_("product group"), on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("opportunity from the whitespace grid")
        verbose_name_plural = _("opportunities from the whitespace grid")

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.product_group_id}"
