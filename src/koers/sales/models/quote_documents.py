"""The PDF of a quote version as it was sent: kept through the storage API with its SHA-256,
never made again, so that Koers can show the exact document the customer received (and the
general terms handed over with it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from koers.sales.models.quotes import QuoteVersion


class QuoteDocument(models.Model):
    # One sent PDF per version: a version is sent once; a change after it is a new version.
    quote_version = models.OneToOneField(
        QuoteVersion, on_delete=models.CASCADE, related_name="document"
    )
    # A name in the default storage (`quotes/YYYY/MM/<uuid>.pdf`).
    pdf = models.CharField(_("PDF"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    language = models.CharField(_("language"), max_length=8)
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("sent to"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The mail that carried it (its copies say whether and when it went out).
    sent_mail = models.ForeignKey(
        "correspondence.SentMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The general terms attached to the mail (null: none were in force when it was sent). Kept
    # (PROTECT) as long as a sent quote points at them: the proof they were handed over.
    general_terms = models.ForeignKey(
        "core.GeneralTerms",
        verbose_name=_("general terms"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent quote PDF")
        verbose_name_plural = _("sent quote PDFs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="quote_document_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_version_id}: {self.sha256[:12]}"


class ReissueKind(models.TextChoices):
    EXTENDED = "extended", _("Validity extended")
    ACCEPTED = "accepted", _("As accepted")


class QuoteReissue(models.Model):
    """A PDF of a version made after it was sent, kept beside the one that went out (which never
    changes): after an extension, showing the new validity date; and as the customer accepted
    it (the optional lines taken), attached to the confirmation mail."""

    quote_version = models.ForeignKey(
        QuoteVersion, on_delete=models.CASCADE, related_name="reissues"
    )
    kind = models.CharField(_("why"), max_length=10, choices=ReissueKind.choices)
    pdf = models.CharField(_("PDF"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))
    language = models.CharField(_("language"), max_length=8)
    # The validity date the document prints.
    valid_until = models.DateField(_("valid until"))
    # The confirmation mail that carries it (an accepted copy), if one went.
    sent_mail = models.ForeignKey(
        "correspondence.SentMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)

    class Meta:
        verbose_name = _("later quote PDF")
        verbose_name_plural = _("later quote PDFs")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="quote_reissue_sha256_hex",
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=ReissueKind.values), name="quote_reissue_kind_valid"
            ),
            # One accepted copy per version: the confirmation is made once.
            models.UniqueConstraint(
                fields=["quote_version"],
                condition=models.Q(kind="accepted"),
                name="quote_reissue_accepted_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_version_id} {self.kind}: {self.sha256[:12]}"


__all__ = ["QuoteDocument", "QuoteReissue", "ReissueKind"]
