"""Sales plans (individueel en algemeen verkoopplan; seeds/001 1.2, 1.3; issue 15): the plan of
one account manager for a period (a quarter, a half year or a year) with their proposals for
sales activities at their own accounts (the developments behind each, the expected revenue and
the cost of the actions), the targets they propose and their activity plan. The manager adopts,
adjusts or rejects each proposal; the general plan of a team or of the company is the sum of the
individual plans (`planning/salesplans/general.py`). Organisation-wide sales actions (a
promotion, a new product) are worked out by each account manager in proposals linked to them.

The plan moves through one transition table (`planning/salesplans/lifecycle.py`; decision 125).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Segment
from koers.planning.models.targets import Measure
from koers.relations.models import Activity
from koers.sales.models import ProductGroup

USER = settings.AUTH_USER_MODEL


class SalesPeriod(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half year")
    YEAR = "year", _("Year")


# How many periods of each kind a year has (the period number runs from 1).
SALES_PERIOD_COUNTS: dict[str, int] = {
    SalesPeriod.QUARTER: 4,
    SalesPeriod.HALF: 2,
    SalesPeriod.YEAR: 1,
}


class SalesPlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for more")
    DECIDED = "decided", _("Decided")


class ProposalDecision(models.TextChoices):
    OPEN = "open", _("Awaiting a decision")
    ADOPTED = "adopted", _("Adopted")
    ADJUSTED = "adjusted", _("Adopted with changes")
    REJECTED = "rejected", _("Rejected")


# Proposals the manager took over (an indicator of the job profiles, seeds/002 and 003).
ADOPTED_DECISIONS = (ProposalDecision.ADOPTED, ProposalDecision.ADJUSTED)


def _money(label: object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        label,  # type: ignore[arg-type]
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        **kwargs,  # type: ignore[arg-type]
    )


class SalesAction(models.Model):
    """An organisation-wide sales action (a promotion, a new product), defined by a manager or
    marketing; each account manager works it out for their own accounts in their plan."""

    name = models.CharField(_("name"), max_length=200)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    product_groups = models.ManyToManyField(
        ProductGroup, verbose_name=_("product groups"), blank=True, related_name="+"
    )
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("segment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("sales action")
        verbose_name_plural = _("sales actions")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="sales_action_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SalesPlan(models.Model):
    owner = models.ForeignKey(
        USER,
        verbose_name=_("account manager"),
        on_delete=models.PROTECT,
        related_name="sales_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    period_kind = models.CharField(_("period"), max_length=8, choices=SalesPeriod.choices)
    # The quarter (1-4) or half (1-2) of the year; 1 for the year itself.
    period = models.PositiveSmallIntegerField(_("period number"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=SalesPlanStatus.choices, default=SalesPlanStatus.DRAFT
    )
    market_developments = models.TextField(_("market developments"), blank=True)
    branch_developments = models.TextField(_("developments in the trade"), blank=True)
    competitor_developments = models.TextField(_("developments of competitors"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("sales plan")
        verbose_name_plural = _("sales plans")
        ordering = ["-year", "period_kind", "-period", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "year", "period_kind", "period"], name="sales_plan_once"
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=SalesPlanStatus.values),
                name="sales_plan_status_valid",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(period_kind=SalesPeriod.QUARTER, period__gte=1, period__lte=4)
                    | models.Q(period_kind=SalesPeriod.HALF, period__gte=1, period__lte=2)
                    | models.Q(period_kind=SalesPeriod.YEAR, period=1)
                ),
                name="sales_plan_period_valid",
            ),
        ]
        indexes = [models.Index(fields=["year", "owner"], name="sales_plan_year_owner")]

    def __str__(self) -> str:
        return f"{self.owner} {self.period_label}"

    @property
    def period_label(self) -> str:
        if self.period_kind == SalesPeriod.QUARTER:
            return f"Q{self.period} {self.year}"
        if self.period_kind == SalesPeriod.HALF:
            return f"H{self.period} {self.year}"
        return str(self.year)

    @property
    def editable(self) -> bool:
        return self.status in (SalesPlanStatus.DRAFT, SalesPlanStatus.RETURNED)


class SalesProposal(models.Model):
    """A proposed sales activity at one of the owner's accounts (or for a product group, or
    working out an organisation-wide action), with the developments behind it and its figures."""

    plan = models.ForeignKey(SalesPlan, on_delete=models.CASCADE, related_name="proposals")
    title = models.CharField(_("proposal"), max_length=200)
    account = models.ForeignKey(
        Account,
        verbose_name=_("account"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    product_group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("product group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sales_action = models.ForeignKey(
        SalesAction,
        verbose_name=_("organisation-wide action"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
    )
    rationale = models.TextField(_("why: the developments behind it"), blank=True)
    expected_revenue = _money(_("expected revenue"), default=Decimal(0))
    action_cost = _money(_("cost of the actions"), default=Decimal(0))
    decision = models.CharField(
        _("decision"),
        max_length=10,
        choices=ProposalDecision.choices,
        default=ProposalDecision.OPEN,
    )
    # The revenue the manager adopted (the proposed one, or their adjustment).
    adopted_revenue = _money(_("adopted revenue"), null=True, blank=True)
    decision_comment = models.TextField(_("comment on the decision"), blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("sales proposal")
        verbose_name_plural = _("sales proposals")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision__in=ProposalDecision.values),
                name="sales_proposal_decision_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_adopted(self) -> bool:
        return self.decision in ADOPTED_DECISIONS

    @property
    def planned_revenue(self) -> Decimal:
        """What the proposal adds to the plan: nothing when rejected, the adopted revenue when
        adopted, else the proposed revenue."""
        if self.decision == ProposalDecision.REJECTED:
            return Decimal(0)
        if self.is_adopted and self.adopted_revenue is not None:
            return self.adopted_revenue
        return self.expected_revenue


class SalesPlanTarget(models.Model):
    """A target the account manager proposes in the plan (per product group, or in all)."""

    plan = models.ForeignKey(SalesPlan, on_delete=models.CASCADE, related_name="targets")
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices)
    product_group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("product group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    amount = _money(_("proposed target"))

    class Meta:
        verbose_name = _("proposed target")
        verbose_name_plural = _("proposed targets")
        ordering = ["measure", "pk"]

    def __str__(self) -> str:
        return f"{self.measure} {self.amount}"


class SalesPlanAction(models.Model):
    """One line of the activity plan: what, for which account, when; in one click a planned
    activity in the agenda (as an account plan's action)."""

    plan = models.ForeignKey(SalesPlan, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("what"), max_length=200)
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    due_on = models.DateField(_("when"))
    proposal = models.ForeignKey(
        SalesProposal,
        verbose_name=_("proposal"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    activity = models.OneToOneField(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sales_plan_action",
    )

    class Meta:
        verbose_name = _("planned action")
        verbose_name_plural = _("planned actions")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class SalesPlanComment(models.Model):
    """The manager's request for more (returning the plan), or a comment on the plan."""

    plan = models.ForeignKey(SalesPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    asks_more = models.BooleanField(_("asks for more"), default=False)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("sales plan comment")
        verbose_name_plural = _("sales plan comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]
