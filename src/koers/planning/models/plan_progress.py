"""What monitoring an account plan records (issue 14, seeds/001 1.6): the cause of a goal's
deviation and the corrective action, the plan's reviews with their checklist and outcome, and
the deadline by which a team's plans of a year are to be submitted (docs/decisions.md, 127).

The progress itself (plan against actual) is not stored: it is read from the orders and
activities whenever it is shown (`planning/plans/progress.py`), so it is always current.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import Team
from koers.planning.models.deviations import DeviationCause
from koers.planning.models.plans import AccountPlan, PlanGoal

USER = settings.AUTH_USER_MODEL


class PlanDeviation(models.Model):
    """The owner's explanation of a goal behind its pro-rata part as of a day: the cause from
    a list, a comment and the corrective action. The latest one of a goal is shown with it."""

    goal = models.ForeignKey(
        PlanGoal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="deviations"
    )
    as_of = models.DateField(_("as of"))
    cause = models.CharField(_("cause"), max_length=16, choices=DeviationCause.choices)
    comment = models.TextField(_("comment"), blank=True)
    corrective_action = models.TextField(_("corrective action"))
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("deviation")
        verbose_name_plural = _("deviations")
        ordering = ["-as_of", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cause__in=DeviationCause.values),
                name="plan_deviation_cause_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_cause_display()}"


class PlanReview(models.Model):
    """A review of a plan held: the checklist, the outcome and the next review's date."""

    plan = models.ForeignKey(
        AccountPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="reviews"
    )
    held_on = models.DateField(_("held on"))
    held_by = models.ForeignKey(
        USER, verbose_name=_("held by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    goals_still_right = models.BooleanField(_("the goals are still right"), default=False)
    actions_on_track = models.BooleanField(_("the actions are on track"), default=False)
    deviations_explained = models.BooleanField(_("the deviations are explained"), default=False)
    customer_spoken = models.BooleanField(_("the customer was spoken to"), default=False)
    outcome = models.TextField(_("outcome"))
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan review")
        verbose_name_plural = _("plan reviews")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.plan} {self.held_on}"


class PlanDeadline(models.Model):
    """The day by which the plans of a team's accounts for a year are to be submitted."""

    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="plan_deadlines"
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2000), MaxValueValidator(2199)]
    )
    submit_by = models.DateField(_("submit by"))

    class Meta:
        verbose_name = _("plan deadline")
        verbose_name_plural = _("plan deadlines")
        constraints = [
            models.UniqueConstraint(fields=["team", "year"], name="plan_deadline_once_a_year"),
        ]

    def __str__(self) -> str:
        return f"{self.team} {self.year}: {self.submit_by}"
