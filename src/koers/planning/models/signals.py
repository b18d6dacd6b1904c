"""Market information (issue 14, seeds/001 1.1): market signals, dated notes of what someone
heard or read about the market, and which competitors supply an account.

A signal ties to any number of accounts, segments, product groups and competitors. Tied to
accounts, it is read like them (any one of them readable is enough); tied to none, it is
general market news, read by everyone signed in (docs/decisions.md, 115).
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Segment
from koers.sales.models import Competitor, ProductGroup


class SignalSource(models.TextChoices):
    CONVERSATION = "conversation", _("Conversation")
    VISIT_REPORT = "visit_report", _("Visit report")
    WEBSITE = "website", _("Website")
    TRADE_PRESS = "trade_press", _("Trade press")
    TRADE_FAIR = "trade_fair", _("Trade fair")
    CUSTOMER = "customer", _("Customer")
    COLLEAGUE = "colleague", _("Colleague")


class SignalKind(models.TextChoices):
    MARKET = "market", _("Market")
    COMPETITOR = "competitor", _("Competitor")
    PRODUCT = "product", _("Product")
    CUSTOMER = "customer", _("Customer")
    REGULATION = "regulation", _("Regulation")
    PRICE = "price", _("Price")


class Importance(models.IntegerChoices):
    LOW = 1, _("Low")
    NORMAL = 2, _("Normal")
    HIGH = 3, _("High")


class MarketSignal(models.Model):
    date = models.DateField(_("date"), default=timezone.localdate)
    title = models.CharField(_("what"), max_length=200)
    text = models.TextField(_("details"), max_length=4000, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=SignalSource.choices, default=SignalSource.CONVERSATION
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=SignalKind.choices, default=SignalKind.MARKET
    )
    importance = models.PositiveSmallIntegerField(
        _("importance"), choices=Importance.choices, default=Importance.NORMAL
    )
    accounts = models.ManyToManyField(
        Account, verbose_name=_("accounts"), blank=True, related_name="market_signals"
    )
    segments = models.ManyToManyField(
        Segment, verbose_name=_("segments"), blank=True, related_name="market_signals"
    )
    product_groups = models.ManyToManyField(
        ProductGroup, verbose_name=_("product groups"), blank=True, related_name="market_signals"
    )
    competitors = models.ManyToManyField(
        Competitor, verbose_name=_("competitors"), blank=True, related_name="market_signals"
    )
    # The visit report it was made from (at most one signal per report): relations does not
    # know signals, so the link lives here.
    visit_report = models.OneToOneField(
        "relations.VisitReport",
        verbose_name=_("visit report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("market signal")
        verbose_name_plural = _("market signals")
        ordering = ["-date", "-pk"]
        indexes = [
            # The feed walks signals newest first, and by kind.
            models.Index(fields=["-date", "-id"], name="planning_signal_date"),
            models.Index(fields=["kind", "-date"], name="planning_signal_kind_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(importance__in=[1, 2, 3]), name="planning_signal_importance"
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in SignalKind]),
                name="planning_signal_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=[s.value for s in SignalSource]),
                name="planning_signal_source_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class AccountCompetitor(models.Model):
    """A competitor that supplies an account: for what, and its estimated share of what the
    account buys in our categories."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="competitors"
    )
    competitor = models.ForeignKey(
        Competitor,
        verbose_name=_("competitor"),
        on_delete=models.PROTECT,
        related_name="presences",
    )
    supplies = models.CharField(_("supplies"), max_length=200, blank=True)
    share = models.PositiveSmallIntegerField(
        _("estimated share (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    # The day the share was last estimated (null: before the history was kept; the day of
    # `updated_at` then).
    share_on = models.DateField(_("share estimated on"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("competitor at an account")
        verbose_name_plural = _("competitors at accounts")
        ordering = ["competitor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "competitor"], name="planning_account_competitor_once"
            ),
            models.CheckConstraint(
                condition=models.Q(share__isnull=True) | models.Q(share__lte=100),
                name="planning_account_competitor_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competitor} @ {self.account}"

    def share_points(self) -> list[tuple[date, int | None]]:
        """The estimates of the share, oldest first, the current one last (prefetch
        `earlier_shares` when listing many)."""
        current = self.share_on or timezone.localdate(self.updated_at)
        earlier = [(e.estimated_on, e.share) for e in self.earlier_shares.all()]
        return [*earlier, (current, self.share)]

    def share_change(self) -> int | None:
        """Points up (positive) or down since the last earlier estimate that had a value; None
        without one."""
        known = [share for _day, share in self.share_points()[:-1] if share is not None]
        if not known or self.share is None:
            return None
        return self.share - known[-1]


class ShareEstimate(models.Model):
    """An earlier estimate of a competitor's share at an account, kept when it was changed:
    the value and the day it was estimated (docs/decisions.md, 119)."""

    presence = models.ForeignKey(
        AccountCompetitor,
        verbose_name=_("competitor at an account"),
        on_delete=models.CASCADE,
        related_name="earlier_shares",
    )
    share = models.PositiveSmallIntegerField(_("estimated share (%)"), null=True, blank=True)
    estimated_on = models.DateField(_("estimated on"))
    replaced_on = models.DateField(_("replaced on"))
    replaced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("earlier share estimate")
        verbose_name_plural = _("earlier share estimates")
        ordering = ["presence", "estimated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(share__isnull=True) | models.Q(share__lte=100),
                name="planning_share_estimate_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.presence}: {self.share} ({self.estimated_on})"
