"""Account plans (accountplan, jaarplan; seeds/001 1.5, 002, 003): per account per year, started
from a template per plan type, with our goals as records and actions under each goal, the
account team taking part, the expected revenue and our investment, agreements and risks.

A plan moves through one transition table (`planning/plans/lifecycle.py`); every submitted
version is kept as a snapshot (`PlanVersion`), and comments, returns and the manager's proposed
changes are `PlanComment` rows (docs/decisions.md, 117).
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.planning.models.analysis import AccountAnalysis
from koers.relations.models import Activity
from koers.sales.models import ProductGroup

USER = settings.AUTH_USER_MODEL


class PlanType(models.TextChoices):
    ACQUIRE = "acquire", _("Acquire")
    GROW = "grow", _("Grow")
    RETAIN = "retain", _("Retain")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class GoalMetric(models.TextChoices):
    REVENUE = "revenue", _("Revenue")
    MARGIN = "margin", _("Margin")
    SHARE_OF_WALLET = "share_of_wallet", _("Share of wallet (%)")
    VISITS = "visits", _("Number of visits")
    RELATIONSHIP = "relationship", _("Relationship with a DMU contact")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    RETURN = "return", _("Returned")
    PROPOSAL = "proposal", _("Proposed change")
    REVISION = "revision", _("Revision")


class ProposalState(models.TextChoices):
    NONE = "", _("—")
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


# The parts of a plan written as text, on which a manager may propose a change.
TEXT_PARTS = (
    ("situation", _("Situation")),
    ("customer_goals", _("The customer's goals we support")),
    ("dmu_strategy", _("Strategy for the DMU")),
    ("agreements", _("Agreements with the account")),
    ("risks", _("Risks")),
)
TEXT_PART_NAMES = tuple(name for name, _label in TEXT_PARTS)


def _money(label: object, **kwargs: object) -> models.DecimalField:
    return models.DecimalField(
        label,  # type: ignore[arg-type]
        max_digits=15,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
        **kwargs,  # type: ignore[arg-type]
    )


class PlanTemplate(models.Model):
    """The start of a new plan of one type: its default goals, each with its actions, written
    one a line ("metric: goal", an action under it starting with "- "). Kept by managers and
    administrators."""

    plan_type = models.CharField(
        _("plan type"), max_length=10, choices=PlanType.choices, unique=True
    )
    goals = models.TextField(
        _("default goals and actions"),
        blank=True,
        help_text=_(
            "One goal a line as “metric: goal” (revenue, margin, share_of_wallet, visits, "
            "relationship); its actions under it, each starting with “- ”."
        ),
    )
    dmu_strategy = models.TextField(_("default strategy for the DMU"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("plan template")
        verbose_name_plural = _("plan templates")
        ordering = ["plan_type"]

    def __str__(self) -> str:
        return str(self.get_plan_type_display())


class PlanningSettings(models.Model):
    """Company settings of planning: one row (pk 1), set by an administrator."""

    level_a_gives_input = models.BooleanField(
        _("account managers of level A give input rather than owning plans"), default=False
    )
    # A goal is behind when it is more than this share below its pro-rata part (decision 127).
    deviation_margin = models.PositiveSmallIntegerField(
        _("margin before a goal counts as behind (%)"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("A goal is behind when its actual is more than this below its pro-rata part."),
    )

    class Meta:
        verbose_name = _("planning settings")
        verbose_name_plural = _("planning settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="planning_settings_single_row")
        ]

    def __str__(self) -> str:
        return "planning settings"


class AccountPlan(models.Model):
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    plan_type = models.CharField(_("plan type"), max_length=10, choices=PlanType.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    owner = models.ForeignKey(
        USER, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="account_plans"
    )
    analysis = models.ForeignKey(
        AccountAnalysis,
        verbose_name=_("analysis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plans",
    )
    situation = models.TextField(_("situation"), blank=True)
    customer_goals = models.TextField(
        _("the customer's goals we support"), blank=True, help_text=_("One a line.")
    )
    dmu_strategy = models.TextField(_("strategy for the DMU"), blank=True)
    expected_revenue = _money(_("expected revenue"), null=True, blank=True)
    investment_hours = models.DecimalField(
        _("investment in hours"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    investment_money = _money(_("investment in money"), null=True, blank=True)
    agreements = models.TextField(_("agreements with the account"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    # Discussed with the account.
    discussed_on = models.DateField(_("discussed with the account on"), null=True, blank=True)
    discussed_with = models.ManyToManyField(
        Contact, verbose_name=_("discussed with"), blank=True, related_name="+"
    )
    customer_agrees = models.BooleanField(_("the customer agrees"), default=False)
    customer_response = models.TextField(_("the customer's response"), blank=True)
    # The workflow's counts (indicators of seeds/003 and 002).
    drafts = models.PositiveIntegerField(_("drafts submitted before approval"), default=0)
    revisions = models.PositiveIntegerField(_("revisions"), default=0)
    revision_reason = models.TextField(_("reason for the revision"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The next review (quarterly from approval by default; decision 127).
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("account plan")
        verbose_name_plural = _("account plans")
        ordering = ["-year", "account__name"]
        constraints = [
            models.UniqueConstraint(fields=["account", "year"], name="account_plan_one_a_year"),
            models.CheckConstraint(
                condition=models.Q(status__in=PlanStatus.values), name="account_plan_status_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(plan_type__in=PlanType.values), name="account_plan_type_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "year", "status"], name="account_plan_owner_year"),
            models.Index(fields=["owner", "next_review_on"], name="account_plan_owner_review"),
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.year}"

    @property
    def editable(self) -> bool:
        return self.status in (PlanStatus.DRAFT, PlanStatus.RETURNED)


class PlanGoal(models.Model):
    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    metric = models.CharField(_("metric"), max_length=16, choices=GoalMetric.choices)
    owner = models.ForeignKey(
        USER, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    # A chain's plan: the goal of one branch (None: of the whole account).
    branch = models.ForeignKey(
        Account,
        verbose_name=_("branch"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    product_group = models.ForeignKey(
        ProductGroup,
        verbose_name=_("product group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("DMU contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    target = models.DecimalField(
        _("target"), max_digits=15, decimal_places=2, null=True, blank=True
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(metric__in=GoalMetric.values), name="plan_goal_metric_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanAction(models.Model):
    goal = models.ForeignKey(PlanGoal, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("action"), max_length=200)
    owner = models.ForeignKey(
        USER, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    # The planned activity the action became (one click); its completion marks the action done.
    activity = models.OneToOneField(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plan_action",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ActionStatus.values), name="plan_action_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def shown_status(self) -> str:
        """Done when its activity is done, whatever was recorded on the action."""
        if self.activity is not None and self.activity.status == "done":
            return ActionStatus.DONE
        return self.status

    @property
    def is_done(self) -> bool:
        return self.shown_status == ActionStatus.DONE


class PlanTeamMember(models.Model):
    """A colleague of the account team taking part in the plan, with their role in it."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        USER, verbose_name=_("colleague"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role in the plan"), max_length=100)

    class Meta:
        verbose_name = _("plan team member")
        verbose_name_plural = _("plan team members")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "user"], name="plan_team_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.role}"


class PlanComment(models.Model):
    """A comment on a plan (input of a colleague, the manager's reasons for returning it, a
    revision's reason), or the manager's proposed change of one text part."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    kind = models.CharField(
        _("kind"), max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT
    )
    text = models.TextField(_("comment"), blank=True)
    part = models.CharField(_("part"), max_length=20, choices=TEXT_PARTS, blank=True)
    proposed_text = models.TextField(_("proposed text"), blank=True)
    proposal_state = models.CharField(
        _("proposal"), max_length=10, choices=ProposalState.choices, blank=True
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("plan comment")
        verbose_name_plural = _("plan comments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:50]


class PlanVersion(models.Model):
    """A submitted version of a plan, kept as it was: its parts, goals, actions and team."""

    plan = models.ForeignKey(AccountPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, related_name="+")
    content = models.JSONField(_("content"), default=dict)

    class Meta:
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_once"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"
