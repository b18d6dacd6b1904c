"""The gifts and hospitality register: what was given to or received from a contact, worth how
much, on which occasion; above the administrator's limit, a given gift waits for the manager's
approval, and a received one is flagged to the manager (seeds/001, 3.4: "within the ethical
rules of the organisation")."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Contact
from koers.core.writes import history_user

DEFAULT_LIMIT = Decimal("50.00")


class GiftDirection(models.TextChoices):
    GIVEN = "given", _("Given by us")
    RECEIVED = "received", _("Received by us")


class GiftKind(models.TextChoices):
    GIFT = "gift", _("Gift")
    INVITATION = "invitation", _("Invitation")
    HOSPITALITY = "hospitality", _("Hospitality")


class GiftStatus(models.TextChoices):
    PLANNED = "planned", _("To give")
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    GIVEN = "given", _("Given")
    RECEIVED = "received", _("Received")


class Gift(models.Model):
    """A gift, invitation or hospitality between us and a contact of an account."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="gifts"
    )
    # The register outlives a deleted contact (an erased one stays, anonymised).
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="gifts",
    )
    direction = models.CharField(_("direction"), max_length=8, choices=GiftDirection.choices)
    kind = models.CharField(_("kind"), max_length=12, choices=GiftKind.choices)
    description = models.CharField(_("what"), max_length=200)
    value = models.DecimalField(
        _("estimated value"),
        max_digits=9,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    date = models.DateField(_("date"))
    occasion = models.CharField(_("occasion"), max_length=200, blank=True)
    interest = models.CharField(
        _("personal interest"),
        max_length=200,
        blank=True,
        help_text=_("Which of the contact's personal interests it plays on, if any."),
    )
    # Who gave or received it on our side: the one whose manager decides.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("colleague"),
        on_delete=models.PROTECT,
        related_name="gifts",
    )
    status = models.CharField(_("status"), max_length=10, choices=GiftStatus.choices)
    # The limit that held when the value was last set, and whether the value was above it.
    limit = models.DecimalField(_("limit"), max_digits=9, decimal_places=2)
    above_limit = models.BooleanField(_("above the limit"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decision_comment = models.CharField(_("comment"), max_length=500, blank=True)
    # A received gift above the limit, seen by the manager.
    noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("noted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    noted_at = models.DateTimeField(_("noted on"), null=True, blank=True)
    # The e-mails, each sent once (the task marks them under a row lock).
    decision_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    flag_mailed_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(
        excluded_fields=["updated_at", "decision_mailed_at", "flag_mailed_at"],
        get_user=history_user,
    )

    class Meta:
        verbose_name = _("gift or hospitality")
        verbose_name_plural = _("gifts and hospitality")
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["account", "date"], name="gift_account_date_idx"),
            models.Index(fields=["contact", "date"], name="gift_contact_date_idx"),
            models.Index(fields=["person", "date"], name="gift_person_date_idx"),
            models.Index(fields=["status", "person"], name="gift_status_person_idx"),
            models.Index(fields=["date", "id"], name="gift_date_idx"),
            # The received gifts above the limit still to be noted, per colleague: the
            # manager's list of flags (decision 133).
            models.Index(
                fields=["person", "direction", "above_limit", "noted_at"], name="gift_flag_idx"
            ),
            # The year's overview reads the year's gifts from the index alone.
            models.Index(
                fields=["date", "account", "person", "direction", "status", "value"],
                name="gift_year_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in GiftStatus]),
                name="gift_status_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(direction__in=[d.value for d in GiftDirection]),
                name="gift_direction_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in GiftKind]), name="gift_kind_valid"
            ),
            models.CheckConstraint(condition=models.Q(value__gte=0), name="gift_value_positive"),
            # A received gift is only ever "received"; a given one never is.
            models.CheckConstraint(
                condition=models.Q(direction="received", status="received")
                | (models.Q(direction="given") & ~models.Q(status="received")),
                name="gift_status_fits_direction",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def awaiting_decision(self) -> bool:
        return self.status == GiftStatus.REQUESTED

    @property
    def flagged(self) -> bool:
        """Received above the limit: the manager is told."""
        return self.direction == GiftDirection.RECEIVED and self.above_limit


class GiftSettings(models.Model):
    """The administrator's settings of the register: one row (pk 1)."""

    limit = models.DecimalField(
        _("limit in euros"),
        max_digits=9,
        decimal_places=2,
        default=DEFAULT_LIMIT,
        validators=[MinValueValidator(Decimal("0"))],
        help_text=_(
            "A gift, invitation or hospitality we give above this value needs the manager's "
            "approval first; one received above it is flagged to the manager."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("gift settings")
        verbose_name_plural = _("gift settings")

    def __str__(self) -> str:
        return str(self.limit)


def current_limit() -> Decimal:
    """The limit in force: the administrator's, or € 50 until they set one."""
    stored = GiftSettings.objects.filter(pk=1).values_list("limit", flat=True).first()
    return DEFAULT_LIMIT if stored is None else stored
