"""Contact norms (per tier, per buying role, per account), the kinds that count as contact, the
kept contact status per account, and the daily digests sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, BuyingRole, Tier
from koers.relations.models.activities import ActivityKind


class ContactNorm(models.Model):
    """The most days between two contacts that count, for the accounts of one tier."""

    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices, unique=True)
    days = models.PositiveIntegerField(_("days between contacts"))

    class Meta:
        verbose_name = _("contact norm")
        verbose_name_plural = _("contact norms")
        ordering = ["tier"]

    def __str__(self) -> str:
        return f"{self.tier}: {self.days}"


class RoleNorm(models.Model):
    """The most days without contact with a DMU member of a buying role (deciders, buyers)."""

    buying_role = models.CharField(
        _("buying role"), max_length=12, choices=BuyingRole.choices, unique=True
    )
    days = models.PositiveIntegerField(_("days between contacts"))

    class Meta:
        verbose_name = _("contact norm per buying role")
        verbose_name_plural = _("contact norms per buying role")
        ordering = ["buying_role"]

    def __str__(self) -> str:
        return f"{self.buying_role}: {self.days}"


class AccountNorm(models.Model):
    """An account's own norm, instead of its tier's."""

    account = models.OneToOneField(Account, on_delete=models.CASCADE, related_name="norm")
    days = models.PositiveIntegerField(_("days between contacts"))

    class Meta:
        verbose_name = _("account's own contact norm")
        verbose_name_plural = _("accounts' own contact norms")

    def __str__(self) -> str:
        return f"{self.account_id}: {self.days}"


class CountingKind(models.Model):
    """An activity kind whose done activities reset the norm's clock (visits, calls; not
    notes). A row per counting kind, so an administrator changes it without a deployment."""

    kind = models.CharField(_("kind"), max_length=16, choices=ActivityKind.choices, unique=True)

    class Meta:
        verbose_name = _("kind that counts as contact")
        verbose_name_plural = _("kinds that count as contact")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.kind


class ContactState(models.Model):
    """Where an account stands against its contact norm, kept current by the services that
    change its activities (and rebuilt by `manage.py contact_states`), so that the lists of
    overdue accounts read one row per account instead of its whole history."""

    account = models.OneToOneField(
        Account, on_delete=models.CASCADE, related_name="contact_state", primary_key=True
    )
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    next_planned_at = models.DateTimeField(_("next planned contact"), null=True, blank=True)
    norm_days = models.PositiveIntegerField(_("days between contacts"))
    # The day the norm runs out: the last contact (or the account's creation) plus the norm.
    due_on = models.DateField(_("contact due"))

    class Meta:
        verbose_name = _("contact status")
        verbose_name_plural = _("contact statuses")
        # Covering the lists of overdue accounts: the states past a date with their account
        # and norm, read from the index alone (docs/performance.md, part 3).
        indexes = [
            models.Index(fields=["due_on", "account", "norm_days"], name="contactstate_due_idx")
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.due_on}"


class DigestSent(models.Model):
    """One account manager's daily digest of one day: written with the mail, so a second run of
    the day's job sends nothing (and a day with nothing to say is marked too)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    sent = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="digest_once_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"
