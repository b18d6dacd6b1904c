"""The discount mandate (onderhandelingsruimte, issue 13): how far an account manager may go on
a quote without approval, per level A/B/C, per person, per product group; and who approves when
a manager is away. The rules themselves are in `koers.sales.mandate.rules`."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.core.writes import history_user

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class Limits(models.Model):
    """The six limits a level mandate and a personal mandate both have: what the account manager
    may give on their own, and the second ("far beyond") threshold past which a sales director
    or administrator approves after the manager."""

    max_line_discount = models.DecimalField(
        _("highest discount per line (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )
    max_total_discount = models.DecimalField(
        _("highest discount on the total (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )
    min_margin = models.DecimalField(
        _("lowest margin (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )
    far_line_discount = models.DecimalField(
        _("director above discount per line (%)"),
        max_digits=4,
        decimal_places=1,
        validators=PERCENT,
    )
    far_total_discount = models.DecimalField(
        _("director above discount on the total (%)"),
        max_digits=4,
        decimal_places=1,
        validators=PERCENT,
    )
    far_min_margin = models.DecimalField(
        _("director below margin (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )

    class Meta:
        abstract = True


LIMIT_FIELDS = (
    "max_line_discount",
    "max_total_discount",
    "min_margin",
    "far_line_discount",
    "far_total_discount",
    "far_min_margin",
)


def limit_constraints(prefix: str) -> list[models.BaseConstraint]:
    """The second threshold lies beyond the first; every percentage from 0 to 100."""
    percents = Q()
    for name in LIMIT_FIELDS:
        percents &= Q(**{f"{name}__gte": 0, f"{name}__lte": 100})
    return [
        models.CheckConstraint(condition=percents, name=f"{prefix}_percentages"),
        models.CheckConstraint(
            condition=Q(far_line_discount__gte=F("max_line_discount"))
            & Q(far_total_discount__gte=F("max_total_discount"))
            & Q(far_min_margin__lte=F("min_margin")),
            name=f"{prefix}_far_beyond_own",
        ),
    ]


class LevelMandate(Limits):
    """The mandate of every account manager of one level, set by an administrator."""

    level = models.CharField(_("level"), max_length=1, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("level mandate")
        verbose_name_plural = _("level mandates")
        ordering = ["level"]
        constraints = [
            models.CheckConstraint(
                condition=Q(level__in=["A", "B", "C"]), name="level_mandate_level_valid"
            ),
            *limit_constraints("level_mandate"),
        ]

    def __str__(self) -> str:
        return str(_("Level %(level)s") % {"level": self.level})


class PersonalMandate(Limits):
    """A mandate for one account manager that replaces their level's for a period, set by a
    manager of their team (or an administrator) with a reason. Ended by setting `valid_until`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.CASCADE,
        related_name="personal_mandates",
    )
    reason = models.TextField(_("reason"), max_length=1000)
    valid_from = models.DateField(_("from"))
    valid_until = models.DateField(_("until"), null=True, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("personal mandate")
        verbose_name_plural = _("personal mandates")
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["user", "valid_from"], name="personal_mandate_user")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="personal_mandate_period",
            ),
            *limit_constraints("personal_mandate"),
        ]

    def __str__(self) -> str:
        return str(self.user)


class GroupDiscountCap(models.Model):
    """The highest discount per line on the products of a group (and its subgroups, unless a
    subgroup has a cap of its own), whatever the account manager's mandate."""

    product_group = models.OneToOneField(
        "sales.ProductGroup",
        verbose_name=_("product group"),
        on_delete=models.CASCADE,
        related_name="discount_cap",
    )
    max_discount = models.DecimalField(
        _("highest discount (%)"), max_digits=4, decimal_places=1, validators=PERCENT
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("discount cap of a product group")
        verbose_name_plural = _("discount caps of product groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(max_discount__gte=0, max_discount__lte=100),
                name="group_discount_cap_percentage",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product_group}: {self.max_discount} %"


class ApprovalDelegation(models.Model):
    """A manager who is away hands the approvals of their teams to another manager for a
    period (both days included). Ended early by moving `ends_on`."""

    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("manager"),
        on_delete=models.CASCADE,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approves instead"),
        on_delete=models.CASCADE,
        related_name="delegations_received",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords(get_user=history_user)

    class Meta:
        verbose_name = _("approval delegation")
        verbose_name_plural = _("approval delegations")
        ordering = ["-starts_on", "-pk"]
        indexes = [models.Index(fields=["manager", "ends_on"], name="delegation_manager")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="delegation_period"
            ),
            models.CheckConstraint(
                condition=~Q(delegate=F("manager")), name="delegation_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.manager} → {self.delegate}"
