"""The accountability report of an account manager or a team for a month, quarter or year:
drafted by Koers from the indicators, the owner's cause and comment for each material deviation,
the manager's comments; its figures frozen at submission (`snapshot`), live while a draft.

The moves are in one table (`insights/reports/lifecycle.py`); the causes are the planning app's
`DeviationCause`, so a report and plan against actual speak of the same causes.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.core.models import Team
from koers.planning.models.deviations import DeviationCause

USER = settings.AUTH_USER_MODEL
# The default of a material deviation: 10 % of the target, either way.
DEFAULT_THRESHOLD = 10


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    CLOSED = "closed", _("Closed")


class ReportPeriod(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class ReportCommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    RETURN = "return", _("Returned")
    CLOSE = "close", _("Closed")


class ReportSettings(models.Model):
    """Company settings of the accountability reports: one row (pk 1), set by an administrator."""

    threshold = models.PositiveSmallIntegerField(
        _("material deviation (percent of the target)"),
        default=DEFAULT_THRESHOLD,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "A target whose actual differs from it by at least this share, up or down, is a "
            "material deviation: the report asks for its cause."
        ),
    )

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="report_settings_single_row")
        ]

    def __str__(self) -> str:
        return "report settings"


class AccountabilityReport(models.Model):
    # An account manager's own report, or (with `team`) a team's, owned by its manager.
    owner = models.ForeignKey(
        USER, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    period_kind = models.CharField(_("period"), max_length=8, choices=ReportPeriod.choices)
    period_start = models.DateField(_("first day of the period"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    comment = models.TextField(_("the owner's comment"), max_length=4000, blank=True)
    # The figures as submitted (JSON of `content.py`); null until the first submission.
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("accountability report")
        verbose_name_plural = _("accountability reports")
        ordering = ["-period_start", "period_kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in ReportStatus]),
                name="accountability_report_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(period_kind__in=[p.value for p in ReportPeriod]),
                name="accountability_report_period_valid",
            ),
            # One report per person (or team) and period.
            models.UniqueConstraint(
                fields=["owner", "period_kind", "period_start"],
                condition=models.Q(team__isnull=True),
                name="accountability_report_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["team", "period_kind", "period_start"],
                condition=models.Q(team__isnull=False),
                name="accountability_report_one_per_team",
            ),
        ]
        indexes = [models.Index(fields=["period_kind", "period_start"], name="report_period_idx")]

    def __str__(self) -> str:
        return f"{self.team or self.owner} {self.period_kind} {self.period_start}"

    @property
    def frozen(self) -> bool:
        """Submitted or closed: its figures are the snapshot, not the data of today."""
        return self.status in (ReportStatus.SUBMITTED, ReportStatus.CLOSED)

    @property
    def editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


class ReportDeviation(models.Model):
    """The owner's cause and comment for one material deviation of a report (`key`: the
    deviation's key in the report's content, "target-<id>"). `deviation` and `money` are set at
    submission, from the snapshot, so the team's causes can be summed."""

    report = models.ForeignKey(
        AccountabilityReport, on_delete=models.CASCADE, related_name="deviations"
    )
    key = models.CharField(max_length=40)
    cause = models.CharField(_("cause"), max_length=16, choices=DeviationCause.choices)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    deviation = models.DecimalField(max_digits=16, decimal_places=2, null=True, blank=True)
    money = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("cause of a deviation")
        verbose_name_plural = _("causes of deviations")
        ordering = ["report", "key"]
        constraints = [
            models.UniqueConstraint(fields=["report", "key"], name="report_deviation_once"),
            models.CheckConstraint(
                condition=models.Q(cause__in=[c.value for c in DeviationCause]),
                name="report_deviation_cause_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.cause}"


class ReportComment(models.Model):
    """The manager's comment on a report, a return's reason, or a closing remark."""

    report = models.ForeignKey(
        AccountabilityReport, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(
        _("kind"),
        max_length=8,
        choices=ReportCommentKind.choices,
        default=ReportCommentKind.COMMENT,
    )
    text = models.TextField(_("comment"), max_length=4000)
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("report comment")
        verbose_name_plural = _("report comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]
