"""The analysis of an account (accountanalyse, accountprofiel; seeds/001 1.4): its business
figures per financial year, turned into ratios (`planning/analysis/ratios.py`), and the
qualitative profile: vision, processes, purchasing, customers and suppliers, culture, a SWOT,
the purchase volume in our categories, the fit with us, the conclusion and the advice.

An analysis is dated and kept: a new one is made rather than the old one overwritten, so that
the account page shows the latest and two can be compared (docs/decisions.md, 116).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account
from koers.core.writes import history_user
from koers.planning.analysis.ratios import FIGURE_NAMES, FIGURES

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

FIRST_YEAR, LAST_YEAR = 1900, 2199
# The fit with us: a short checklist, each scored 0 (no), 1 (partly) or 2 (yes).
FIT_CRITERIA = (
    ("fit_needs", _("Our products meet its needs")),
    ("fit_volume", _("Its volume is worth serving")),
    ("fit_margin", _("It accepts prices with a healthy margin")),
    ("fit_relationship", _("It wants a long-term relationship")),
    ("fit_culture", _("Its way of working matches ours")),
)
FIT_NAMES = tuple(name for name, _label in FIT_CRITERIA)
FIT_MAX_SCORE = 2
# The two scores that place the account on the portfolio matrix (docs/decisions.md, 120).
PORTFOLIO_SCORES = ("attractiveness", "relationship_strength")
PORTFOLIO_MIN, PORTFOLIO_MAX = 1, 5
DEFAULT_HOURLY_COST = Decimal("75.00")


class FitScore(models.IntegerChoices):
    NO = 0, _("No")
    PARTLY = 1, _("Partly")
    YES = 2, _("Yes")


class Verdict(models.TextChoices):
    WORTH = "worth", _("Worth the investment")
    DOUBTFUL = "doubtful", _("Doubtful")
    NOT_WORTH = "not_worth", _("Not worth the investment")


def _money(label: object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(label, max_digits=15, decimal_places=2, **kwargs)  # type: ignore[arg-type]


def _portfolio_score(
    label: StrOrPromise, help_text: StrOrPromise
) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(PORTFOLIO_MIN), MaxValueValidator(PORTFOLIO_MAX)],
        help_text=help_text,
    )


def _fit(label: object) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,  # type: ignore[arg-type]
        choices=FitScore.choices,
        null=True,
        blank=True,
        validators=[MaxValueValidator(FIT_MAX_SCORE)],
    )


class AccountAnalysis(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="analyses"
    )
    analysed_on = models.DateField(_("date of the analysis"))
    # The qualitative profile.
    vision = models.TextField(_("vision and strategy"), blank=True)
    processes = models.TextField(_("organisation of its business processes"), blank=True)
    purchasing = models.TextField(_("purchasing policy and process"), blank=True)
    customers_suppliers = models.TextField(_("its customers and suppliers"), blank=True)
    culture = models.TextField(_("culture"), blank=True)
    # The SWOT: one item a line.
    strengths = models.TextField(_("strengths"), blank=True)
    weaknesses = models.TextField(_("weaknesses"), blank=True)
    opportunities = models.TextField(pgettext_lazy("SWOT", "opportunities"), blank=True)
    threats = models.TextField(_("threats"), blank=True)
    purchase_volume = _money(
        _("purchase volume in our categories"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("What the account buys a year in our product categories, from anyone."),
    )
    fit_needs = _fit(FIT_CRITERIA[0][1])
    fit_volume = _fit(FIT_CRITERIA[1][1])
    fit_margin = _fit(FIT_CRITERIA[2][1])
    fit_relationship = _fit(FIT_CRITERIA[3][1])
    fit_culture = _fit(FIT_CRITERIA[4][1])
    attractiveness = _portfolio_score(
        _("attractiveness of the account (1-5)"),
        _("How attractive the account is to us: its potential, margin and fit. 1 low, 5 high."),
    )
    relationship_strength = _portfolio_score(
        _("strength of our relationship (1-5)"),
        _("How strong our position at the account is: contacts, trust, share. 1 weak, 5 strong."),
    )
    verdict = models.CharField(_("conclusion"), max_length=10, choices=Verdict.choices, blank=True)
    conclusion = models.TextField(_("why"), blank=True)
    advice = models.TextField(_("advice to the manager or account team"), blank=True)
    # Our investment in the account, until the account plan holds it (issue 14).
    investment_money = _money(
        _("our investment in money"),
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("What we spend on this account a year (samples, events, discounts)."),
    )
    investment_hours = models.DecimalField(
        _("our investment in hours"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The hours the account team spends on it a year."),
    )
    hourly_cost = _money(
        _("cost of an hour"),
        default=DEFAULT_HOURLY_COST,
        validators=[MinValueValidator(Decimal(0))],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("account analysis")
        verbose_name_plural = _("account analyses")
        ordering = ["-analysed_on", "-pk"]
        indexes = [
            models.Index(fields=["account", "analysed_on", "id"], name="analysis_account_date_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(verdict__in=["", *Verdict.values]),
                name="analysis_verdict_valid",
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(**{f"{name}__lte": FIT_MAX_SCORE}),
                    name=f"analysis_{name}_range",
                )
                for name in FIT_NAMES
            ),
            *(
                models.CheckConstraint(
                    condition=models.Q(
                        **{f"{name}__gte": PORTFOLIO_MIN, f"{name}__lte": PORTFOLIO_MAX}
                    ),
                    name=f"analysis_{name}_range",
                )
                for name in PORTFOLIO_SCORES
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.analysed_on}"

    @property
    def investment(self) -> Decimal | None:
        """Money and hours at their cost together; None when neither is filled in."""
        if self.investment_money is None and self.investment_hours is None:
            return None
        hours = (self.investment_hours or Decimal(0)) * self.hourly_cost
        return (self.investment_money or Decimal(0)) + hours

    @property
    def fit_score(self) -> int | None:
        scores = [getattr(self, n) for n in FIT_NAMES if getattr(self, n) is not None]
        return sum(scores) if scores else None

    @property
    def fit_max(self) -> int:
        return FIT_MAX_SCORE * len(FIT_NAMES)

    def swot(self) -> list[tuple[str, object, list[str]]]:
        """The four lists: (field, label, items)."""
        return [
            (
                name,
                getattr(self._meta.get_field(name), "verbose_name", name),
                _lines(getattr(self, name)),
            )
            for name in ("strengths", "weaknesses", "opportunities", "threats")
        ]


def _lines(text: str) -> list[str]:
    items = (line.strip(" \t-•*") for line in (text or "").splitlines())
    return [item for item in items if item]


def _figure(name: str, label: object) -> models.DecimalField:
    if name == "employees":
        return models.DecimalField(
            label,  # type: ignore[arg-type]
            max_digits=9,
            decimal_places=1,
            null=True,
            blank=True,
            validators=[MinValueValidator(Decimal(0))],
        )
    return _money(label, null=True, blank=True)


class AnalysisYear(models.Model):
    """The business figures of one financial year; a figure not known is null."""

    analysis = models.ForeignKey(AccountAnalysis, on_delete=models.CASCADE, related_name="years")
    year = models.PositiveSmallIntegerField(
        _("financial year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    revenue = _figure(*FIGURES[0])
    purchases = _figure(*FIGURES[1])
    personnel_costs = _figure(*FIGURES[2])
    depreciation = _figure(*FIGURES[3])
    operating_result = _figure(*FIGURES[4])
    net_profit = _figure(*FIGURES[5])
    total_assets = _figure(*FIGURES[6])
    equity = _figure(*FIGURES[7])
    current_assets = _figure(*FIGURES[8])
    inventory = _figure(*FIGURES[9])
    current_liabilities = _figure(*FIGURES[10])
    long_term_liabilities = _figure(*FIGURES[11])
    employees = _figure(*FIGURES[12])

    class Meta:
        verbose_name = _("financial year")
        verbose_name_plural = _("financial years")
        ordering = ["analysis", "year"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "year"], name="analysis_year_unique")
        ]

    def __str__(self) -> str:
        return str(self.year)

    def figures(self) -> dict[str, Decimal | None]:
        return {name: getattr(self, name) for name in FIGURE_NAMES}
