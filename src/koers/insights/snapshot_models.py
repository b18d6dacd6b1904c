"""The weekly pipeline snapshot (docs/decisions.md, 142): what every open opportunity looked
like at the start of each ISO week, kept for good, so that what moved between any two dates
can be shown (new, advanced, slipped, won, lost).

A snapshot is stored as intervals, not as one row per deal per week: a `PipelineState` is one
state of one deal (stage, value, weighted value, close date, owner, account) and the first and
last week it was seen in. A deal open for forty weeks that changed twice is three rows, not
forty: at size L of the bench a year is about 150,000 rows instead of 2.6 million. The deals
of week W are the states with `first_week <= W <= last_week`, for a week that has a
`PipelineSnapshot` (the weekly job's receipt, one per week, which makes it run once).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.sales.models import Opportunity, Stage


class PipelineSnapshot(models.Model):
    """One taken week (its Monday, set by `snapshots.snapshot_take`), with its count of open
    deals; unique, so a week is taken once."""

    week = models.DateField(_("week"), unique=True)
    taken_at = models.DateTimeField(_("taken"))
    opportunities = models.PositiveIntegerField(_("open opportunities"), default=0)

    class Meta:
        verbose_name = _("pipeline snapshot")
        verbose_name_plural = _("pipeline snapshots")
        ordering = ["-week"]

    def __str__(self) -> str:
        return self.week.isoformat()


class PipelineState(models.Model):
    """One state of one open opportunity, seen in every snapshot from `first_week` through
    `last_week`. Deleting the opportunity (or its account, as privacy asks) deletes its
    history too."""

    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, related_name="pipeline_states"
    )
    # Copied from the opportunity: the scope is the account's, and the owner is whose
    # pipeline it was that week.
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices)
    amount = models.DecimalField(_("estimated value"), max_digits=14, decimal_places=2)
    # Value x probability as it was that week (a later change of a stage's default does not
    # rewrite the past).
    weighted = models.DecimalField(_("weighted value"), max_digits=16, decimal_places=2)
    close_on = models.DateField(_("expected close date"))
    first_week = models.DateField(_("first week"))
    last_week = models.DateField(_("last week"))

    class Meta:
        verbose_name = _("pipeline state")
        verbose_name_plural = _("pipeline states")
        ordering = ["first_week", "pk"]
        indexes = [
            # The deals of one week: every state still running then.
            models.Index(fields=["last_week", "first_week"], name="pipe_state_week_idx"),
            models.Index(fields=["owner", "last_week"], name="pipe_state_owner_idx"),
            models.Index(fields=["opportunity", "last_week"], name="pipe_state_opp_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_week__gte=F("first_week")), name="pipe_state_weeks_order"
            ),
            models.UniqueConstraint(
                fields=["opportunity", "first_week"], name="pipe_state_once_per_week"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id} {self.first_week}..{self.last_week}"
