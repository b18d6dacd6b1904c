"""Survey links: a random token in the link, its SHA-256 in the database.

32 random bytes cannot be guessed, so a plain (unsalted) hash is enough to make a stolen copy of
the database useless for answering; the hash is also what the link is looked up by."""

from __future__ import annotations

import hashlib
import secrets

TOKEN_BYTES = 32


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()
