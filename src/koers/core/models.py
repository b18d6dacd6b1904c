from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ACCOUNT_MANAGER = "account_manager", _("Account manager")
    MANAGER = "manager", _("Manager")
    INSIDE_SALES = "inside_sales", _("Inside sales")
    MARKETING = "marketing", _("Marketing")
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
