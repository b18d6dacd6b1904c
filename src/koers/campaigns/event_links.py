"""The addresses of an event (decision 139): its public registration page, a registrant's
cancel link and check-in code, and a contact's personal invitation link.

The page's address is the event's random slug. The other links carry a value signed with the
secret key (django.core.signing, a salt per use, as the mailing's unsubscribe link): no table
of tokens, and a changed or forged token fails the signature and does nothing."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

CANCEL = "koers.campaigns.event.cancel"
CHECK_IN = "koers.campaigns.event.check_in"
INVITE = "koers.campaigns.event.invite"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def sign(salt: str, value: str) -> str:
    return signing.Signer(salt=salt).sign(value)


def unsign_id(salt: str, token: str) -> int | None:
    """The id a token was made for; None for a token that was changed or made elsewhere."""
    try:
        value = signing.Signer(salt=salt).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def page_url(slug: str) -> str:
    return absolute(reverse("campaigns:event_register", kwargs={"slug": slug}))


def cancel_url(slug: str, registration_id: int) -> str:
    token = sign(CANCEL, str(registration_id))
    return absolute(reverse("campaigns:event_cancel", kwargs={"slug": slug, "token": token}))


def check_in_url(registration_id: int) -> str:
    token = sign(CHECK_IN, str(registration_id))
    return absolute(reverse("campaigns:event_scan", kwargs={"token": token}))


def invitation_url(slug: str, contact_id: int, *, source: str = "invitation") -> str:
    """The page with the contact signed in the address (`?i=`): a registration through it is
    the contact's when its e-mail matches nobody, and is counted as invited (`source`)."""
    token = sign(INVITE, f"{contact_id}:{source}")
    return f"{page_url(slug)}?i={token}"


def invitation_of(token: str) -> tuple[int, str] | None:
    """(contact id, source) of an invitation token; None when forged."""
    try:
        value = signing.Signer(salt=INVITE).unsign(token)
    except signing.BadSignature:
        return None
    contact, _, source = value.partition(":")
    if not contact.isdigit() or source not in ("invitation", "mailing"):
        return None
    return int(contact), source
