"""The link in a sent quote's mail to the public page where the customer accepts it online
(decision 108): one per sent version, its token kept only as a SHA-256, expiring at the end of
the version's validity day; when the page was first and last opened, and the acceptance's
name, time and IP address."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from koers.sales.models.quotes import QuoteVersion


class QuoteLink(models.Model):
    # One link per sent version: sending again (a retry) keeps this row.
    quote_version = models.OneToOneField(
        QuoteVersion, on_delete=models.CASCADE, related_name="online_link"
    )
    # SHA-256 (hex) of the token: a copy of the database gives no working link.
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("expires"))
    first_opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    last_opened_at = models.DateTimeField(_("last opened"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted online"), null=True, blank=True)
    accepted_name = models.CharField(_("accepted by"), max_length=200, blank=True)
    accepted_ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Made by hand for a version marked as sent (sent outside Koers): who made it; empty for
    # the link in Koers' own mail.
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Revoked: the page answers as for a wrong token until a new link is made.
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    # Whom the confirmation of an online acceptance goes to: the contact the quote was sent to
    # (Koers' mail), or the one the owner named when making the link.
    contact = models.ForeignKey(
        "accounts.Contact",
        verbose_name=_("contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("online quote link")
        verbose_name_plural = _("online quote links")
        constraints = [
            models.CheckConstraint(
                condition=Q(token_hash__regex=r"^[0-9a-f]{64}$"),  # noqa: S106 (a pattern, not a password)
                name="quote_link_hash_hex",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quote_version_id}: {self.token_hash[:12]}"


__all__ = ["QuoteLink"]
