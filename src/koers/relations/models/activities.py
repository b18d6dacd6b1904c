"""Activities (visits, calls, e-mails, notes ...), their visit reports and managers' comments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Contact
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
    # Set by Koers alone, when a recurring schedule ends or no longer holds the date.
    SCHEDULE = "schedule", _("Schedule ended or changed")


# The reasons a person chooses from.
USER_CANCEL_REASONS = [
    (v, label) for v, label in CancelReason.choices if v != CancelReason.SCHEDULE
]


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
    schedule = models.ForeignKey(
        "relations.VisitSchedule",
        verbose_name=_("recurring schedule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
    )
    # The schedule's date of this occurrence (before a move off a public holiday): with the
    # schedule, the key that keeps the daily job from making it twice.
    occurrence_on = models.DateField(null=True, blank=True, editable=False)
    # The activity's version when its schedule last wrote it: another version means a person
    # changed it, and an edit of the schedule leaves it alone.
    schedule_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The activity this one continues: planned by the completion chain or by hand, any number
    # of each kind (decision 122).
    follow_up_of = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
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
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-planned_start", "-pk"]
        indexes = [
            models.Index(fields=["owner", "status", "planned_start"]),
            models.Index(fields=["account", "-planned_start"]),
            models.Index(fields=["account", "status", "kind", "-planned_start"]),
            # The API's list in its default order: walked newest first, the scope checked per
            # row, instead of sorting every activity a manager may read (docs/performance.md).
            models.Index(fields=["-planned_start", "-id"], name="activity_planned_idx"),
            # The agenda's "visits without a report": counted from the index alone on SQLite.
            models.Index(
                fields=["owner", "status", "kind", "account"], name="activity_owner_kind_idx"
            ),
            # The same visits of the last 30 days (agenda.REPORT_WINDOW_DAYS), newest first:
            # without it PostgreSQL intersected the index above with every activity of the
            # month (180,000 at size L) to find a person's 670.
            models.Index(
                fields=["owner", "status", "kind", "-planned_start"], name="activity_owner_day_idx"
            ),
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
            models.UniqueConstraint(
                fields=["schedule", "occurrence_on"],
                condition=models.Q(schedule__isnull=False, occurrence_on__isnull=False),
                name="activity_once_per_occurrence",
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
