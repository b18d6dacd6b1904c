"""Commitments both ways, and every move of their due dates."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Contact
from koers.core.writes import history_user
from koers.relations.models.activities import VisitReport


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
            # The API's list in its default order (docs/performance.md).
            models.Index(fields=["due_date", "id"], name="commitment_due_idx"),
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
