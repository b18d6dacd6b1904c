"""Request types for annotations: what a view may assume about `request` once it runs.

Django types `request.user` as `User | AnonymousUser`; behind `@login_required` (every page but
the sign-in pages) it is always a `User`, and behind the API's auth `request.auth` is the caller.
These classes say so to mypy; nothing creates them, a view just annotates its argument with one.
"""

from __future__ import annotations

from django.http import HttpRequest

from koers.core.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request of a signed-in user: the views under `@login_required`."""

    user: User


class ApiRequest(HttpRequest):
    """A request that passed the API's auth (a token or the session): `auth` is the caller."""

    auth: User
