"""Tracked links in a mailing (decision 140): when the mailing tracks clicks and the contact's
consent covers it, every web address in the text becomes a link to `/t/<token>/`, which records
one click response for the copy and redirects to the address.

The token is the copy's id and the address, signed with the secret key under its own salt
(django.core.signing, like the unsubscribe link): no table of links, no expiry, and a changed
token (another address, another copy) fails the signature, so the redirect can never be used
to send people elsewhere. The unsubscribe link is added after the text is rewritten and is
never tracked.

Consent covers tracking when it is documented: given (`mailing_consent`), with the date it was
given, and not withdrawn. A bare tick without a date is not proof enough to follow someone's
clicks (AVG, art. 7(1)); their copy carries the plain addresses.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.urls import reverse

from koers.accounts.models import Contact
from koers.campaigns.models import Mailing

SALT = "koers.campaigns.click"
# A web address in the plain text, up to a space or a closing bracket; a trailing full stop or
# comma belongs to the sentence.
URL = re.compile(r"https?://[^\s<>()\"']+[^\s<>()\"'.,;:!?]")


def click_token(send_id: int, url: str) -> str:
    return signing.dumps([send_id, url], salt=SALT, compress=True)


def click_of(token: str) -> tuple[int, str] | None:
    """The copy and the address a token was made for; None for a changed or foreign token."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    ok = isinstance(value, list) and len(value) == 2
    if not ok or not isinstance(value[0], int) or not isinstance(value[1], str):
        return None
    if not URL.fullmatch(value[1]):
        return None
    return value[0], value[1]


def click_url(send_id: int, url: str) -> str:
    path = reverse("campaigns:tracked_click", kwargs={"token": click_token(send_id, url)})
    return settings.SITE_URL.rstrip("/") + path


def consent_covers_tracking(contact: Contact) -> bool:
    return bool(contact.mailing_consent and contact.consent_date and not contact.opted_out)


def tracker_for(mailing: Mailing, send_id: int, contact: Contact) -> Callable[[str], str] | None:
    """The rewrite of the copy's text, or None when its links stay as they are."""
    if not mailing.track_links or not consent_covers_tracking(contact):
        return None
    unsubscribe = reverse("campaigns:unsubscribe", kwargs={"token": "x"}).rsplit("x", 1)[0]

    def rewrite(text: str) -> str:
        def one(found: re.Match[str]) -> str:
            url = found.group(0)
            return url if unsubscribe in url else click_url(send_id, url)

        return URL.sub(one, text)

    return rewrite
