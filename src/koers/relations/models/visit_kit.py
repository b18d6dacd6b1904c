"""What a visit carries besides its report: photos taken there, and the recap mailed afterwards."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Contact
from koers.relations.models.activities import Activity, VisitReport


class ReportPhoto(models.Model):
    """A photo taken on the visit, stored resized and without EXIF through the default storage.

    Never served from a public MEDIA URL: the photo view checks that the user may read the
    account and streams the file."""

    report = models.ForeignKey(
        VisitReport, verbose_name=_("visit report"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), max_length=255)
    thumbnail = models.FileField(_("thumbnail"), max_length=255)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveIntegerField(help_text="bytes of the stored photo")
    original_name = models.CharField(max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo of a visit")
        verbose_name_plural = _("photos of visits")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.original_name or self.image.name


class Recap(models.Model):
    """The recap e-mail of one visit: sent once, to each contact who was there.

    The e-mail activity on the account is recorded with it; each recipient's row says whether
    their mail went out, so that a retry after a failure sends only what did not."""

    activity = models.OneToOneField(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="recap"
    )
    email_activity = models.OneToOneField(
        Activity,
        verbose_name=_("e-mail activity"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("recap e-mail")
        verbose_name_plural = _("recap e-mails")

    def __str__(self) -> str:
        return str(self.activity)


class RecapRecipient(models.Model):
    recap = models.ForeignKey(Recap, on_delete=models.CASCADE, related_name="recipients")
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, related_name="+")
    email = models.EmailField()
    language = models.CharField(max_length=5)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["recap", "email"], name="recap_recipient_once"),
        ]

    def __str__(self) -> str:
        return self.email
