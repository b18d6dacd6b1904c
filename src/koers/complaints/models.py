"""Complaints: registered for an account, handled by an owner with colleagues, checked with the
customer afterwards; and the categories an administrator keeps.

A complaint belongs to one account (a branch is an account of its own, decision 2), and its
access follows that account (`complaints/queries.py`), widened to the colleagues who were given
a task on it. Every move of its status is a `ComplaintStep` (who, when, from, to, the note):
the account's timeline shows them, and the indicators read the timestamps kept on the complaint.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Contact
from koers.core.writes import history_user
from koers.relations.models import Activity


class ComplaintCategory(models.Model):
    """What a complaint is about (delivery, quality, invoice, ...): a list the administrator
    keeps. A category in use is retired (inactive), not deleted."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("complaint category")
        verbose_name_plural = _("complaint categories")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    VISIT = "visit", _("During a visit")
    LETTER = "letter", _("Letter")
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


# Statuses in which the complaint still asks something of us (the follow-up of a solved one is
# planned separately, as an activity).
OPEN_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.IN_PROGRESS)


class Complaint(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="complaints"
    )
    branch = models.ForeignKey(
        Account,
        verbose_name=_("branch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="branch_complaints",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    # What it is about in the catalogue: a product, or a whole product group; the text for what
    # the catalogue does not hold. A product deleted from the catalogue (only one that was never
    # priced, `sales.catalogue.services.product_remove`) leaves the complaint without it.
    product = models.ForeignKey(
        "sales.Product",
        verbose_name=_("product"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    product_group = models.ForeignKey(
        "sales.ProductGroup",
        verbose_name=_("product group"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
    )
    product_name = models.CharField(_("product or product group"), max_length=120, blank=True)
    category = models.ForeignKey(
        ComplaintCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    description = models.TextField(_("description"), max_length=4000)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.NORMAL
    )
    channel = models.CharField(
        _("came in by"), max_length=10, choices=Channel.choices, default=Channel.PHONE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    agreed_handling = models.TextField(
        _("handling agreed with the customer"), max_length=2000, blank=True
    )
    promised_on = models.DateField(_("promised to the customer for"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
    )
    solution = models.TextField(_("solution"), max_length=4000, blank=True)
    customer_answer = models.TextField(_("the customer's answer"), max_length=2000, blank=True)
    reject_reason = models.TextField(_("reason for rejecting"), max_length=2000, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), max_length=2000, blank=True)
    times_reopened = models.PositiveIntegerField(_("times reopened"), default=0)
    # For the indicators: time to first response and time to solution.
    received_at = models.DateTimeField(_("received"))
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The activity "ask whether the customer is satisfied", planned when it was last solved.
    follow_up = models.ForeignKey(
        Activity,
        verbose_name=_("follow-up check"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
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
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "status"], name="complaint_account_status_idx"),
            models.Index(fields=["owner", "status"], name="complaint_owner_status_idx"),
            models.Index(fields=["received_at", "id"], name="complaint_received_idx"),
            models.Index(fields=["category", "received_at"], name="complaint_category_idx"),
            models.Index(fields=["product", "received_at"], name="complaint_product_idx"),
            models.Index(fields=["product_group", "received_at"], name="complaint_group_idx"),
            # The list's default order walks the open complaints by promised date (decision 133).
            models.Index(
                fields=["promised_on", "-received_at"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="complaint_open_promised_idx",
            ),
            # The structural overview reads a period's complaints from the index alone.
            models.Index(
                fields=[
                    "received_at",
                    "account",
                    "status",
                    "category",
                    "product",
                    "product_group",
                    "product_name",
                    "id",
                ],
                name="complaint_period_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ComplaintStatus]),
                name="complaint_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(severity__in=[s.value for s in Severity]),
                name="complaint_severity_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(channel__in=[c.value for c in Channel]),
                name="complaint_channel_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(product__isnull=True) | models.Q(product_group__isnull=True),
                name="complaint_product_or_group",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.category}" if self.pk else str(self.category)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue_on(self, today: object) -> bool:
        """Open past the date promised to the customer."""
        return bool(self.is_open and self.promised_on and self.promised_on < today)  # type: ignore[operator]


class StepKind(models.TextChoices):
    RECEIVED = "received", _("Registered")
    STARTED = "started", _("Taken in hand")
    SOLVED = "solved", _("Solved")
    VERIFIED = "verified", _("Verified with the customer")
    REOPENED = "reopened", _("Reopened")
    REJECTED = "rejected", _("Rejected")
    HANDED_OVER = "handed_over", _("Handed over")


class ComplaintStep(models.Model):
    """One move in a complaint's handling, as the account's timeline shows it."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="steps")
    # Denormalised from the complaint: the timeline reads an account's steps from one index.
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("what happened"), max_length=12, choices=StepKind.choices)
    note = models.TextField(_("note"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"))

    class Meta:
        verbose_name = _("complaint step")
        verbose_name_plural = _("complaint steps")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["account", "at"], name="complaint_step_account_idx")]

    def __str__(self) -> str:
        return f"{self.complaint_id}: {self.kind}"


class ComplaintTask(models.Model):
    """Something a colleague is asked to do for a complaint (inside sales checks the delivery,
    a manager approves a credit note). Being given a task makes a colleague involved: they may
    read and handle the complaint."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="tasks")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        on_delete=models.PROTECT,
        related_name="complaint_tasks",
    )
    description = models.CharField(_("what to do"), max_length=300)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("complaint task")
        verbose_name_plural = _("complaint tasks")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["assignee", "complaint"], name="complaint_task_who_idx")]

    def __str__(self) -> str:
        return self.description


class ComplaintComment(models.Model):
    """A message in the complaint's thread; `@username` mentions a colleague, who is notified."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaint_comments"
    )
    text = models.TextField(_("comment"), max_length=4000)
    mentioned = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="complaint_mentions"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a complaint")
        verbose_name_plural = _("comments on complaints")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]
