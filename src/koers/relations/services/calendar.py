"""Writes of the private calendar feed: turn on, renew, revoke (each the user's own)."""

from __future__ import annotations

import secrets

from koers.core.models import User
from koers.core.writes import service
from koers.relations.models import CalendarFeed

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
