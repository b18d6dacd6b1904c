"""An online link made by hand (issue 13): a version marked as sent went out another way, so
no mail of Koers carries a link; its owner makes one on the quote's page (or by the API), copies
it into their own message, and may revoke it. The token is shown once, when it is made, and kept
only as its hash (decision 108): making it again replaces the old one."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.core.models import User
from koers.core.writes import service
from koers.correspondence import queries as correspondence_queries
from koers.sales.models import QuoteDocument, QuoteEventKind, QuoteLink, QuoteStatus, QuoteVersion
from koers.sales.quotes.services.common import field_error, may_change, record
from koers.sales.quotes.services.online import link_issue, link_url
from koers.sales.quotes.services.transitions import locked

S = QuoteStatus


def may_link(version: QuoteVersion) -> bool:
    """A sent version that Koers' mail did not carry (marked as sent), still valid."""
    return (
        version.status == S.SENT
        and version.valid_until >= timezone.localdate()
        and not QuoteDocument.objects.filter(quote_version=version).exists()
    )


def _check(version: QuoteVersion) -> None:
    if QuoteDocument.objects.filter(quote_version=version).exists():
        message = _("This quote went out by Koers' mail, which carries its own link.")
        raise field_error("status", message, "status")
    if version.status != S.SENT:
        message = _("Only a quote marked as sent gets an online link.")
        raise field_error("status", message, "status")
    if version.valid_until < timezone.localdate():
        message = _("The quote's validity date has passed: extend it first.")
        raise field_error("status", message, "status")


@service
def quote_link_make(*, actor: User, version: QuoteVersion, contact: Contact | None) -> str:
    """A new link for a version marked as sent, for `contact` (who gets the confirmation when
    they accept online); returns the link's address, to be shown once. A link made before
    stops working."""
    may_change(actor, version)
    version = locked(version)
    _check(version)
    at_account = correspondence_queries.current_contacts(version.quote.account)
    if contact is None or not at_account.filter(pk=contact.pk).exists():
        message = _("Choose the contact who received the quote.")
        raise field_error("contact", message, "not_at_account")
    token = link_issue(version, contact=contact, made_by=actor)
    note = _("For %(name)s.") % {"name": contact.full_name}
    record(version, QuoteEventKind.LINK_MADE, actor, note)
    return link_url(token)


@service
def quote_link_revoke(*, actor: User, version: QuoteVersion) -> QuoteLink:
    """The link made by hand stops working (the customer sees the page of a wrong link)."""
    may_change(actor, version)
    version = locked(version)
    link = QuoteLink.objects.select_for_update().filter(quote_version=version).first()
    if link is None or link.made_by_id is None or link.revoked_at is not None:
        raise field_error("status", _("This quote has no online link to revoke."), "status")
    if link.accepted_at is not None or version.status != S.SENT:
        message = _("The quote was answered already: its link no longer matters.")
        raise field_error("status", message, "status")
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record(version, QuoteEventKind.LINK_REVOKED, actor)
    return link


__all__ = ["may_link", "quote_link_make", "quote_link_revoke"]
