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


class CalendarSyncStatus(models.TextChoices):
    """The outcome of the last sync, not a lifecycle: any sync may end in any of them."""

    NEVER = "never", _("Not synchronised yet")
    OK = "ok", _("Synchronised")
    FAILED = "failed", _("Failed")


class CalendarSync(models.Model):
    """A user's own CalDAV calendar that their planned activities are pushed to and pulled from.

    The app password is encrypted with a key derived from SECRET_KEY (`relations/secret_box.py`);
    it is never shown again once saved.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="calendar_sync",
    )
    url = models.URLField(_("calendar address (CalDAV)"), max_length=500)
    username = models.CharField(_("user name"), max_length=150)
    password_encrypted = models.TextField(editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CalendarSyncStatus.choices,
        default=CalendarSyncStatus.NEVER,
    )
    message = models.CharField(_("message"), max_length=300, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last synchronised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar sync")
        verbose_name_plural = _("calendar syncs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=[s.value for s in CalendarSyncStatus]),
                name="calendar_sync_status_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.url}"


class SyncedEvent(models.Model):
    """An activity as it was last pushed to a user's CalDAV calendar: what a pull compares the
    calendar's event with to tell a move or a deletion made there."""

    sync = models.ForeignKey(CalendarSync, on_delete=models.CASCADE, related_name="events")
    activity = models.ForeignKey(
        "relations.Activity", on_delete=models.CASCADE, related_name="synced_events"
    )
    href = models.CharField(max_length=500)
    pushed_version = models.PositiveIntegerField()
    pushed_start = models.DateTimeField()
    pushed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("synchronised event")
        verbose_name_plural = _("synchronised events")
        constraints = [
            models.UniqueConstraint(
                fields=["sync", "activity"], name="synced_event_once_per_calendar"
            )
        ]

    def __str__(self) -> str:
        return self.href
