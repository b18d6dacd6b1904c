"""A per-address limit on the public pages (no login: a quote's link, unsubscribe, an event's
registration page): requests counted per client address and minute in the cache; beyond the
limit the page answers 429."""

from __future__ import annotations

from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone

from koers.core.middleware import client_ip


def over_limit(request: HttpRequest, scope: str, limit: int) -> bool:
    """True beyond `limit` requests this minute from this address to the pages of `scope`."""
    minute = int(timezone.now().timestamp() // 60)
    key = f"{scope}:{client_ip(request)}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    return count > limit
