"""Encryption of the secrets Koers must be able to read again (a CalDAV app password), with
Fernet from `cryptography` (AES with an authentication tag).

The key is derived from SECRET_KEY, so there is no second secret to keep; rotating SECRET_KEY
makes the stored passwords unreadable, and each user is asked to enter theirs again.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """The secret was encrypted with another key (SECRET_KEY changed) or was tampered with."""


def _fernet() -> Fernet:
    digest = hashlib.sha256(b"koers.relations.secret_box:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(plaintext: str) -> str:
    return _fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise SecretUnreadable from exc
