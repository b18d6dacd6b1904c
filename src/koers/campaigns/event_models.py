"""Events of a campaign (trade fairs, seminars, webinars, customer events): registrations from
the public page, the waiting list, the mails to registrants, check-in at the door and the
stand duty (decision 139). Imported by `models.py`, so Django finds them in this app.

A registration is matched to a contact by its e-mail address when one exists; one that matches
nobody keeps `contact` empty ("unmatched"): a lead for marketing to follow up. `account` is
the contact's account at the time, and scopes the row like everything of an account."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact

EVENT_KINDS = ("trade_fair", "seminar", "webinar", "customer_event")


class Event(models.Model):
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("campaign"),
    )
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    location = models.CharField(_("where"), max_length=300)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(
        _("places"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    questions = models.TextField(
        _("questions at registration"), blank=True, help_text=_("One question per line.")
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder (days before)"), default=2, help_text=_("0: no reminder.")
    )
    # The public page's address: random, so that an event cannot be found by counting.
    slug = models.CharField(max_length=32, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["campaign", "starts_at"], name="event_campaign_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="event_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def question_list(self) -> list[str]:
        return [line.strip() for line in self.questions.splitlines() if line.strip()]


class RegistrationStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class RegistrationSource(models.TextChoices):
    PAGE = "page", _("Registration page")
    INVITATION = "invitation", _("Personal invitation")
    MAILING = "mailing", _("Mailing")
    WALK_IN = "walk_in", _("Walk-in")
    API = "api", _("API")


class Registration(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    account = models.ForeignKey(
        Account, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    company = models.CharField(_("company"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=5, default="nl")
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
    )
    source = models.CharField(
        _("through"), max_length=12, choices=RegistrationSource.choices, default="page"
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    moved_up_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    # Who moved them up by hand, or cancelled for them (decision 147); empty: the waiting list
    # moved up by itself, or the registrant cancelled through their link.
    moved_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved up by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "pk"]
        indexes = [
            models.Index(
                fields=["event", "status", "registered_at"], name="registration_status_idx"
            ),
            models.Index(fields=["account", "event"], name="registration_account_idx"),
            models.Index(fields=["contact", "checked_in_at"], name="registration_contact_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in RegistrationStatus]),
                name="registration_status_valid",
            ),
            # One live registration per address and event: registering again finds the first.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                condition=~models.Q(status="cancelled") & ~models.Q(email=""),
                name="registration_email_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event_id})"

    @property
    def attended(self) -> bool:
        return self.checked_in_at is not None


class RegistrationMailKind(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmation")
    WAITING = "waiting", _("On the waiting list")
    MOVED_UP = "moved_up", _("Moved up from the waiting list")
    REMINDER = "reminder", _("Reminder")
    # Only when staff cancel: who cancels through their own link knows it already.
    CANCELLED = "cancelled", _("Registration cancelled")


class RegistrationMailStatus(models.TextChoices):
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class RegistrationMail(models.Model):
    """One mail of one kind to one registration, claimed (`sending`, committed) before it goes:
    the unique pair makes a retry, or the task running twice, send it once. Only a `failed` one
    (the mail server refused it) is tried again; one left `sending` by a worker that died may
    have gone out, and stays so (as a mailing's copy, decision 136)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="mails")
    kind = models.CharField(max_length=12, choices=RegistrationMailKind.choices)
    status = models.CharField(
        max_length=12, choices=RegistrationMailStatus.choices, default="sending"
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registration", "kind"], name="registrationmail_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} to {self.registration_id}"


class StandSlot(models.Model):
    """Who mans the stand when."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="slots")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="stand_slots",
        verbose_name=_("colleague"),
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("stand duty")
        verbose_name_plural = _("stand duty")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="standslot_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.starts_at:%Y-%m-%d %H:%M}"
