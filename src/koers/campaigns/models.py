"""Campaigns (mailings, promotional offers, trade fairs, seminars, webinars, customer events)
and their selection of contacts (seeds/001, 3.2: "voert promotieactiviteiten uit").

A selection holds its filters on the customer file and its member rows: every contact it
selected, included or excluded with the reason. A live selection recomputes its rows when its
filters are saved, when it is refreshed and when an account manager adds or removes one of
their contacts; a frozen one keeps its rows whatever happens to the file (decision 131).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Contact
from koers.core.jobs import HeartbeatJob
from koers.core.writes import history_user
from koers.sales.models import ProductGroup

ZERO = Decimal("0")
POSITIVE = MinValueValidator(ZERO)


class CampaignKind(models.TextChoices):
    MAILING = "mailing", _("Mailing")
    OFFER = "offer", _("Promotional offer")
    TRADE_FAIR = "trade_fair", _("Trade fair")
    SEMINAR = "seminar", _("Seminar")
    WEBINAR = "webinar", _("Webinar")
    CUSTOMER_EVENT = "customer_event", _("Customer event")


class Campaign(models.Model):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CampaignKind.choices)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, default=ZERO, validators=[POSITIVE]
    )
    actual_cost = models.DecimalField(
        _("actual cost"), max_digits=12, decimal_places=2, default=ZERO, validators=[POSITIVE]
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    product_groups = models.ManyToManyField(
        ProductGroup, verbose_name=_("target product groups"), blank=True, related_name="+"
    )
    description = models.TextField(_("description"), blank=True)
    goal_responses = models.PositiveIntegerField(_("goal: responses"), null=True, blank=True)
    goal_leads = models.PositiveIntegerField(_("goal: leads"), null=True, blank=True)
    goal_opportunities = models.PositiveIntegerField(
        _("goal: opportunities"), null=True, blank=True
    )
    goal_revenue = models.DecimalField(
        _("goal: revenue"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[POSITIVE],
    )
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
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["starts_on", "id"], name="campaign_start_idx"),
            models.Index(fields=["owner", "starts_on"], name="campaign_owner_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in CampaignKind]),
                name="campaign_kind_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="campaign_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0, actual_cost__gte=0),
                name="campaign_money_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SelectionState(models.TextChoices):
    LIVE = "live", _("Live")
    FROZEN = "frozen", _("Frozen")


class Selection(models.Model):
    """The contacts a campaign addresses: its filters (`criteria`, see `selection.Criteria`)
    and the counts of its member rows at the last refresh."""

    campaign = models.OneToOneField(
        Campaign, on_delete=models.CASCADE, related_name="selection", verbose_name=_("campaign")
    )
    criteria = models.JSONField(_("filters"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=SelectionState.choices, default=SelectionState.LIVE
    )
    included = models.PositiveIntegerField(_("included"), default=0)
    excluded = models.PositiveIntegerField(_("excluded"), default=0)
    refreshed_at = models.DateTimeField(_("refreshed on"), null=True, blank=True)
    frozen_at = models.DateTimeField(_("frozen on"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("frozen by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords(
        excluded_fields=["included", "excluded", "refreshed_at"], get_user=history_user
    )

    class Meta:
        verbose_name = _("selection")
        verbose_name_plural = _("selections")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=[s.value for s in SelectionState]),
                name="selection_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.campaign)

    @property
    def frozen(self) -> bool:
        return self.state == SelectionState.FROZEN


class Exclusion(models.TextChoices):
    """Why a selected contact is left out, in the order they are checked."""

    ERASED = "erased", _("Erased on request")
    OPTED_OUT = "opted_out", _("Opted out")
    NO_CONSENT = "no_consent", _("No consent for mailings")
    NO_EMAIL = "no_email", _("No e-mail address")
    REMOVED = "removed", _("Removed by hand")


class SelectionMember(models.Model):
    """A contact the selection found, with the account it was found at; `reason` empty when
    included. The account is what scopes the row (`access.through_account`)."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="members")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        Account, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(
        _("excluded because"), max_length=12, choices=Exclusion.choices, blank=True
    )
    by_hand = models.BooleanField(_("added by hand"), default=False)

    class Meta:
        verbose_name = _("selection member")
        verbose_name_plural = _("selection members")
        indexes = [
            models.Index(fields=["selection", "reason", "contact"], name="selmember_reason_idx"),
            models.Index(fields=["account", "selection"], name="selmember_account_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["selection", "contact"], name="selmember_unique"),
            models.CheckConstraint(
                condition=models.Q(reason__in=["", *[r.value for r in Exclusion]]),
                name="selmember_reason_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} in {self.selection_id}"


class SelectionChange(models.Model):
    """An account manager's own contact added to (`include`) or removed from a selection by
    hand; kept across refreshes (applied again each time)."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="changes")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    include = models.BooleanField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["selection", "contact"], name="selchange_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.contact_id} {'+' if self.include else '-'} {self.selection_id}"


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Mailing(HeartbeatJob):
    """A mail to the included contacts of a campaign's selection, in Dutch and English (each
    contact gets their language), with the placeholders of the mail templates; sent in batches
    by the task worker (decision 136). `tested_version` is the version last sent to its writer
    as a test: sending waits for a test of the text as it is."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="mailings", verbose_name=_("campaign")
    )
    subject_nl = models.CharField(_("subject (Dutch)"), max_length=200)
    body_nl = models.TextField(_("text (Dutch)"))
    subject_en = models.CharField(_("subject (English)"), max_length=200)
    body_en = models.TextField(_("text (English)"))
    status = models.CharField(
        _("status"), max_length=8, choices=MailingStatus.choices, default=MailingStatus.DRAFT
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    tested_version = models.PositiveIntegerField(default=0, editable=False)
    # Links in the text go through a redirect that records a click, for contacts whose consent
    # covers it (decision 140).
    track_links = models.BooleanField(_("track clicks on links"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in MailingStatus]),
                name="mailing_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.subject_nl

    def text_in(self, language: str) -> tuple[str, str]:
        if language == "en":
            return self.subject_en, self.body_en
        return self.subject_nl, self.body_nl


class SendStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    SKIPPED = "skipped", _("Skipped")
    # Claimed by a worker that stopped before it recorded the outcome: it may have gone out,
    # so it is never sent again.
    INTERRUPTED = "interrupted", _("Interrupted, not sent again")
    # Sent, and reported back by the mail server as undeliverable (decision 140).
    BOUNCED = "bounced", _("Bounced")


class MailingSend(models.Model):
    """One contact's copy of a mailing: one row per mailing and contact (unique), claimed
    (`sending`) in its own transaction before the mail goes, so that a retry never sends it
    twice. `reason` says why a copy was skipped at send time; the unsubscribe link of the copy
    records when the contact opted out through it."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="sends")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="+")
    account = models.ForeignKey(
        Account, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=SendStatus.choices, default=SendStatus.QUEUED
    )
    reason = models.CharField(
        _("skipped because"), max_length=12, choices=Exclusion.choices, blank=True
    )
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    batch = models.PositiveIntegerField(_("batch"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    unsubscribed_via = models.CharField(_("unsubscribed through"), max_length=16, blank=True)
    bounced_at = models.DateTimeField(_("bounced"), null=True, blank=True)

    class Meta:
        verbose_name = _("mailing send")
        verbose_name_plural = _("mailing sends")
        indexes = [
            models.Index(fields=["mailing", "status"], name="mailingsend_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["mailing", "contact"], name="mailingsend_unique"),
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in SendStatus]),
                name="mailingsend_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mailing_id} to {self.contact_id}"


# Events, their registrations and stand duty (decision 139), and leads and responses (decision
# 140), live in their own modules, registered with this app here.
from koers.campaigns.event_models import (  # noqa: E402
    Event,
    Registration,
    RegistrationMail,
    RegistrationMailKind,
    RegistrationMailStatus,
    RegistrationSource,
    RegistrationStatus,
    StandSlot,
)
from koers.campaigns.lead_models import Lead, LeadMatch, Response, ResponseKind  # noqa: E402

__all__ = [
    "Event",
    "Lead",
    "LeadMatch",
    "Registration",
    "RegistrationMail",
    "RegistrationMailKind",
    "RegistrationMailStatus",
    "RegistrationSource",
    "RegistrationStatus",
    "Response",
    "ResponseKind",
    "StandSlot",
]
