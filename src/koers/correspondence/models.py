"""Mail templates, the e-mails sent from Koers (with a row per recipient) and PDF letters.

A sent mail and a letter belong to an account, and their access follows it (`queries.py`).
Each is recorded on the account's timeline as an activity (kind e-mail or letter) in the same
transaction that records it, so it is there exactly once, whatever the sending task does.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from koers.accounts.models import Account, Contact
from koers.core.writes import history_user
from koers.relations.models import Activity


class MailTemplate(models.Model):
    """A text for a mail or letter, in Dutch and English, with placeholders (`placeholders.py`);
    managed by administrators and managers."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    subject_nl = models.CharField(_("subject (Dutch)"), max_length=200, blank=True)
    body_nl = models.TextField(_("text (Dutch)"), blank=True)
    subject_en = models.CharField(_("subject (English)"), max_length=200, blank=True)
    body_en = models.TextField(_("text (English)"), blank=True)
    active = models.BooleanField(
        _("in use"), default=True, help_text=_("Templates not in use are not offered.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"], get_user=history_user)

    class Meta:
        verbose_name = _("mail template")
        verbose_name_plural = _("mail templates")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def text_in(self, language: str) -> tuple[str, str]:
        """Subject and text in `language`, or in the other language when it has none."""
        own = (getattr(self, f"subject_{language}", ""), getattr(self, f"body_{language}", ""))
        if own[1].strip():
            return own
        for other in ("nl", "en"):
            if getattr(self, f"body_{other}").strip():
                return getattr(self, f"subject_{other}"), getattr(self, f"body_{other}")
        return own


class SentMail(models.Model):
    """One e-mail written from an account or contact page, to one or more of its contacts."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="sent_mails"
    )
    template = models.ForeignKey(
        MailTemplate,
        verbose_name=_("template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    subject = models.CharField(_("subject"), max_length=200)
    # What the writer typed, placeholders and all (empty when the template's text was used).
    body = models.TextField(_("text"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.OneToOneField(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="sent_mail",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent e-mail")
        verbose_name_plural = _("sent e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self) -> str:
        return self.subject


class SentMailRecipient(models.Model):
    """One recipient of a sent mail: the text as they get it (their language, their name), and
    whether it went out; a retry sends only the rows without `sent_at`."""

    mail = models.ForeignKey(SentMail, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, related_name="+")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=5)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["mail", "email"], name="sent_mail_recipient_once"),
        ]

    def __str__(self) -> str:
        return self.email


class Letter(models.Model):
    """A PDF letter to a contact at the account's postal address, kept as it was made."""

    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.CASCADE, related_name="letters"
    )
    contact = models.ForeignKey(
        Contact, verbose_name=_("contact"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    template = models.ForeignKey(
        MailTemplate,
        verbose_name=_("template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    language = models.CharField(_("language"), max_length=5)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"))
    address = models.JSONField(_("address"), default=list)
    pdf = models.FileField(_("PDF"), max_length=255)
    sha256 = models.CharField(max_length=64)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    activity = models.OneToOneField(
        Activity,
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="letter",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["account", "-created_at"])]

    def __str__(self) -> str:
        return self.subject


class MailLogAddress(models.Model):
    """A user's personal address for logging mail (`log+<token>@<MAIL_LOG_DOMAIN>`): mail
    forwarded or BCC'd to it is recorded on the timelines of the contacts' accounts. The token
    is the secret that says whose mail it is; renewing replaces it (decision 54's shape)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="mail_log_address",
    )
    token = models.CharField(max_length=32, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("log address")
        verbose_name_plural = _("log addresses")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:4]}…)"


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    LOGGED = "logged", _("Logged")
    INBOX = "inbox", _("In the inbox")
    DISCARDED = "discarded", _("Discarded")
    FAILED = "failed", _("Failed")


class InboundSource(models.TextChoices):
    API = "api", _("Mail server")
    IMAP = "imap", _("Mailbox")


class MailDirection(models.TextChoices):
    INCOMING = "incoming", _("Received")
    OUTGOING = "outgoing", _("Sent")


class InboundMail(models.Model):
    """A message that reached a user's log address, kept as it came (`raw`) until it is logged
    on the accounts of its contacts, waits in the user's inbox, or is discarded.

    `key` (the Message-ID, or the SHA-256 of the message without one) makes a message that is
    posted or polled again the same row, so it is recorded once."""

    key = models.CharField(max_length=255, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=8, choices=InboundSource.choices)
    raw = models.FileField(_("message"), max_length=255, blank=True)
    size = models.PositiveIntegerField(_("size"), default=0)
    message_id = models.CharField(_("Message-ID"), max_length=255, blank=True)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    sender = models.CharField(_("from"), max_length=254, blank=True)
    sender_name = models.CharField(_("sender's name"), max_length=200, blank=True)
    # The To and Cc addresses: [[name, address], ...].
    recipients = models.JSONField(_("to"), default=list, blank=True)
    sent_at = models.DateTimeField(_("date"), null=True, blank=True)
    direction = models.CharField(_("direction"), max_length=8, choices=MailDirection.choices)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=InboundStatus.choices, default=InboundStatus.RECEIVED
    )
    error = models.CharField(_("error"), max_length=300, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    activities = models.ManyToManyField(Activity, related_name="inbound_mails", blank=True)
    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("logged e-mail")
        verbose_name_plural = _("logged e-mails")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["user", "status", "-received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=InboundStatus.values), name="inbound_mail_status"
            )
        ]

    def __str__(self) -> str:
        return self.subject or self.key

    @property
    def date(self) -> object:
        return self.sent_at or self.received_at


class InboundAttachment(models.Model):
    """A file that came with a logged message, kept through the storage API under a random
    name; downloaded by whoever may read the message (`queries.inbound_readable`)."""

    mail = models.ForeignKey(InboundMail, on_delete=models.CASCADE, related_name="attachments")
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    file = models.FileField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.filename
