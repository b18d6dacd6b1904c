from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.core.writes import history_user


class Role(models.TextChoices):
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    MANAGER = "manager", _("Manager")
    INSIDE_SALES = "inside_sales", _("Inside sales")
    MARKETING = "marketing", _("Marketing")
    # Approves, after the manager, quotes far beyond an account manager's mandate (issue 13).
    SALES_DIRECTOR = "sales_director", _("Sales director")
    ADMIN = "admin", _("Administrator")


class Level(models.TextChoices):
    """The account manager's classification in seeds/000: it sets the discount mandate."""

    A = "A", _("A: transactional")
    B = "B", _("B: advisory")
    C = "C", _("C: consultative key-account")


class KoersUserManager(UserManager["User"]):
    # `createsuperuser` makes the first administrator of an installation: an administrator in
    # Koers's own terms too, so the administration pages treat them as one.
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> User:
        extra.setdefault("role", Role.ADMIN)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser):
    objects: ClassVar[KoersUserManager] = KoersUserManager()

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.ACCOUNT_MANAGER
    )
    level = models.CharField(_("level"), max_length=1, choices=Level.choices, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=settings.LANGUAGES, default="nl"
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]), name="user_role_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(level__in=["", "A", "B", "C"]), name="user_level_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def requires_two_factor(self) -> bool:
        return self.is_admin or self.is_staff


class Team(models.Model):
    """A sales team: a manager and the account managers and inside sales who report to them."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    manager = models.ForeignKey(
        User,
        verbose_name=_("manager"),
        on_delete=models.PROTECT,
        related_name="managed_teams",
        null=True,
        blank=True,
    )
    members = models.ManyToManyField(
        User, verbose_name=_("members"), related_name="teams", blank=True
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ScheduledRun(models.Model):
    """The last day a daily job was started (core/schedule.py): claimed under a row lock, so
    that two schedulers never start it twice on one day."""

    name = models.CharField(max_length=100, unique=True)
    last_day = models.DateField(null=True, blank=True)
    last_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self) -> str:
        return f"{self.name}: {self.last_day}"


class CompanySettings(models.Model):
    """Our own company as letters, PDFs and e-mails present it: one row (pk 1), set by an
    administrator on /settings/company/ and read through `koers.core.company.company()`."""

    name = models.CharField(_("company name"), max_length=200, blank=True)
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=16, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="NL")
    kvk_number = models.CharField(_("KvK number"), max_length=8, blank=True)
    # The name and seat in the articles of association: business correspondence must show them
    # where they differ from the trade name above (Burgerlijk Wetboek 2:75 / 2:186).
    statutory_name = models.CharField(
        _("statutory name"),
        max_length=200,
        blank=True,
        help_text=_("As in the articles of association; printed where it differs from the name."),
    )
    statutory_seat = models.CharField(
        _("statutory seat"),
        max_length=100,
        blank=True,
        help_text=_("The municipality in the articles of association."),
    )
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(
        _("e-mail"),
        blank=True,
        help_text=_("Mails to customers are sent from this address; replies go to the sender."),
    )
    website = models.URLField(_("website"), blank=True)
    # A name in the default storage: a PNG written again from the pixels of the upload.
    logo = models.CharField(_("logo"), max_length=200, blank=True, editable=False)
    footer = models.TextField(
        _("footer lines"),
        blank=True,
        help_text=_("Printed at the foot of every letter and under every e-mail; one per line."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("company settings")
        verbose_name_plural = _("company settings")
        constraints = [
            models.CheckConstraint(condition=models.Q(pk=1), name="company_settings_single_row"),
        ]

    def __str__(self) -> str:
        return self.name or "Koers"


class GeneralTerms(models.Model):
    """One version of our general terms (algemene voorwaarden) as a PDF, uploaded by an
    administrator. The current one is the latest whose valid-from date has come; old versions
    stay, since a sent quote points at the version it handed over (decision 109)."""

    label = models.CharField(_("version"), max_length=100)
    valid_from = models.DateField(_("valid from"))
    # A name in the default storage (`terms/<uuid>.pdf`).
    file = models.CharField(_("file"), max_length=200, editable=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"), editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("general terms")
        verbose_name_plural = _("general terms")
        ordering = ["-valid_from", "-pk"]
        indexes = [models.Index(fields=["valid_from"], name="general_terms_valid_from")]
        constraints = [
            models.UniqueConstraint(Lower("label"), name="general_terms_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label
