"""A user's private calendar feed: the secret token in its URL (docs/decisions.md)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarFeed(models.Model):
    """The feed of one user's activities at `/calendar/<token>.ics`, read without a login.

    The token is the whole secret: renewing replaces it (the old URL stops working), revoking
    deletes the row. It is kept as it is, not hashed, so that the settings page can show the URL
    again for a second device; the feed shows nothing that is not in the same database.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user} ({self.token[:6]}…)"
