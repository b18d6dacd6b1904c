"""Quotes (offertes): what we offer an account for one opportunity, in versions.

A `Quote` is the readable number ("OF-2026-00042") for one opportunity; its account is copied
from the opportunity so that access follows the account (`sales/quotes/queries.py`). What the
customer reads is a `QuoteVersion`: its terms, its line groups and lines, and its totals, which
the services recompute (`sales/quotes/totals.py`) on every change and store, so that lists and
the mandate read them without adding up lines. Only a draft version changes; a revision or a
variant is a new version (decision: versions of a quote). Every step is a `QuoteEvent`, which is
both the quote's history and its rows on the account's timeline.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account
from koers.core.writes import history_user
from koers.sales.models.catalogue import Product, Unit
from koers.sales.models.opportunities import Opportunity

ZERO = Decimal("0")
HUNDRED = Decimal("100")


class QuoteStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    NEEDS_APPROVAL = "needs_approval", _("Needs approval")
    APPROVED = "approved", _("Approved for sending")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    SUPERSEDED = "superseded", _("Superseded")


OPEN_QUOTE_STATUSES = (
    QuoteStatus.DRAFT,
    QuoteStatus.IN_REVIEW,
    QuoteStatus.NEEDS_APPROVAL,
    QuoteStatus.APPROVED,
    QuoteStatus.SENT,
)


class GroupDisplay(models.TextChoices):
    PRICES = "prices", _("Lines with prices")
    NO_PRICES = "no_prices", _("Lines without prices")
    TOTAL_ONLY = "total_only", _("Only the group total")


class QuoteEventKind(models.TextChoices):
    CREATED = "created", _("Quote made")
    SUBMITTED = "submitted", _("Submitted for review")
    REVIEWED = "reviewed", _("Review approved")
    RETURNED = "returned", _("Returned with remarks")
    APPROVED = "approved", _("Approved for sending")
    SENT = "sent", _("Sent")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("Expired")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REVISED = "revised", _("New version")
    VARIANT = "variant", _("New variant")
    SUPERSEDED = "superseded", _("Superseded")
    # The approval beyond the mandate (sales/quotes/services/approvals.py).
    APPROVAL_ASKED = "appr_asked", _("Approval asked")
    APPROVAL_GIVEN = "appr_given", _("Approved beyond the mandate")
    APPROVAL_RETURNED = "appr_return", _("Returned by the approver")
    # The validity watch (sales/quotes/services/validity.py).
    EXTENDED = "extended", _("Validity extended")
    FOLLOW_UP = "follow_up", _("Follow-up call planned")
    # The customer on the public page (decision 108).
    CHANGE_ASKED = "change_asked", _("Change asked by the customer")
    # A link made by hand for a version sent outside Koers, and revoked (issue 13).
    LINK_MADE = "link_made", _("Online link made")
    LINK_REVOKED = "link_revoked", _("Online link revoked")
    # The customer's confirmation of an online acceptance (issue 13).
    CONFIRMED = "confirmed", _("Confirmation sent")


class QuoteSettings(models.Model):
    """The administrator's settings of quotes: one row (pk 1)."""

    validity_days = models.PositiveSmallIntegerField(
        _("validity (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("A new quote is valid for this many days."),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("reminder before the validity ends (days)"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
        help_text=_(
            "The owner of a sent quote is reminded this many days before its validity ends "
            "(0: no reminder)."
        ),
    )
    review_from = models.DecimalField(
        _("no review below (EUR)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(ZERO)],
        help_text=_(
            "A quote with a total (excluding VAT) below this amount skips the review by inside "
            "sales. Leave empty to review every quote."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("quote settings")
        verbose_name_plural = _("quote settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="quote_settings_one_row"),
        ]

    def __str__(self) -> str:
        return "quote settings"


class QuoteCounter(models.Model):
    """The last number given per year: read and raised under a row lock, so two quotes made at
    the same moment never get the same number on PostgreSQL either."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Quote(models.Model):
    number = models.CharField(_("number"), max_length=20, unique=True)
    # RESTRICT, not PROTECT: an opportunity with quotes is not deleted on its own, but deleting
    # the account (which cascades to both) takes its quotes with it.
    opportunity = models.ForeignKey(
        Opportunity, verbose_name=_("opportunity"), on_delete=models.RESTRICT, related_name="quotes"
    )
    # Copied from the opportunity: the access scope and the timeline read it without a join.
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="quotes"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="quotes",
    )
    title = models.CharField(_("title"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("quote")
        verbose_name_plural = _("quotes")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "created_at"], name="quote_account_idx"),
            models.Index(fields=["owner", "created_at"], name="quote_owner_idx"),
        ]

    def __str__(self) -> str:
        return self.number


class QuoteVersion(models.Model):
    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"), default=1)
    variant = models.CharField(_("variant"), max_length=1, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=QuoteStatus.choices, default=QuoteStatus.DRAFT
    )
    valid_until = models.DateField(_("valid until"))
    delivery_terms = models.TextField(_("delivery terms"), max_length=2000, blank=True)
    payment_terms = models.TextField(_("payment terms"), max_length=2000, blank=True)
    introduction = models.TextField(_("introduction"), max_length=4000, blank=True)
    value_proposition = models.TextField(_("value proposition"), max_length=4000, blank=True)
    discount_percent = models.DecimalField(
        _("discount on the total (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    discount_amount = models.DecimalField(
        _("discount on the total (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    # Stored totals, recomputed by the services on every change (sales/quotes/totals.py).
    subtotal = models.DecimalField(_("subtotal"), max_digits=14, decimal_places=2, default=ZERO)
    total_discount = models.DecimalField(
        _("discount"), max_digits=14, decimal_places=2, default=ZERO
    )
    net_total = models.DecimalField(
        _("total excluding VAT"), max_digits=14, decimal_places=2, default=ZERO
    )
    vat_total = models.DecimalField(_("VAT"), max_digits=14, decimal_places=2, default=ZERO)
    gross_total = models.DecimalField(
        _("total including VAT"), max_digits=14, decimal_places=2, default=ZERO
    )
    cost_total = models.DecimalField(
        _("cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    margin_total = models.DecimalField(
        _("margin"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    margin_percent = models.DecimalField(
        _("margin (%)"), max_digits=7, decimal_places=1, null=True, blank=True
    )

    revised_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    superseded_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    review_remarks = models.TextField(_("review remarks"), max_length=4000, blank=True)
    # The checklist items the reviewer ticked (`sales.quotes.forms.CHECKLIST`).
    review_checklist = models.JSONField(_("review checklist"), default=list, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    accepted_by_name = models.CharField(_("accepted by"), max_length=200, blank=True)
    # The day the customer agreed (on or before the validity date), which may be before the
    # owner recorded it (`decided_at`).
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    customer_reference = models.CharField(_("customer's reference"), max_length=100, blank=True)
    decline_reason = models.TextField(_("reason declined"), max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdraw_reason = models.TextField(_("reason withdrawn"), max_length=2000, blank=True)

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
        verbose_name = _("quote version")
        verbose_name_plural = _("quote versions")
        ordering = ["quote", "number", "variant"]
        indexes = [
            models.Index(fields=["status", "valid_until"], name="quote_version_status_idx"),
            models.Index(fields=["status", "submitted_at"], name="quote_version_review_idx"),
            # The quote list's default (open, current, by validity): walked in order, a page
            # checks only the versions it shows (decision 135).
            models.Index(
                fields=["valid_until", "id"],
                name="quote_version_open_idx",
                condition=Q(superseded_by__isnull=True, status__in=OPEN_QUOTE_STATUSES),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["quote", "number", "variant"], name="quote_version_once"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in QuoteStatus]),
                name="quote_version_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(variant="") | Q(variant__regex=r"^[A-Z]$"),
                name="quote_version_variant_letter",
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__isnull=True) | Q(discount_amount__isnull=True),
                name="quote_version_one_discount",
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__isnull=True)
                | Q(discount_percent__gte=0, discount_percent__lte=100),
                name="quote_version_discount_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(discount_amount__isnull=True) | Q(discount_amount__gte=0),
                name="quote_version_discount_amount_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote.number} {self.label}"

    @property
    def label(self) -> str:
        return f"v{self.number}{self.variant}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_QUOTE_STATUSES

    @property
    def is_draft(self) -> bool:
        return self.status == QuoteStatus.DRAFT


class QuoteLineGroup(models.Model):
    quote_version = models.ForeignKey(QuoteVersion, on_delete=models.CASCADE, related_name="groups")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200, blank=True)
    display = models.CharField(
        _("show"), max_length=12, choices=GroupDisplay.choices, default=GroupDisplay.PRICES
    )

    class Meta:
        verbose_name = _("line group")
        verbose_name_plural = _("line groups")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(display__in=[d.value for d in GroupDisplay]),
                name="quote_group_display_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"group {self.position}"


class QuoteLine(models.Model):
    """A catalogue line (product set: its list price from the price resolution, VAT by its
    category) or a free line (no product: a description, a price and a VAT rate picked)."""

    group = models.ForeignKey(QuoteLineGroup, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveIntegerField(default=0)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=3)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.PIECE)
    list_price = models.DecimalField(_("list price"), max_digits=12, decimal_places=2)
    price_source = models.CharField(_("price from"), max_length=16, blank=True)
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    discount_amount = models.DecimalField(
        _("discount (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    cost_price = models.DecimalField(
        _("cost price"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    vat_percentage = models.DecimalField(_("VAT (%)"), max_digits=5, decimal_places=2)
    optional = models.BooleanField(_("optional"), default=False)
    chosen = models.BooleanField(_("chosen by the customer"), default=False)
    # Inside sales' remark on this line when the review returned the quote.
    review_remark = models.CharField(_("review remark"), max_length=500, blank=True)
    # Stored by the services with the version's totals.
    net_amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2, default=ZERO)

    class Meta:
        verbose_name = _("quote line")
        verbose_name_plural = _("quote lines")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="quote_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0, list_price__gte=0),
                name="quote_line_prices_positive",
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__isnull=True) | Q(discount_amount__isnull=True),
                name="quote_line_one_discount",
            ),
            models.CheckConstraint(
                condition=Q(discount_percent__isnull=True)
                | Q(discount_percent__gte=0, discount_percent__lte=100),
                name="quote_line_discount_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(discount_amount__isnull=True) | Q(discount_amount__gte=0),
                name="quote_line_discount_amount_positive",
            ),
            models.CheckConstraint(
                condition=Q(vat_percentage__gte=0, vat_percentage__lte=100),
                name="quote_line_vat_range",
            ),
            models.CheckConstraint(
                condition=Q(unit__in=[u.value for u in Unit]), name="quote_line_unit_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.description}"

    @property
    def margin(self) -> Decimal | None:
        """The line's net amount less its cost (None without a cost price)."""
        if self.cost_price is None:
            return None
        cost = (self.quantity * self.cost_price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return self.net_amount - cost

    @property
    def counted(self) -> bool:
        """In the totals: every line but an optional one the customer has not ticked."""
        return not self.optional or self.chosen


class QuoteEvent(models.Model):
    """One step of a quote (who, when, which version, a note): its history on the quote page
    and its rows on the account's timeline."""

    quote = models.ForeignKey(Quote, on_delete=models.CASCADE, related_name="events")
    quote_version = models.ForeignKey(
        QuoteVersion, on_delete=models.CASCADE, null=True, related_name="events"
    )
    # Denormalised from the quote: the timeline reads an account's events from one index.
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what"), max_length=12, choices=QuoteEventKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))
    note = models.TextField(_("note"), max_length=4000, blank=True)
    # Review: how long the quote waited for it (seconds), kept for the review's report.
    waited_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("quote event")
        verbose_name_plural = _("quote events")
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["quote", "at"], name="quote_event_idx"),
            models.Index(fields=["account", "at"], name="quote_event_account_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in QuoteEventKind]),
                name="quote_event_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_id}: {self.kind}"


__all__ = [
    "OPEN_QUOTE_STATUSES",
    "GroupDisplay",
    "Quote",
    "QuoteCounter",
    "QuoteEvent",
    "QuoteEventKind",
    "QuoteLine",
    "QuoteLineGroup",
    "QuoteSettings",
    "QuoteStatus",
    "QuoteVersion",
]
