"""Recurring visit schedules and the follow-up chains that completing an activity starts."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Contact
from koers.core.writes import history_user
from koers.relations.models.activities import ActivityKind

MAX_EVERY_WEEKS = 52
MAX_TIMES = 520


class VisitSchedule(models.Model):
    """Every N weeks from a date, until a date, for N times or open-ended. Its planned
    activities are made a few weeks ahead by the daily job (`relations/recurrence.py`)."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="schedules"
    )
    kind = models.CharField(
        _("kind"), max_length=16, choices=ActivityKind.choices, default=ActivityKind.VISIT
    )
    subject = models.CharField(_("subject"), max_length=200)
    every_weeks = models.PositiveSmallIntegerField(_("every (weeks)"))
    starts_on = models.DateField(_("first date"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    times = models.PositiveSmallIntegerField(_("number of times"), null=True, blank=True)
    start_time = models.TimeField(_("time"), default=time(9, 0))
    duration = models.PositiveIntegerField(_("duration (minutes)"), default=60)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="visit_schedules",
    )
    contacts = models.ManyToManyField(
        Contact, verbose_name=_("contacts"), blank=True, related_name="visit_schedules"
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    # The last nominal date for which occurrences exist: the daily job skips a schedule that is
    # already filled as far as its horizon reaches.
    filled_until = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "filled_until"], get_user=history_user
    )

    class Meta:
        verbose_name = _("recurring visit schedule")
        verbose_name_plural = _("recurring visit schedules")
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["ended_on", "filled_until"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(every_weeks__gte=1, every_weeks__lte=MAX_EVERY_WEEKS),
                name="schedule_every_weeks_range",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(times__isnull=True),
                name="schedule_until_or_times",
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class FollowUpRule(models.Model):
    """One link of a completion chain: completing an activity of `kind` plans `next_kind`
    `working_days` later. Set by an administrator (Administration → Follow-ups)."""

    kind = models.CharField(_("when done"), max_length=16, choices=ActivityKind.choices)
    next_kind = models.CharField(_("plan"), max_length=16, choices=ActivityKind.choices)
    working_days = models.PositiveSmallIntegerField(_("working days later"))
    subject = models.CharField(
        _("subject"),
        max_length=200,
        help_text=_("{subject} is the completed activity's subject, {account} the account."),
    )

    class Meta:
        verbose_name = _("follow-up rule")
        verbose_name_plural = _("follow-up rules")
        ordering = ["kind", "next_kind"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "next_kind"], name="follow_up_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.next_kind}"
