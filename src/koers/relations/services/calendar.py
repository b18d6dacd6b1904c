"""Writes of the user's own calendar links: the private feed (turn on, renew, revoke) and the
CalDAV sync (connect, disconnect); the sync's run is in `relations/caldav_sync.py`."""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.core.writes import service
from koers.relations import secret_box
from koers.relations.models import CalendarFeed, CalendarSync, CalendarSyncStatus

# 32 random bytes: 43 URL-safe characters, not to be guessed or enumerated.
TOKEN_BYTES = 32


def _new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


@service
def calendar_feed_enable(*, actor: User) -> CalendarFeed:
    """The actor's feed; turning it on again keeps the URL they already have."""
    feed, _created = CalendarFeed.objects.get_or_create(
        user=actor, defaults={"token": _new_token()}
    )
    return feed


@service
def calendar_feed_renew(*, actor: User) -> CalendarFeed:
    """A new secret URL; the old one stops working at once (a URL that leaked)."""
    feed = CalendarFeed.objects.select_for_update().filter(user=actor).first()
    if feed is None:
        return CalendarFeed.objects.create(user=actor, token=_new_token())
    feed.token = _new_token()
    feed.last_fetched_at = None
    feed.save(update_fields=["token", "last_fetched_at"])
    return feed


@service
def calendar_feed_revoke(*, actor: User) -> None:
    """No feed any more: the URL answers 404 from now on."""
    CalendarFeed.objects.filter(user=actor).delete()


@service
def calendar_sync_connect(
    *, actor: User, url: str, username: str, password: str = ""
) -> CalendarSync:
    """Connects (or reconnects) the actor's own CalDAV calendar. An empty password keeps the one
    stored; a new address forgets what was pushed to the old one."""
    sync = CalendarSync.objects.select_for_update().filter(user=actor).first()
    if sync is None:
        if not password:
            raise ValidationError({"password": [_("Enter the app password.")]})
        sync = CalendarSync(user=actor)
    elif sync.url != url:
        sync.events.all().delete()
    sync.url = url
    sync.username = username
    if password:
        sync.password_encrypted = secret_box.encrypt(password)
    sync.status = CalendarSyncStatus.NEVER
    sync.message = ""
    sync.save()
    return sync


@service
def calendar_sync_disconnect(*, actor: User) -> None:
    """Stops the sync and forgets the password; events already in the calendar stay there."""
    CalendarSync.objects.filter(user=actor).delete()
