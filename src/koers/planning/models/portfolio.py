"""The account health score kept per month, and the monthly job that computes it
(docs/decisions.md, 120). The score itself is computed by `planning/portfolio/health.py`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.core.jobs import HeartbeatJob

HEALTH_MAX = 100


class HealthScore(models.Model):
    """An account's health score in one month (`month` is its first day), with the points of
    each component ({key: points or null when not available})."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField(_("month"))
    score = models.PositiveSmallIntegerField(_("health score"), null=True, blank=True)
    components = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(_("computed"), auto_now=True)

    class Meta:
        verbose_name = _("health score")
        verbose_name_plural = _("health scores")
        ordering = ["account", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["account", "month"], name="health_account_month"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=HEALTH_MAX),
                name="health_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.month:%Y-%m} {self.score}"


class HealthRunStatus(models.TextChoices):
    RUNNING = "running", _("Computing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class HealthRun(HeartbeatJob):
    """The monthly computation of every account's health score: one row per month, so a month
    is computed once; a failed one is started again (`planning/portfolio/jobs.py`)."""

    month = models.DateField(_("month"), unique=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=HealthRunStatus.choices,
        default=HealthRunStatus.RUNNING,
    )
    accounts_done = models.PositiveIntegerField(_("accounts computed"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("health score run")
        verbose_name_plural = _("health score runs")
        ordering = ["-month"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["running", "done", "failed"]),
                name="health_run_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.status}"
