"""The cause of a target's deviation and the corrective action (issue 15, plan against actual):
one per target (a target is one measure, level and period), recorded by its owner, from a
fixed list of causes so that the causes can be counted (docs/decisions.md, 126)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.core.writes import history_user
from koers.planning.models.targets import Target


class DeviationCause(models.TextChoices):
    MARKET = "market", _("Market")
    COMPETITOR = "competitor", _("Competitor")
    PRICE = "price", _("Price")
    AVAILABILITY = "availability", _("Product availability")
    CUSTOMER_LOST = "customer_lost", _("Customer lost")
    CAPACITY = "capacity", _("Own capacity")
    OTHER = "other", _("Other")


class TargetDeviation(models.Model):
    for_target = models.OneToOneField(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="deviation"
    )
    cause = models.CharField(_("cause"), max_length=16, choices=DeviationCause.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    action = models.TextField(_("corrective action"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["for_target"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cause__in=[c.value for c in DeviationCause]),
                name="target_deviation_cause_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.for_target} {self.cause}"
