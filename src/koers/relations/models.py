"""Relationship care: activities (visits, calls, ...), visit reports, commitments both ways, and
the contact norms that say how often an account wants to hear from us.

Every object here belongs to an account, and its access follows that account
(`relations/queries.py`, through `core.access.scope_through_account`). An activity with a branch
of a chain is an activity with that branch: a branch is an account of its own, with its own tier
and norm, and the chain's page gathers its branches' activities through `root`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, BuyingRole, Contact, Tier
from koers.core.writes import history_user


class ActivityKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE_CALL = "phone_call", _("Phone call")
    VIDEO_CALL = "video_call", _("Video call")
    EMAIL = "email", _("E-mail")
    LETTER = "letter", _("Letter")
    EVENT_MEETING = "event_meeting", _("Meeting at an event")
    NOTE = "note", _("Note")


# Kinds that are a meeting with people and therefore ask for a report once done.
REPORTED_KINDS = (ActivityKind.VISIT, ActivityKind.VIDEO_CALL, ActivityKind.EVENT_MEETING)


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class CancelReason(models.TextChoices):
    CUSTOMER = "customer", _("Cancelled by the customer")
    US = "us", _("Cancelled by us")
    NO_SHOW = "no_show", _("No-show")
    INCIDENT = "incident", _("Incident")


class Activity(models.Model):
    """A contact moment with an account: planned, then done (with its outcome) or cancelled."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts"), blank=True, related_name="activities"
    )
    colleagues = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleagues who joined"),
        blank=True,
        related_name="joined_activities",
    )
    planned_start = models.DateTimeField(_("planned start"))
    duration = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_end = models.DateTimeField(_("actual end"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    outcome = models.TextField(_("outcome"), blank=True)
    cancel_reason = models.CharField(
        _("reason for cancelling"), max_length=10, choices=CancelReason.choices, blank=True
    )
    cancel_note = models.CharField(_("note on cancelling"), max_length=200, blank=True)
    instructions = models.TextField(
        _("instructions"), blank=True, help_text=_("What the manager asks of this visit.")
    )
    checklist = models.JSONField(_("checklist"), default=list, blank=True)
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
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-planned_start", "-pk"]
        indexes = [
            models.Index(fields=["owner", "status", "planned_start"]),
            models.Index(fields=["account", "-planned_start"]),
            models.Index(fields=["account", "status", "kind", "-planned_start"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ActivityStatus]),
                name="activity_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ActivityKind]),
                name="activity_kind_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="cancelled") | ~models.Q(cancel_reason=""),
                name="activity_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def asks_for_report(self) -> bool:
        return self.kind in REPORTED_KINDS


class VisitReport(models.Model):
    """What happened at a visit or meeting: written after it, read by the manager."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="report"
    )
    purpose = models.TextField(_("purpose"), blank=True)
    discussed = models.TextField(_("what was discussed"))
    needs = models.TextField(_("the customer's needs"), blank=True)
    signals = models.TextField(_("buying or resistance signals"), blank=True)
    market_info = models.TextField(_("market or competitor information"), blank=True)
    agreements = models.TextField(
        _("agreements"), blank=True, help_text=_("One agreement per line.")
    )
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_date = models.DateField(_("date of the next step"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="visit_reports",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("visit report")
        verbose_name_plural = _("visit reports")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["-created_at"])]

    def __str__(self) -> str:
        return str(self.activity)

    def agreement_lines(self) -> list[str]:
        return [line.strip() for line in self.agreements.splitlines() if line.strip()]


class ReportComment(models.Model):
    """A manager's remark on a report, which its author sees."""

    report = models.ForeignKey(VisitReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a report")
        verbose_name_plural = _("comments on reports")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class CommitmentDirection(models.TextChoices):
    OURS = "ours", _("We promised")
    THEIRS = "theirs", _("The customer promised")


class CommitmentSource(models.TextChoices):
    VISIT_REPORT = "visit_report", _("Visit report")
    QUOTE = "quote", _("Quote")
    COMPLAINT = "complaint", _("Complaint")
    DIRECT = "direct", _("Direct")


class CommitmentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class Commitment(models.Model):
    """A promise made in a conversation: ours to the account, or the customer's to us."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="commitments"
    )
    direction = models.CharField(
        _("who promised"), max_length=6, choices=CommitmentDirection.choices
    )
    description = models.CharField(_("what"), max_length=300)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="commitments",
    )
    due_date = models.DateField(_("due date"))
    source = models.CharField(
        _("source"), max_length=12, choices=CommitmentSource.choices, default="direct"
    )
    report = models.ForeignKey(
        VisitReport,
        verbose_name=_("visit report"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commitments",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CommitmentStatus.choices, default="open"
    )
    done_date = models.DateField(_("done on"), null=True, blank=True)
    done_note = models.CharField(_("how it was done"), max_length=300, blank=True)
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
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["owner", "status", "due_date"]),
            models.Index(fields=["account", "status", "due_date"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in CommitmentStatus]),
                name="commitment_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=[d.value for d in CommitmentDirection]),
                name="commitment_direction_valid",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(done_date__isnull=False),
                name="commitment_done_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def on_time(self) -> bool | None:
        """Done on or before its due date; None while not done."""
        if self.done_date is None:
            return None
        return self.done_date <= self.due_date


class DueDateChange(models.Model):
    """Every move of a commitment's due date, with who and why: the on-time figure is measured
    against the first due date too, so it cannot be polished afterwards."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="due_date_changes"
    )
    old_due_date = models.DateField(_("old due date"))
    new_due_date = models.DateField(_("new due date"))
    reason = models.CharField(_("reason"), max_length=200)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True)

    class Meta:
        verbose_name = _("change of a due date")
        verbose_name_plural = _("changes of due dates")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.old_due_date} -> {self.new_due_date}"


class ContactNorm(models.Model):
    """The most days between two contacts that count, for the accounts of one tier."""

    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, unique=True)
    days = models.PositiveIntegerField(_("days between contacts"))

    class Meta:
        verbose_name = _("contact norm")
        verbose_name_plural = _("contact norms")
        ordering = ["tier"]

    def __str__(self) -> str:
        return f"{self.tier}: {self.days}"


class RoleNorm(models.Model):
    """The most days without contact with a DMU member of a buying role (deciders, buyers)."""

    buying_role = models.CharField(
        _("buying role"), max_length=12, choices=BuyingRole.choices, unique=True
    )
    days = models.PositiveIntegerField(_("days between contacts"))

    class Meta:
        verbose_name = _("contact norm per buying role")
        verbose_name_plural = _("contact norms per buying role")
        ordering = ["buying_role"]

    def __str__(self) -> str:
        return f"{self.buying_role}: {self.days}"


class AccountNorm(models.Model):
    """An account's own norm, instead of its tier's."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="norm")
    days = models.PositiveIntegerField(_("days between contacts"))

    class Meta:
        verbose_name = _("account's own contact norm")
        verbose_name_plural = _("accounts' own contact norms")

    def __str__(self) -> str:
        return f"{self.account_id}: {self.days}"


class CountingKind(models.Model):
    """An activity kind whose done activities reset the norm's clock (visits, calls; not
    notes). A row per counting kind, so an administrator changes it without a deployment."""

    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices, unique=True)

    class Meta:
        verbose_name = _("kind that counts as contact")
        verbose_name_plural = _("kinds that count as contact")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.kind


class ContactState(models.Model):
    """Where an account stands against its contact norm, kept current by the services that
    change its activities (and rebuilt by `manage.py contact_states`), so that the lists of
    overdue accounts read one row per account instead of its whole history."""

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, related_name="contact_state", primary_key=True
    )
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    next_planned_at = models.DateTimeField(_("next planned contact"), null=True, blank=True)
    norm_days = models.PositiveIntegerField(_("days between contacts"))
    # The day the norm runs out: the last contact (or the account's creation) plus the norm.
    due_on = models.DateField(_("contact due"))

    class Meta:
        verbose_name = _("contact status")
        verbose_name_plural = _("contact statuses")
        indexes = [models.Index(fields=["due_on"])]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.due_on}"


class DigestSent(models.Model):
    """One account manager's daily digest of one day: written with the mail, so a second run of
    the day's job sends nothing (and a day with nothing to say is marked too)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
