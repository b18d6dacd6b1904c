"""Accepting a quote online (decision 108): the link in the quote's mail, the public page's
reads of it, and what the customer does there (accept, or ask for a change).

The token is `secrets.token_urlsafe`, kept only as its SHA-256 on the version's one `QuoteLink`.
It is made when the mail actually goes out (correspondence's `register_text`), so it is in the
mail and nowhere in the database; a retry of a copy that did not go out replaces the hash on the
same row (the copy that never arrived carried the only other token)."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.core.models import User
from koers.correspondence.models import SentMail, SentMailRecipient
from koers.notifications.services import notify
from koers.sales.models import (
    Order,
    QuoteDocument,
    QuoteEventKind,
    QuoteLink,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.quotes.services.acceptance import quote_accept
from koers.sales.quotes.services.common import field_error, record
from koers.sales.quotes.services.confirmation import confirmation_send

S = QuoteStatus


def hash_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def expiry_of(version: QuoteVersion) -> datetime:
    """The end of the validity day in our time zone: the first moment of the day after."""
    day_after = version.valid_until + timedelta(days=1)
    return datetime.combine(day_after, time.min, tzinfo=timezone.get_current_timezone())


def link_issue(
    version: QuoteVersion, *, contact: Contact | None = None, made_by: User | None = None
) -> str:
    """A new token for `version`'s one link (made, or its hash replaced, a revoked one working
    again); returns the token. `contact` gets the confirmation of an online acceptance;
    `made_by` is set for a link made by hand (a version sent outside Koers)."""
    token = secrets.token_urlsafe(32)
    QuoteLink.objects.update_or_create(
        quote_version=version,
        defaults={
            "token_hash": hash_of(token),
            "expires_at": expiry_of(version),
            "contact": contact,
            "made_by": made_by,
            "revoked_at": None,
        },
    )
    return token


def link_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("sales:quote_online", args=[token])


def link_text(mail: SentMail, row: SentMailRecipient) -> str:
    """The paragraph with the link, for a quote's mail (and nothing for any other mail)."""
    document = QuoteDocument.objects.filter(sent_mail=mail).select_related("quote_version").first()
    if document is None or document.quote_version.status != S.SENT:
        return ""
    version = document.quote_version
    token = link_issue(version, contact=document.contact)
    with translation.override(row.language or settings.LANGUAGE_CODE):
        return _(
            "Read the quote and accept it online (the link works until %(date)s):\n%(url)s"
        ) % {"date": date_format(version.valid_until, "j F Y"), "url": link_url(token)}


def link_find(token: str) -> QuoteLink | None:
    if not token or len(token) > 100:
        return None
    return (
        QuoteLink.objects.select_related(
            "quote_version__quote__account", "quote_version__quote__owner"
        )
        .filter(token_hash=hash_of(token), revoked_at__isnull=True)
        .first()
    )


def link_opened(link: QuoteLink) -> None:
    """Records that the page was opened now (the first time once, the last time each time)."""
    now = timezone.now()
    QuoteLink.objects.filter(pk=link.pk, first_opened_at__isnull=True).update(first_opened_at=now)
    QuoteLink.objects.filter(pk=link.pk).update(last_opened_at=now)
    link.first_opened_at = link.first_opened_at or now
    link.last_opened_at = now


def refusal(link: QuoteLink) -> str | None:
    """Why the customer can no longer accept through this link, in plain words; None if they
    can."""
    version = link.quote_version
    if version.status == S.ACCEPTED:
        return _("You accepted this quote already. Thank you!")
    if version.superseded_by_id is not None or version.status == S.SUPERSEDED:
        return _("There is a newer version of this quote: this one can no longer be accepted.")
    if version.status == S.WITHDRAWN:
        return _("This quote was withdrawn and can no longer be accepted.")
    if version.status == S.DECLINED:
        return _("This quote was declined and can no longer be accepted.")
    if version.status == S.EXPIRED or timezone.now() >= link.expires_at:
        return _("This quote has expired: it was valid until %(date)s.") % {
            "date": date_format(version.valid_until, "j F Y")
        }
    if version.status != S.SENT:
        return _("This quote can no longer be accepted.")
    return None


def _refuse_unless_open(link: QuoteLink) -> None:
    reason = refusal(link)
    if reason is not None:
        raise field_error("status", reason, "status")


def quote_accept_online(
    *,
    link: QuoteLink,
    name: str,
    terms_accepted: bool,
    customer_reference: str = "",
    chosen_lines: Collection[int] = (),
    ip: str | None = None,
) -> Order:
    """The customer accepted on the public page: `quote_accept` with the lines they ticked and
    the name they typed, as the quote's owner (whose quote it is), and the name, time and IP
    address on the link; the owner is notified with the order's link. One transaction: posted
    twice, the second finds the link locked, then accepted, and is refused."""
    with transaction.atomic():
        QuoteLink.objects.select_for_update().filter(pk=link.pk).get()
        link = (
            QuoteLink.objects.select_related("quote_version__quote__owner").filter(pk=link.pk).get()
        )
        _refuse_unless_open(link)
        typed = name.strip()
        if not typed:
            raise field_error("name", _("Type your name."), "required")
        if not terms_accepted:
            raise field_error("terms", _("Accept the general terms to accept the quote."))
        version = link.quote_version
        owner = version.quote.owner
        version = quote_accept(
            actor=owner,
            version=version,
            accepted_by_name=typed,
            customer_reference=customer_reference,
            chosen_lines=list(chosen_lines),
        )
        now = timezone.now()
        QuoteLink.objects.filter(pk=link.pk).update(
            accepted_at=now, accepted_name=typed[:200], accepted_ip=ip
        )
        order = Order.objects.get(quote_version=version)
        confirmation_send(link=link, version=version, order=order, owner=owner)
        url = reverse("sales:order_detail", args=[order.pk])
        number, quote = order.number, str(version)
        notify(
            actor=None,
            recipients=[owner],
            kind="quote_accepted_online",
            text=lambda: (
                _("%(name)s accepted quote %(quote)s online: order %(order)s.")
                % {"name": typed, "quote": quote, "order": number}
            ),
            url=url,
        )
        return order


def quote_change_ask(*, link: QuoteLink, name: str, message: str) -> None:
    """The customer asks for a change: logged on the quote's events and the owner notified."""
    with transaction.atomic():
        _refuse_unless_open(link)
        text = message.strip()
        if not text:
            raise field_error("message", _("Write what you would like to change."), "required")
        version = link.quote_version
        who = name.strip()[:200]
        record(version, QuoteEventKind.CHANGE_ASKED, None, f"{who}: {text}" if who else text)
        quote = str(version)
        notify(
            actor=None,
            recipients=[version.quote.owner],
            kind="quote_change_asked",
            text=lambda: _("The customer asks for a change to quote %(quote)s.") % {"quote": quote},
            url=reverse("sales:quote_version", args=[version.pk]),
        )


__all__ = [
    "link_find",
    "link_issue",
    "link_opened",
    "link_text",
    "quote_accept_online",
    "quote_change_ask",
    "refusal",
]
