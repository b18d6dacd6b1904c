"""Opportunities (verkooptrajecten): the sales process with one account for one need.

An opportunity belongs to one account (and optionally one of its branches, an account of its
own: decision 2); its access follows that account (`sales/opportunities/queries.py`). Its stage
moves only through the lifecycle (`sales/opportunities/lifecycle.py`), and every move is a
`StageChange` (who, when, from, to), so that stage durations and conversion can be computed.

The DMU for this deal (`DealContact`) starts as a copy of the contacts' positions at the account
and is edited here without changing the account's own DMU. The revenue credit is split between
the owner (`owner_share`) and the colleagues on it (`OpportunityMember.share`), adding up to 100.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Attitude, BuyingRole, Contact
from koers.core.writes import history_user
from koers.sales.models.catalogue import Product


class Stage(models.TextChoices):
    PREPARE = "prepare", _("Prepare")
    QUALIFY = "qualify", _("Approach and qualify")
    NEEDS = "needs", _("Needs analysis")
    PROPOSAL = "proposal", _("Proposal / quote")
    NEGOTIATION = "negotiation", _("Negotiation")
    WON = "won", _("Won")
    LOST = "lost", _("Lost")


OPEN_STAGES = (Stage.PREPARE, Stage.QUALIFY, Stage.NEEDS, Stage.PROPOSAL, Stage.NEGOTIATION)
CLOSED_STAGES = (Stage.WON, Stage.LOST)
# Negotiation and later: what a forecast counts as committed.
COMMITTED_STAGES = (Stage.NEGOTIATION, Stage.WON)


class Source(models.TextChoices):
    VISIT = "visit", _("Visit")
    CAMPAIGN = "campaign", _("Campaign")
    INBOUND = "inbound", _("Inbound request")
    UPSELL = "upsell", _("Upsell to a customer")
    CROSS_SELL = "cross_sell", _("Cross-sell to a customer")
    OTHER = "other", _("Other")


class LostReason(models.TextChoices):
    PRICE = "price", _("Price")
    PRODUCT_FIT = "product_fit", _("Product fit")
    RELATIONSHIP = "relationship", _("Relationship")
    TIMING = "timing", _("Timing")
    COMPETITOR = "competitor", _("Competitor")
    NO_DECISION = "no_decision", _("No decision")


class WonReason(models.TextChoices):
    """Why the customer chose us: the lost reasons turned round (price, product fit,
    relationship), with what wins a deal but loses none by itself (decision 155)."""

    PRICE = "price", _("Price")
    PRODUCT_FIT = "product_fit", _("Product fit")
    QUALITY = "quality", _("Quality")
    RELATIONSHIP = "relationship", _("Relationship")
    DELIVERY = "delivery", _("Delivery time")
    SERVICE = "service", _("Service")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    """The outcome of qualifying: go on with the prospect, or stop."""

    CONTINUE = "continue", _("Continue")
    STOP = "stop", _("Stop")


# The qualification's checklist: each scored 0 (no) to 3 (fully), the total out of 15.
QUALIFICATION_FIELDS = ("q_budget", "q_need", "q_timing", "q_decision_process", "q_fit")
SCORE_MAX = 3


class PricePosition(models.TextChoices):
    """Where a competitor's prices stand against ours."""

    LOWER = "lower", _("Cheaper than us")
    SAME = "same", _("About our prices")
    HIGHER = "higher", _("Dearer than us")


class Competitor(models.Model):
    """A competitor met in deals: a list kept by marketing and administrators. One that is no
    longer met is retired (inactive), not deleted: lost deals still name it. Its profile
    (products, strengths, weaknesses, price position) is market information (issue 14)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), max_length=4000, blank=True)
    active = models.BooleanField(_("in use"), default=True)
    products = models.TextField(_("products"), max_length=4000, blank=True)
    strengths = models.TextField(_("strengths"), max_length=4000, blank=True)
    weaknesses = models.TextField(_("weaknesses"), max_length=4000, blank=True)
    # Blank: not known.
    price_position = models.CharField(
        _("price position"), max_length=8, choices=PricePosition.choices, blank=True
    )

    class Meta:
        verbose_name = _("competitor")
        verbose_name_plural = _("competitors")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Opportunity(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="opportunities"
    )
    branch = models.ForeignKey(
        Account,
        verbose_name=_("branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branch_opportunities",
    )
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("the customer's need"), max_length=4000, blank=True)
    solution = models.TextField(_("proposed solution"), max_length=4000, blank=True)
    # One amount, or the sum of the lines when there are any (kept equal by the services).
    amount = models.DecimalField(
        _("estimated value"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("0.00"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    close_on = models.DateField(_("expected close date"))
    source = models.CharField(
        _("source"), max_length=12, choices=Source.choices, default=Source.VISIT
    )
    # The campaign the deal came from (source "campaign"); a string reference: campaigns builds
    # on sales, so sales never imports it (decision 140).
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        verbose_name=_("campaign"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opportunities",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="opportunities",
    )
    owner_share = models.DecimalField(
        _("owner's credit share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("100"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    stage = models.CharField(
        _("stage"), max_length=12, choices=Stage.choices, default=Stage.PREPARE
    )
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text=_("Leave empty for the stage's default."),
    )
    competitors = models.ManyToManyField(
        Competitor, verbose_name=_("competitors in play"), blank=True, related_name="opportunities"
    )

    # Qualification: how important the prospect is to us and we to it, and the decision.
    q_budget = models.PositiveSmallIntegerField(
        _("budget"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(SCORE_MAX)],
        help_text=_("Is there money for it?"),
    )
    q_need = models.PositiveSmallIntegerField(
        _("need"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(SCORE_MAX)],
        help_text=_("How pressing is the need?"),
    )
    q_timing = models.PositiveSmallIntegerField(
        _("timing"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(SCORE_MAX)],
        help_text=_("Will they decide soon enough?"),
    )
    q_decision_process = models.PositiveSmallIntegerField(
        _("decision process"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(SCORE_MAX)],
        help_text=_("Do we know who decides, and how?"),
    )
    q_fit = models.PositiveSmallIntegerField(
        _("fit"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(SCORE_MAX)],
        help_text=_("How well do they fit us, and we them?"),
    )
    decision = models.CharField(
        _("continue or stop"), max_length=8, choices=Decision.choices, blank=True
    )
    decision_reason = models.TextField(_("reason for the decision"), max_length=2000, blank=True)
    qualified_at = models.DateTimeField(_("qualified"), null=True, blank=True)

    # Lost: a fixed structure, for win/loss analysis and the competitor pages.
    lost_reason = models.CharField(
        _("reason lost"), max_length=12, choices=LostReason.choices, blank=True
    )
    lost_to = models.ForeignKey(
        Competitor,
        verbose_name=_("competitor who won"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="won_from_us",
    )
    price_gap = models.DecimalField(
        _("price gap (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("How much cheaper the winner was, in percent, when known."),
    )
    decided_by = models.ForeignKey(
        Contact,
        verbose_name=_("who decided at the customer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    lost_note = models.TextField(_("what we learned"), max_length=2000, blank=True)
    won_on = models.DateField(_("won on"), null=True, blank=True)
    # Won: why, when the owner says (optional: accepting a quote wins the deal without asking).
    won_reason = models.CharField(
        _("reason won"), max_length=12, choices=WonReason.choices, blank=True
    )
    won_note = models.TextField(_("why we won"), max_length=2000, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), max_length=2000, blank=True)
    times_reopened = models.PositiveIntegerField(_("times reopened"), default=0)

    # The negotiation room agreed in advance with the manager (001, 2.6).
    room_lowest_price = models.DecimalField(
        _("lowest total price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    room_min_margin = models.DecimalField(
        _("lowest margin (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    room_max_discount = models.DecimalField(
        _("highest discount (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    room_concessions = models.TextField(
        _("concessions allowed"),
        max_length=2000,
        blank=True,
        help_text=_("Payment terms, delivery, service: what may be given."),
    )
    room_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("room approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    room_approved_at = models.DateTimeField(_("room approved"), null=True, blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
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
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["close_on", "pk"]
        indexes = [
            models.Index(fields=["account", "stage"], name="opp_account_stage_idx"),
            models.Index(fields=["owner", "stage", "close_on"], name="opp_owner_stage_idx"),
            models.Index(fields=["stage", "close_on"], name="opp_stage_close_idx"),
            models.Index(fields=["close_on", "id"], name="opp_close_idx"),
            # The board's and the forecast's sums read only this index (both databases: the
            # covered columns are key columns, SQLite has no INCLUDE), and a won or lost column
            # walks an owner's deals by closing time (docs/decisions.md, 134).
            models.Index(
                fields=[
                    "owner",
                    "stage",
                    "closed_at",
                    "close_on",
                    "won_on",
                    "amount",
                    "probability",
                    "account",
                ],
                name="opp_pipeline_idx",
            ),
            # A team's won and lost columns walk the latest closed deals of everyone and stop
            # after a column's cards: a team holds a sixth of them, so a few dozen are read.
            models.Index(fields=["stage", "closed_at"], name="opp_stage_closed_idx"),
            # The list's default: the open deals by close date. Without it a walk in close
            # order first passes every closed deal of the past (90,000 at size L). With the
            # account in it, a manager's list checks the scope of each deal it passes without
            # reading the deal (docs/decisions.md, 134).
            models.Index(
                fields=["close_on", "id", "account"],
                condition=models.Q(stage__in=OPEN_STAGES),
                name="opp_open_list_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(stage__in=[s.value for s in Stage]), name="opp_stage_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(source__in=[s.value for s in Source]), name="opp_source_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(lost_reason__in=["", *(r.value for r in LostReason)]),
                name="opp_lost_reason_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(won_reason__in=["", *(r.value for r in WonReason)]),
                name="opp_won_reason_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(probability__isnull=True) | models.Q(probability__lte=100),
                name="opp_probability_range",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="opp_amount_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.stage in OPEN_STAGES

    @property
    def is_closed(self) -> bool:
        return self.stage in CLOSED_STAGES

    @property
    def qualification_score(self) -> int | None:
        """The checklist's total (0-15), or None when nothing was scored yet."""
        scores = [getattr(self, name) for name in QUALIFICATION_FIELDS]
        known = [s for s in scores if s is not None]
        return sum(known) if known else None


class OpportunityLine(models.Model):
    """A product from the catalogue in the estimate: quantity times the price for the account
    (`sales.pricing.price_for`), rounded per line. The opportunity's amount is their sum."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=12,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    price_source = models.CharField(_("price from"), max_length=16, blank=True)
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("opportunity line")
        verbose_name_plural = _("opportunity lines")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.product}"


class DealContact(models.Model):
    """A contact of the account in the DMU of this deal, with their role and attitude here
    (copied from their position at the account when added, then edited for this deal)."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="deal_contacts"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.CASCADE, related_name="deals"
    )
    buying_role = models.CharField(
        _("buying role"), max_length=12, choices=BuyingRole.choices, blank=True
    )
    attitude = models.CharField(
        _("attitude"), max_length=10, choices=Attitude.choices, default=Attitude.NEUTRAL
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("contact in the deal's DMU")
        verbose_name_plural = _("the deal's DMU")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "contact"], name="deal_contact_once")
        ]

    def __str__(self) -> str:
        return f"{self.contact} ({self.buying_role})"


class OpportunityMember(models.Model):
    """A colleague working the deal with the owner, with their share of the revenue credit."""

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        on_delete=models.PROTECT,
        related_name="opportunity_memberships",
    )
    share = models.DecimalField(
        _("credit share (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("colleague on an opportunity")
        verbose_name_plural = _("colleagues on opportunities")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "user"], name="opp_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.share} %"


class StageChange(models.Model):
    """One move of an opportunity's stage (its creation too, from ""): who, when, from, to."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="stage_changes"
    )
    # Denormalised from the opportunity: the timeline reads an account's moves from one index.
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    from_stage = models.CharField(_("from"), max_length=12, choices=Stage.choices, blank=True)
    to_stage = models.CharField(_("to"), max_length=12, choices=Stage.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["opportunity", "at"], name="opp_stage_change_idx"),
            models.Index(fields=["account", "at"], name="opp_stage_account_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.from_stage} → {self.to_stage}"


class StageSetting(models.Model):
    """Per stage: the default probability and after how many days without activity an open
    opportunity is stale (an administrator's setting)."""

    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, unique=True)
    probability = models.PositiveSmallIntegerField(
        _("default probability (%)"), validators=[MaxValueValidator(100)]
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("stale after days without activity"), default=14
    )

    class Meta:
        verbose_name = _("stage setting")
        verbose_name_plural = _("stage settings")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.get_stage_display()
