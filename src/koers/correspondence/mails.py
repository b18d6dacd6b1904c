"""Composing a mail for each recipient (their language, their placeholders, the signature) and
sending the ones that did not go out yet (decision 65's shape: recorded once in the request,
each recipient sent and marked on its own)."""

from __future__ import annotations

from collections.abc import Callable
from email.utils import formataddr

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from koers.core.company import Company, company
from koers.correspondence.models import SentMail, SentMailRecipient
from koers.correspondence.placeholders import Recipient, fill, values_for

# Files another app attaches to a mail it sent through `mail_send` (a quote's PDF): each source
# gives (file name, bytes, content type) for a mail, read again on every attempt.
AttachmentSource = Callable[[SentMail], list[tuple[str, bytes, str]]]
ATTACHMENT_SOURCES: list[AttachmentSource] = []


def register_attachments(source: AttachmentSource) -> None:
    if source not in ATTACHMENT_SOURCES:
        ATTACHMENT_SOURCES.append(source)


# Text another app adds to one recipient's copy as it goes out (a quote's online link): made at
# each attempt and never stored with the copy, so that a secret in it stays out of the database.
TextSource = Callable[[SentMail, SentMailRecipient], str]
TEXT_SOURCES: list[TextSource] = []


def register_text(source: TextSource) -> None:
    if source not in TEXT_SOURCES:
        TEXT_SOURCES.append(source)


def _body_of(row: SentMailRecipient, mail: SentMail) -> str:
    extra = [text for source in TEXT_SOURCES if (text := source(mail, row))]
    if not extra:
        return row.body
    text, sep, sign = row.body.partition("\n-- \n")
    return text.rstrip() + "\n\n" + "\n\n".join(extra) + "\n" + sep + sign


def signature(to: Recipient) -> str:
    """The writer's name, then our company as the settings have it."""
    firm = to.company
    lines = [str(to.sender), firm.display_name, *firm.address_lines(), *firm.contact_lines()]
    footer = firm.footer_lines()
    text = "\n".join(line for line in lines if line)
    return f"{text}\n\n" + "\n".join(footer) if footer else text


def compose(to: Recipient, subject: str, body: str) -> tuple[str, str]:
    """Subject and full text (signature included) of the mail for `to`."""
    values = values_for(to)
    with translation.override(to.language):
        text = fill(body, values).rstrip()
        return fill(subject, values).strip(), f"{text}\n\n-- \n{signature(to)}\n"


def html_of(body: str, firm: Company, language: str) -> str:
    """The HTML part: the text escaped and in paragraphs, in a plain layout (our template, the
    user's text only as a value in it)."""
    text, _sep, sign = body.partition("\n-- \n")
    return render_to_string(
        "correspondence/mail.html",
        {"text": text.strip(), "signature": sign.strip(), "company": firm, "language": language},
    )


def message_for(row: SentMailRecipient, mail: SentMail, firm: Company) -> EmailMultiAlternatives:
    sender = mail.sent_by
    reply_to = [formataddr((str(sender), sender.email))] if sender.email else None
    body = _body_of(row, mail)
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=body,
        from_email=firm.from_address,
        to=[formataddr((row.name, row.email)) if row.name else row.email],
        reply_to=reply_to,
        headers={"X-Koers-Mail": f"{mail.pk}-{row.pk}"},
    )
    message.attach_alternative(html_of(body, firm, row.language), "text/html")
    for source in ATTACHMENT_SOURCES:
        for name, content, mimetype in source(mail):
            message.attach(name, content, mimetype)
    return message


def send_pending(mail_id: int) -> int:
    """Sends the mail to each recipient whose copy did not go out yet; returns how many went.

    Each recipient in a transaction of its own, under a lock of its row, and marked sent at
    once: a retry, or the task running twice, never sends a copy twice."""
    mail = SentMail.objects.select_related("sent_by").filter(pk=mail_id).first()
    if mail is None:
        return 0
    firm = company()
    sent = 0
    for pending in mail.recipients.filter(sent_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            row = SentMailRecipient.objects.select_for_update().get(pk=pending)
            if row.sent_at is not None:
                continue
            row.attempts += 1
            try:
                message_for(row, mail, firm).send()
            except Exception as error:  # the transport's failure, whatever its kind
                row.error = (str(error) or error.__class__.__name__)[:300]
                row.save(update_fields=["error", "attempts"])
                continue
            row.sent_at = timezone.now()
            row.error = ""
            row.save(update_fields=["sent_at", "error", "attempts"])
            sent += 1
    return sent
