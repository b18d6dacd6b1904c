"""Targets (verkoopdoelstellingen, budgetten; issue 15): an amount of one measure for one period
at one level, with an optional stretch value; and the named profiles that spread a year's
target over its months (docs/decisions.md, 123).

A target's level names what it is set for (the company, a team, an account manager, an account,
a branch, a product group, a segment, an account manager's product group, or an account's
product group); the fields of that level are filled and the others empty. `key` spells the
level and its ids as one string ("user:7/group:3"), so that one row per (measure, key, period)
is a plain unique constraint on both databases (a unique constraint over nullable columns lets
NULLs repeat).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Segment
from koers.core.models import Team
from koers.core.writes import history_user
from koers.sales.models import ProductGroup

FIRST_TARGET_YEAR, LAST_TARGET_YEAR = 2000, 2199
MONTHS = tuple(range(1, 13))


class Measure(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    MARGIN = "margin", _("Margin")
    NEW_CUSTOMERS = "new_customers", _("New customers")
    VISITS = "visits", _("Visits")
    VOLUME = "volume", _("Volume")


# Measures counted in euros; the others are numbers (customers, visits, units).
MONEY_MEASURES = (Measure.REVENUE, Measure.MARGIN)


class TargetLevel(models.TextChoices):
    COMPANY = "company", _("Company")
    TEAM = "team", _("Team")
    USER = "user", _("Account manager")
    ACCOUNT = "account", _("Account")
    BRANCH = "branch", _("Branch")
    PRODUCT_GROUP = "product_group", _("Product group")
    SEGMENT = "segment", _("Segment")
    USER_GROUP = "user_group", _("Account manager per product group")
    # What an account buys of one product group (its subgroups and branches counted), as an
    # account manager's target spread over accounts and product groups stores it (decision 149).
    ACCOUNT_GROUP = "account_group", _("Account per product group")


# The fields each level fills (and requires); every other link stays empty.
LEVEL_FIELDS: dict[str, tuple[str, ...]] = {
    TargetLevel.COMPANY: (),
    TargetLevel.TEAM: ("team",),
    TargetLevel.USER: ("user",),
    TargetLevel.ACCOUNT: ("account",),
    TargetLevel.BRANCH: ("account",),
    TargetLevel.PRODUCT_GROUP: ("product_group",),
    TargetLevel.SEGMENT: ("segment",),
    TargetLevel.USER_GROUP: ("user", "product_group"),
    TargetLevel.ACCOUNT_GROUP: ("account", "product_group"),
}
LINK_FIELDS = ("team", "user", "account", "product_group", "segment")
KEY_NAMES = {
    "team": "team",
    "user": "user",
    "account": "account",
    "product_group": "group",
    "segment": "segment",
}


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


PERIOD_COUNTS = {PeriodKind.MONTH: 12, PeriodKind.QUARTER: 4, PeriodKind.YEAR: 1}


def target_key(level: str, ids: dict[str, int | None]) -> str:
    """The level and its ids as one string: "company", "team:2", "user:7/group:3"."""
    parts = [level, *(f"{KEY_NAMES[f]}:{ids[f]}" for f in LEVEL_FIELDS[level])]
    return "/".join(parts)


class Target(models.Model):
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    level = models.CharField(_("level"), max_length=16, choices=TargetLevel.choices)
    key = models.CharField(max_length=80, editable=False)
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, null=True, blank=True
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account manager"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    product_group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("product group"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("segment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_TARGET_YEAR), MaxValueValidator(LAST_TARGET_YEAR)],
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=PeriodKind.choices)
    # The month (1-12) or quarter (1-4) of the year; 1 for the year itself.
    period = models.PositiveSmallIntegerField(_("period number"), default=1)
    amount = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    stretch = models.DecimalField(
        _("stretch"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["measure", "key", "year", "period_kind", "period"]
        indexes = [
            models.Index(fields=["year", "measure", "level"], name="target_year_measure_idx"),
            models.Index(fields=["user", "year"], name="target_user_year_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "key", "year", "period_kind", "period"], name="target_once"
            ),
            models.CheckConstraint(
                condition=models.Q(measure__in=[m.value for m in Measure]),
                name="target_measure_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=[v.value for v in TargetLevel]),
                name="target_level_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(period_kind=PeriodKind.MONTH, period__gte=1, period__lte=12)
                    | models.Q(period_kind=PeriodKind.QUARTER, period__gte=1, period__lte=4)
                    | models.Q(period_kind=PeriodKind.YEAR, period=1)
                ),
                name="target_period_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0)
                & (models.Q(stretch__isnull=True) | models.Q(stretch__gte=0)),
                name="target_amount_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_measure_display()} {self.key} {self.year}/{self.period_kind}{self.period}"
        )

    @property
    def ids(self) -> dict[str, int | None]:
        return {f: getattr(self, f"{f}_id") for f in LINK_FIELDS}


class SpreadKind(models.TextChoices):
    EVEN = "even", _("Even over the months")
    SEASONALITY = "seasonality", _("Last year's seasonality")
    CUSTOM = "custom", _("Custom percentages")


class SpreadProfile(models.Model):
    """A named, reusable way to spread a year over its months. `percentages` (custom profiles)
    holds twelve percentages adding up to 100 under "" (every product group) and, optionally,
    under a product group's code for that group."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=SpreadKind.choices)
    percentages = models.JSONField(_("percentages per month"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("spreading profile")
        verbose_name_plural = _("spreading profiles")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in SpreadKind]),
                name="spread_profile_kind_valid",
            )
        ]

    def __str__(self) -> str:
        return self.name


ZERO = Decimal("0.00")
