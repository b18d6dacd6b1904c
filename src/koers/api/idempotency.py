"""`Idempotency-Key` on POST: a retried request gets the first response instead of a duplicate.

The key is stored in the same transaction as the object the request created, so either both
exist or neither does. A key is kept for KEY_LIFETIME; reusing it for a different request (another
body or another path) is refused with a 422 that names the header.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import HeaderEx, P, Schema

from koers.api.errors import FieldErrors
from koers.api.models import IdempotencyKey
from koers.core.models import User

HEADER = "Idempotency-Key"
KEY_LIFETIME = timedelta(hours=24)

# HeaderEx[type, P(...)] is ninja's typed spelling of Header[type, {...}]: the same parameter.
KeyHeader = HeaderEx[
    str | None,
    P(
        alias=HEADER,
        pattern=r"^[!-~]{1,255}$",
        description=(
            "Any unique string (e.g. a UUID) per intended create. A retry with the same key and "
            "the same body returns the first response instead of creating a second object."
        ),
    ),
]


def _request_hash(request: HttpRequest, payload: Any) -> str:
    canonical = json.dumps(
        [request.method, request.path, payload], sort_keys=True, default=str, ensure_ascii=True
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(stored: IdempotencyKey, request_hash: str) -> HttpResponse:
    if stored.request_hash != request_hash:
        raise FieldErrors(
            {HEADER: [_("This key was already used for a different request; use a new key.")]},
            code="key_reused",
        )
    response = JsonResponse(stored.response_body, status=stored.status_code)
    response["Idempotent-Replayed"] = "true"
    return response


def _stored(user: User, key: str) -> IdempotencyKey | None:
    # Expired keys of this user go first, so that the table holds about a day of keys.
    IdempotencyKey.objects.filter(user=user, created_at__lt=timezone.now() - KEY_LIFETIME).delete()
    return IdempotencyKey.objects.filter(user=user, key=key).first()


def run_once(
    request: HttpRequest,
    *,
    key: str | None,
    payload: Schema,
    create: Callable[[], tuple[int, dict[str, Any]]],
) -> HttpResponse:
    """Runs `create` (returning status and JSON body) at most once per user and key.

    A retry must send the same `payload` (the request body) as the first request.
    """
    if key is None:
        with transaction.atomic():
            status, body = create()
        return JsonResponse(body, status=status)
    user: User = request.auth  # type: ignore[attr-defined]
    request_hash = _request_hash(request, payload.model_dump(mode="json"))
    stored = _stored(user, key)
    if stored is not None:
        return _replay(stored, request_hash)
    try:
        with transaction.atomic():
            status, body = create()
            IdempotencyKey.objects.create(
                user=user,
                key=key,
                method=request.method or "POST",
                path=request.path[:500],
                request_hash=request_hash,
                status_code=status,
                response_body=body,
            )
    except IntegrityError:
        # A concurrent request with the same key committed first: this one's object was rolled
        # back with the failed insert, and the first response stands.
        stored = _stored(user, key)
        if stored is None:
            raise
        return _replay(stored, request_hash)
    return JsonResponse(body, status=status)
