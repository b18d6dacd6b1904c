"""Who is calling: a personal API token (Authorization: Bearer koers_…) or the browser session.

A token is `koers_` + 32 random bytes (URL-safe base64); only its SHA-256 is stored. A slow
password hash is not needed: the token is long and random, so it cannot be guessed from its hash.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone, translation
from ninja.security import APIKeyCookie, HttpBearer

from koers.api.models import ApiToken
from koers.core.models import User

TOKEN_PREFIX = "koers_"  # noqa: S105 (not a secret: every token starts with it)
PREFIX_LENGTH = 8
# Recording every use would make each read a write; once a minute is precise enough to show.
LAST_USED_RESOLUTION = timedelta(minutes=1)
_MAX_TOKEN_LENGTH = 100


def generate_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def second_factor_done(user: Any) -> bool:
    """False for a session that must still give its second factor (see TwoFactorMiddleware)."""
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return True
    if user.requires_two_factor:
        return False
    from django_otp import user_has_device

    return not user_has_device(user, confirmed=True)


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; revoked tokens and inactive users are refused."""

    def __call__(self, request: HttpRequest) -> User | None:
        # Parsed here rather than by HttpBearer, which logs a malformed header (a secret) in DEBUG.
        scheme, _sep, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX) or len(token) > _MAX_TOKEN_LENGTH:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), revoked_at__isnull=True)
            .first()
        )
        if row is None or not row.user.is_active:
            return None
        now = timezone.now()
        if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        user = row.user
        # The session middleware saw no user: make the rest of the request see this one.
        request.user = user
        language = user.language or settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session, for the UI; unsafe methods need the CSRF token."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self) -> None:
        super().__init__(csrf=True)

    def __call__(self, request: HttpRequest) -> User | None:
        # A request that brings an Authorization header is judged by that header alone.
        if "Authorization" in request.headers:
            return None
        user = getattr(request, "user", None)
        # Checked before the CSRF check, so that an anonymous POST is a 401, not a CSRF 403.
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if not second_factor_done(user):
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        return user if user.is_authenticated else None
