"""Leads at the fair and responses to a campaign (decision 140).

A `Lead` is a conversation an account manager recorded at a campaign's event: who, the company,
the need and the follow-up, matched to an account and contact of the file (or a new prospect),
with an owner, the follow-up activity and, once turned into one, the opportunity.

A `Response` is a contact's reaction to a campaign: a click on a tracked link or a reply to a
mailing (both on a copy, `send`), a registration for an event, or a lead. One per copy and
kind, or one per campaign, contact and kind when there is no copy; it shows on the contact's
timeline.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.campaigns.models import Campaign, MailingSend


class LeadMatch(models.TextChoices):
    """How the lead was matched to the customer file."""

    CONTACT = "contact", _("Existing contact")
    ACCOUNT = "account", _("Existing account, new contact")
    PROSPECT = "prospect", _("New prospect")


class FollowUpKind(models.TextChoices):
    """The follow-up kinds offered at the fair: the activity kinds that fit a next step."""

    PHONE_CALL = "phone_call", _("Phone call")
    VISIT = "visit", _("Visit")
    EMAIL = "email", _("E-mail")
    VIDEO_CALL = "video_call", _("Video call")


class Lead(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="leads", verbose_name=_("campaign")
    )
    # As typed at the fair; the matched contact and account may spell them otherwise.
    # At most 100: split into the contact's first and last name, each at most 100.
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    company = models.CharField(_("company"), max_length=200)
    need = models.TextField(_("need"), max_length=2000, blank=True)
    follow_up_on = models.DateField(_("follow up on"))
    follow_up_kind = models.CharField(
        _("follow-up"), max_length=12, choices=FollowUpKind.choices, default=FollowUpKind.PHONE_CALL
    )
    match = models.CharField(_("matched as"), max_length=8, choices=LeadMatch.choices)
    # Like everything of an account, a lead goes with its account or contact.
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="leads", verbose_name=_("account")
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="leads", verbose_name=_("contact")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="leads",
        verbose_name=_("owner"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    follow_up = models.ForeignKey(
        "relations.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("follow-up activity"),
    )
    opportunity = models.OneToOneField(
        "sales.Opportunity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="lead",
        verbose_name=_("opportunity"),
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("lead")
        verbose_name_plural = _("leads")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["campaign", "created_at"], name="lead_campaign_idx"),
            models.Index(fields=["owner", "campaign"], name="lead_owner_idx"),
            models.Index(fields=["recorded_by", "campaign"], name="lead_recorder_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(match__in=[m.value for m in LeadMatch]), name="lead_match_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(follow_up_kind__in=[k.value for k in FollowUpKind]),
                name="lead_follow_up_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.company})"


class ResponseKind(models.TextChoices):
    CLICK = "click", _("Clicked a link")
    REPLY = "reply", _("Replied")
    REGISTRATION = "registration", _("Registered")
    LEAD = "lead", _("Lead")


class Response(models.Model):
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="responses", verbose_name=_("campaign")
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="+", verbose_name=_("contact")
    )
    # The account the contact was reached at: it scopes the row and groups the results per
    # account manager.
    account = models.ForeignKey(
        Account, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    send = models.ForeignKey(
        MailingSend, on_delete=models.CASCADE, null=True, blank=True, related_name="responses"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ResponseKind.choices)
    at = models.DateTimeField(_("when"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["campaign", "kind"], name="response_campaign_idx"),
            models.Index(fields=["contact", "at"], name="response_contact_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=[k.value for k in ResponseKind]),
                name="response_kind_valid",
            ),
            # A retried click or a second "replied" on the same copy records nothing new.
            models.UniqueConstraint(
                fields=["send", "kind"],
                condition=models.Q(send__isnull=False),
                name="response_once_per_send",
            ),
            models.UniqueConstraint(
                fields=["campaign", "contact", "kind"],
                condition=models.Q(send__isnull=True),
                name="response_once_per_contact",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.contact_id} {self.campaign_id}"
