"""Writes of the API app: personal tokens."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from koers.api.auth import PREFIX_LENGTH, generate_token, hash_token
from koers.api.models import ApiToken
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User


@transaction.atomic
def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Returns the token row and its plaintext, which is never stored and never shown again."""
    plaintext = generate_token()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        prefix=plaintext[:PREFIX_LENGTH],
        key_hash=hash_token(plaintext),
    )
    return token, plaintext


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    """Revokes one of `actor`'s own tokens; it stops working at once and cannot be restored."""
    if not access.can_revoke_token(actor, token):
        raise NotAllowed("may not revoke another user's token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
