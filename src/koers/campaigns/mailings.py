"""A mailing's copy for one contact: the text in their language with the placeholders and the
signature of the mail templates (`correspondence.mails.compose`), the HTML part in the same
letterhead layout, the plain-text part, and the one-click unsubscribe link (decision 136).

The unsubscribe token is the copy's id signed with the secret key (django.core.signing, its
own salt): it needs no table of tokens, never expires (a mail read a year later still works),
and a changed or forged token fails the signature check and does nothing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from email.utils import formataddr

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.campaigns.event_links import invitation_url, page_url
from koers.campaigns.models import Mailing, MailingSend
from koers.core.company import Company
from koers.core.models import User
from koers.correspondence.mails import compose, html_of
from koers.correspondence.placeholders import Recipient, unknown_names

SALT = "koers.campaigns.unsubscribe"


def unsubscribe_token(send_id: int) -> str:
    return signing.Signer(salt=SALT).sign(str(send_id))


def send_id_of(token: str) -> int | None:
    """The copy a token was made for; None for a token that was changed or made elsewhere."""
    try:
        value = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return int(value) if value.isdigit() else None


def unsubscribe_url(send_id: int) -> str:
    path = reverse("campaigns:unsubscribe", kwargs={"token": unsubscribe_token(send_id)})
    return settings.SITE_URL.rstrip("/") + path


# A mailing's own placeholder: the contact's personal link to the campaign's (first) event.
REGISTRATION_LINK = "{registration_link}"


def text_errors(mailing_texts: dict[str, str]) -> dict[str, str]:
    """A message per text field holding a `{name}` that is no placeholder."""
    errors = {}
    for field, text in mailing_texts.items():
        unknown = [n for n in unknown_names(text) if f"{{{n}}}" != REGISTRATION_LINK]
        if unknown:
            errors[field] = _("Unknown placeholders: %(names)s.") % {
                "names": ", ".join(f"{{{n}}}" for n in unknown)
            }
    return errors


def _footer(language: str, link: str) -> str:
    with translation.override(language):
        return _("You receive this mail because you agreed to receive our mailings.") + (
            "\n" + _("Unsubscribe with one click: %(link)s") % {"link": link}
        )


def compose_for(
    mailing: Mailing, to: Recipient, *, link: str, track: Callable[[str], str] | None = None
) -> tuple[str, str, str]:
    """Subject, plain text and HTML of the copy for `to`, the unsubscribe footer included.
    `track` rewrites the addresses of the text above the signature (`tracking.tracker_for`)
    before the footer is added, so the unsubscribe link is never tracked."""
    subject, body = mailing.text_in(to.language)
    subject, text = compose(to, subject, body)
    if REGISTRATION_LINK in text:
        text = text.replace(REGISTRATION_LINK, registration_link(mailing, to.contact))
    main, sep, sign = text.partition("\n-- \n")
    if track is not None:  # the mailing's own text, not the signature's company links
        main = track(main)
    text = f"{main.rstrip()}\n\n{_footer(to.language, link)}\n{sep}{sign}"
    return subject, text, html_of(text, to.company, to.language)


def registration_link(mailing: Mailing, contact: Contact | None) -> str:
    """The contact's invitation link to the campaign's first event (the public page for the
    example contact of a preview); empty when the campaign has no event. The event is looked
    up once per mailing object: a send asks for every copy."""
    if not hasattr(mailing, "_event_slug"):
        first = mailing.campaign.events.order_by("starts_at", "pk").values_list("slug", flat=True)
        setattr(mailing, "_event_slug", first.first() or "")  # noqa: B010
    slug: str = getattr(mailing, "_event_slug")  # noqa: B009
    if not slug:
        return ""
    if contact is None or contact.pk is None:
        return page_url(slug)
    return invitation_url(slug, contact.pk, source="mailing")


def message_for(
    mailing: Mailing,
    to: Recipient,
    *,
    address: str,
    name: str,
    link: str,
    track: Callable[[str], str] | None = None,
    send_id: int | None = None,
) -> EmailMultiAlternatives:
    subject, text, html = compose_for(mailing, to, link=link, track=track)
    sender = to.sender
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=to.company.from_address,
        to=[formataddr((name, address)) if name else address],
        reply_to=[formataddr((str(sender), sender.email))] if sender.email else None,
        headers={
            # RFC 8058: a mail program shows its own Unsubscribe button and POSTs to the link.
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Precedence": "bulk",
            "X-Koers-Mailing": str(mailing.pk),
            # A bounce quotes the headers: the copy to mark (`record_bounce`, decision 140).
            **({"X-Koers-Send": str(send_id)} if send_id is not None else {}),
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def recipient_of(send: MailingSend, sender: User, firm: Company, today: date) -> Recipient:
    account = send.account or Account(name="", owner=sender)
    return Recipient(
        contact=send.contact,
        account=account,
        sender=sender,
        company=firm,
        language=send.language or "nl",
        today=today,
    )


def sample_recipient(user: User, firm: Company, language: str, today: date) -> Recipient:
    """An example contact for the preview and the test send: nobody's data leaves."""
    contact = Contact(first_name="Anna", last_name="de Vries", preferred_language=language)
    account = Account(name=_("Example Ltd"), owner=user)
    return Recipient(
        contact=contact, account=account, sender=user, company=firm, language=language, today=today
    )
