"""The approval of a quote version beyond its owner's mandate (docs/decisions.md, "The mandate
rules" and "Approving a quote beyond the mandate"): one row per step, the manager's first and,
far beyond, the sales director's after it. The rows stay on the version: its approval history."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.sales.models.quotes import QuoteVersion


class ApprovalStep(models.TextChoices):
    MANAGER = "manager", _("Manager")
    DIRECTOR = "director", _("Sales director")


class ApprovalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")
    # The version was withdrawn or superseded while the step waited: nobody decides it now.
    CLOSED = "closed", _("Closed")


class QuoteApproval(models.Model):
    quote_version = models.ForeignKey(
        QuoteVersion, on_delete=models.CASCADE, related_name="approvals"
    )
    step = models.CharField(_("step"), max_length=10, choices=ApprovalStep.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=ApprovalStatus.choices, default=ApprovalStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # A delegate decided for this manager, who was away (`ApprovalDelegation`).
    on_behalf_of = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    comment = models.TextField(_("comment"), max_length=4000, blank=True)
    # What was asked, as the rules judged it then (the queue and the history show it without
    # judging every version again): the discount on the total and the margin in percent, and
    # the uncovered breaches (rule, actual, limit, step, line, product group).
    discount_percent = models.DecimalField(
        _("discount (%)"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    margin_percent = models.DecimalField(
        _("margin (%)"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    breaches = models.JSONField(_("rules broken"), default=list, blank=True)
    created_at = models.DateTimeField(_("asked"), auto_now_add=True)

    class Meta:
        verbose_name = _("quote approval")
        verbose_name_plural = _("quote approvals")
        ordering = ["created_at", "pk"]
        indexes = [
            # The approvals queue: the pending steps, oldest first.
            models.Index(
                fields=["created_at"],
                name="quote_appr_pending_idx",
                condition=Q(status="pending"),
            ),
            models.Index(fields=["quote_version", "created_at"], name="quote_appr_version_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(step__in=[s.value for s in ApprovalStep]),
                name="quote_approval_step_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in ApprovalStatus]),
                name="quote_approval_status_valid",
            ),
            # One open step per version at a time: the steps go in sequence.
            models.UniqueConstraint(
                fields=["quote_version"],
                condition=Q(status="pending"),
                name="quote_approval_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_version_id}: {self.step} {self.status}"


__all__ = ["ApprovalStatus", "ApprovalStep", "QuoteApproval"]
