from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from koers.core.navigation import areas_for, bell_url


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The header's areas for the signed-in user (core/navigation.py): by role, no query.

    Lazy: an HTMX partial renders no header and so never builds the list.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_areas": [], "nav_bell": None}
    return {
        "nav_areas": SimpleLazyObject(lambda: areas_for(user)),
        # The notification bell loads itself after the page (no query in the page's own count).
        "nav_bell": SimpleLazyObject(lambda: bell_url() or ""),
    }
