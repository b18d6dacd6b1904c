"""After-sales of an order (the call, the closing, the ideas) and satisfaction surveys.

Every row belongs to an order and so to its account; access follows the account
(`aftersales/queries.py`). A survey's link is a random token of which only the SHA-256 is kept:
the link in the customer's mail is the only copy, and it works once, until it expires.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.relations.models import Activity
from koers.sales.models import Opportunity, Order

SCORE_MAX = 10
ASPECT_MAX = 5
# NPS: 9-10 promote, 0-6 detract; a detractor's answer is followed up (decision 113).
LOW_SCORE = 6


class AfterSalesSettings(models.Model):
    """The administrator's settings of after-sales: one row (pk 1)."""

    call_after_days = models.PositiveSmallIntegerField(
        _("after-sales call after (days)"),
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(90)],
        help_text=_("The after-sales call is planned this many days after the delivery."),
    )
    link_days = models.PositiveSmallIntegerField(
        _("survey link valid for (days)"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("A survey link stops working this many days after it was sent."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("after-sales settings")
        verbose_name_plural = _("after-sales settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="aftersales_settings_one_row"),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class SurveyQuestion(models.Model):
    """An extra open question an administrator adds to every survey, in Dutch and English.
    A question that was asked is retired (not in use), never deleted: answers quote its text."""

    text_nl = models.CharField(_("question (Dutch)"), max_length=200)
    text_en = models.CharField(_("question (English)"), max_length=200)
    active = models.BooleanField(_("in use"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.text_en or self.text_nl

    def text_in(self, language: str) -> str:
        return (self.text_en if language == "en" else self.text_nl) or self.text_nl


class AfterSales(models.Model):
    """The after-sales of one order: the call planned on delivery (once) and the closing."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="after_sales")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(
        Activity,
        verbose_name=_("after-sales call"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(_("how it went"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("after-sales")
        verbose_name_plural = _("after-sales")

    def __str__(self) -> str:
        return str(self.order)


class IdeaKind(models.TextChoices):
    UPSELL = "upsell", _("Upsell")
    CROSS_SELL = "cross_sell", _("Cross-sell")


class Idea(models.Model):
    """An upsell or cross-sell idea noted when the after-sales is closed; one click makes it
    an opportunity (source upsell / cross-sell)."""

    after_sales = models.ForeignKey(AfterSales, on_delete=models.CASCADE, related_name="ideas")
    kind = models.CharField(_("kind"), max_length=10, choices=IdeaKind.choices)
    text = models.CharField(_("idea"), max_length=200)
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in IdeaKind]), name="idea_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.text


class Survey(models.Model):
    """A satisfaction survey sent to a contact about an order, and the answer when it came."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="surveys")
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="surveys"
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="surveys",
    )
    language = models.CharField(max_length=2, default="nl")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"))
    expires_at = models.DateTimeField(_("link valid until"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score"), null=True, blank=True, validators=[MaxValueValidator(SCORE_MAX)]
    )
    sales_score = models.PositiveSmallIntegerField(
        _("the sales process"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(ASPECT_MAX)],
    )
    delivery_score = models.PositiveSmallIntegerField(
        _("the delivery"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(ASPECT_MAX)],
    )
    product_score = models.PositiveSmallIntegerField(
        _("the product"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(ASPECT_MAX)],
    )
    went_wrong = models.BooleanField(_("something went wrong"), default=False)
    comment = models.TextField(_("comment"), max_length=2000, blank=True)
    # [{"question": the text as asked, "answer": "..."}]: the question's text at the time.
    answers = models.JSONField(default=list, blank=True)
    follow_up = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        "complaints.Complaint",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        ordering = ["-sent_at", "-pk"]
        indexes = [
            models.Index(fields=["answered_at", "id"], name="survey_answered_idx"),
            models.Index(fields=["account", "sent_at"], name="survey_account_idx"),
            # The figures of the survey list read only the index (decision 133).
            models.Index(
                fields=[
                    "answered_at",
                    "account",
                    "score",
                    "sales_score",
                    "delivery_score",
                    "product_score",
                ],
                name="survey_answered_scores_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=SCORE_MAX), name="survey_score_range"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(score__isnull=False),
                name="survey_answer_has_score",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order} · {self.sent_at:%Y-%m-%d}"

    @property
    def is_answered(self) -> bool:
        return self.answered_at is not None

    @property
    def is_low(self) -> bool:
        return self.score is not None and self.score <= LOW_SCORE
