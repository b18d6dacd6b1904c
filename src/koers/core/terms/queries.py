"""Reads of the general terms: the versions for the list, and the current one on a day."""

from __future__ import annotations

from datetime import date

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.utils import timezone

from koers.core import access
from koers.core.models import GeneralTerms, User


def general_terms_readable(user: User) -> QuerySet[GeneralTerms]:
    """Every version for anyone signed in (they are handed to customers); nothing otherwise."""
    if not access.can_read_general_terms(user):
        return GeneralTerms.objects.none()
    return GeneralTerms.objects.select_related("uploaded_by").order_by("-valid_from", "-pk")


def current_general_terms(on: date | None = None) -> GeneralTerms | None:
    """The version in force on `on` (today in our time zone): the latest valid-from date not
    after it, the later upload winning a tie. None before any was uploaded or came into force."""
    day = on or timezone.localdate()
    return GeneralTerms.objects.filter(valid_from__lte=day).order_by("-valid_from", "-pk").first()


def file_name(terms: GeneralTerms) -> str:
    """The name a reader sees (the stored one is a random name)."""
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in terms.label).strip("-.")
    return f"general-terms-{safe or terms.pk}.pdf"


def file_bytes(terms: GeneralTerms) -> bytes:
    with default_storage.open(terms.file, "rb") as handle:
        return bytes(handle.read())
