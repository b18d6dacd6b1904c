"""What the validity watch and the re-review keep (docs/decisions.md, decisions 111 and 112): the
reminders sent before a quote's validity ends, the follow-up planned after it expired, and a
snapshot of what inside sales reviewed, so that a second review shows only what changed since.

Each row is the key that keeps the daily job from doing its work twice: a reminder is sent once
per version and validity date, a follow-up is planned once per version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.relations.models import Activity
from koers.sales.models.quotes import QuoteVersion


class QuoteExpiryReminder(models.Model):
    """The owner was reminded that `quote_version` is valid until `valid_until`. An extension
    to a later date is a new validity, and gets its own reminder."""

    quote_version = models.ForeignKey(
        QuoteVersion, on_delete=models.CASCADE, related_name="expiry_reminders"
    )
    valid_until = models.DateField(_("valid until"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder before a quote expires")
        verbose_name_plural = _("reminders before quotes expire")
        constraints = [
            models.UniqueConstraint(
                fields=["quote_version", "valid_until"], name="quote_expiry_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_version_id}: {self.valid_until}"


class QuoteFollowUp(models.Model):
    """The follow-up call planned for the owner after `quote_version` expired (or the planned
    activity of the deal that already was one)."""

    quote_version = models.OneToOneField(
        QuoteVersion, on_delete=models.CASCADE, related_name="follow_up", primary_key=True
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("follow-up of an expired quote")
        verbose_name_plural = _("follow-ups of expired quotes")

    def __str__(self) -> str:
        return f"{self.quote_version_id} → {self.activity_id}"


class QuoteReviewSnapshot(models.Model):
    """The version as inside sales reviewed it (lines, totals, terms), taken when the review
    approved or returned it."""

    quote_version = models.ForeignKey(
        QuoteVersion, on_delete=models.CASCADE, related_name="review_snapshots"
    )
    taken_at = models.DateTimeField(_("reviewed"))
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("reviewed quote")
        verbose_name_plural = _("reviewed quotes")
        ordering = ["taken_at", "pk"]
        indexes = [
            models.Index(fields=["quote_version", "taken_at"], name="quote_review_snapshot_idx")
        ]

    def __str__(self) -> str:
        return f"{self.quote_version_id} @ {self.taken_at:%Y-%m-%d %H:%M}"


__all__ = ["QuoteExpiryReminder", "QuoteFollowUp", "QuoteReviewSnapshot"]
