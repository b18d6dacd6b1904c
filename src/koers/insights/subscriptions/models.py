"""A subscription to an insights page, and the copies sent (one per recipient per day)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscribedView(models.TextChoices):
    DASHBOARD = "dashboard", _("My figures")
    TEAM = "team", _("The team's figures")
    TEAM_REPORTS = "team_reports", _("The team's reports")


class Frequency(models.TextChoices):
    DAILY = "daily", _("Every working day")
    WEEKLY = "weekly", _("Every Monday")
    MONTHLY = "monthly", _("On the first of the month")


class Subscription(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="insight_subscriptions",
        verbose_name=_("subscriber"),
    )
    view = models.CharField(_("page"), max_length=16, choices=SubscribedView.choices)
    # The page's filters as a query string (period kind, segment, tier, comparison, team, sort);
    # never a fixed day, so that each copy shows the period of the day it is sent.
    query = models.CharField(_("filters"), max_length=500, blank=True)
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices)
    also_to = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("also to")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(view__in=[v.value for v in SubscribedView]),
                name="insight_subscription_view_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(frequency__in=[f.value for f in Frequency]),
                name="insight_subscription_frequency_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_view_display()} ({self.get_frequency_display()})"


class SubscriptionCopy(models.Model):
    """One recipient's copy of one day: claimed before the mail goes, so that a job run twice
    (or retried after a failure half-way) sends nobody a copy twice."""

    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="copies")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    # False: nothing was sent (the recipient may not read the page, or has no e-mail address).
    sent = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "recipient", "day"], name="insight_copy_once_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subscription_id} → {self.recipient_id} {self.day}"
