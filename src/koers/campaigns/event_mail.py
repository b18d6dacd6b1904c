"""The mails to a registrant (decision 139): the confirmation, "you are on the waiting list",
"a place came free" and the reminder, in the registrant's language (Dutch or English), with
the event as an iCalendar attachment, the check-in QR code and the cancel link; and "your
registration was cancelled" when staff cancel it (decision 154), without any of those.

`deliver` sends one kind to one registration at most once: the `RegistrationMail` row (unique
per registration and kind) is claimed and committed before the mail goes, then marked sent
or failed; a retry finds it claimed and sends nothing. Only a failed one goes again."""

from __future__ import annotations

import logging
from email.utils import formataddr

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.campaigns.event_calendar import event_ics, qr_png
from koers.campaigns.event_links import cancel_url, check_in_url, page_url
from koers.campaigns.event_models import (
    Event,
    Registration,
    RegistrationMail,
    RegistrationMailKind,
    RegistrationMailStatus,
    RegistrationStatus,
)
from koers.core.company import Company, company
from koers.correspondence.mails import html_of

logger = logging.getLogger(__name__)

K = RegistrationMailKind
# The registration's status each kind of mail is for: a mail whose moment has passed (a
# reminder to who cancelled meanwhile) is not sent.
FOR_STATUS = {
    K.CONFIRMED: RegistrationStatus.REGISTERED,
    K.MOVED_UP: RegistrationStatus.REGISTERED,
    K.REMINDER: RegistrationStatus.REGISTERED,
    K.WAITING: RegistrationStatus.WAITING,
    K.CANCELLED: RegistrationStatus.CANCELLED,
}
# The kinds that give a place: the QR code for the door and the calendar file go with them.
WITH_PLACE = (K.CONFIRMED, K.MOVED_UP, K.REMINDER)


def when(event: Event) -> str:
    start = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    day = date_format(start, "j F Y")
    if start.date() == end.date():
        return f"{day}, {start:%H:%M}\u2013{end:%H:%M}"
    return f"{day} {start:%H:%M} \u2013 {date_format(end, 'j F Y')} {end:%H:%M}"


def _subject(kind: str, event: Event) -> str:
    subjects = {
        K.CONFIRMED: _("You are registered: %(event)s"),
        K.WAITING: _("On the waiting list: %(event)s"),
        K.MOVED_UP: _("A place came free: %(event)s"),
        K.REMINDER: _("Reminder: %(event)s"),
        K.CANCELLED: _("Registration cancelled: %(event)s"),
    }
    return subjects[K(kind)] % {"event": event.name}


def _opening(kind: str, event: Event) -> str:
    values = {"event": event.name}
    openings = {
        K.CONFIRMED: _("You are registered for %(event)s."),
        K.WAITING: _(
            "%(event)s is full, so you are on the waiting list. When a place comes free, it is "
            "yours and we mail you at once."
        ),
        K.MOVED_UP: _("A place came free: you are now registered for %(event)s."),
        K.REMINDER: _("See you soon at %(event)s."),
        K.CANCELLED: _(
            "Your registration for %(event)s was cancelled. Was that not what you wanted? "
            "Reply to this mail."
        ),
    }
    return openings[K(kind)] % values


def _text(registration: Registration, kind: str, firm: Company) -> str:
    event = registration.event
    lines = [
        _("Dear %(name)s,") % {"name": registration.name},
        "",
        _opening(kind, event),
        "",
        _("When: %(when)s") % {"when": when(event)},
        _("Where: %(where)s") % {"where": event.location},
        _("More about the event: %(link)s") % {"link": page_url(event.slug)},
    ]
    if kind in WITH_PLACE:
        lines += [
            "",
            _(
                "Show the QR code in the attachment at the entrance, or open this link there: "
                "%(link)s"
            )
            % {"link": check_in_url(registration.pk)},
            _("The attached calendar file puts the event in your agenda."),
        ]
    if kind != K.CANCELLED:
        lines += [
            "",
            _("Can you not come? Cancel your registration here: %(link)s")
            % {"link": cancel_url(event.slug, registration.pk)},
        ]
    signature = "\n".join(line for line in [firm.display_name, *firm.address_lines()] if line)
    return "\n".join(lines) + f"\n\n-- \n{signature}\n"


def message_for(registration: Registration, kind: str) -> EmailMultiAlternatives:
    firm = company()
    language = registration.language if registration.language in ("nl", "en") else "nl"
    with translation.override(language):
        subject = _subject(kind, registration.event)
        text = _text(registration, kind, firm)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=firm.from_address,
        to=[formataddr((registration.name, registration.email))],
        headers={"X-Koers-Registration": f"{registration.pk}-{kind}"},
    )
    message.attach_alternative(html_of(text, firm, language), "text/html")
    if kind in WITH_PLACE:
        message.attach("event.ics", event_ics(registration.event), "text/calendar")
        message.attach("check-in.png", qr_png(check_in_url(registration.pk)), "image/png")
    return message


def _claim(registration_id: int, kind: str) -> tuple[Registration, RegistrationMail] | None:
    """The registration and its mail row, claimed and committed; None when there is nothing to
    send (no address, a status the kind is not for, sent or claimed already)."""
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("event")
            .filter(pk=registration_id)
            .first()
        )
        if registration is None or not registration.email:
            return None
        if registration.status != FOR_STATUS[K(kind)]:
            return None
        row, created = RegistrationMail.objects.get_or_create(registration=registration, kind=kind)
        if not created and row.status != RegistrationMailStatus.FAILED:
            return None
        row.status = RegistrationMailStatus.SENDING
        row.attempts += 1
        row.save(update_fields=["status", "attempts"])
    return registration, row


def deliver(registration_id: int, kind: str) -> bool:
    """Sends the mail `kind` to the registration unless it went already; True when it went."""
    claimed = _claim(registration_id, kind)
    if claimed is None:
        return False
    registration, row = claimed
    try:
        message_for(registration, kind).send()
    except Exception as error:  # the transport's failure, whatever its kind
        logger.warning("registration mail %s failed: %s", row.pk, error)
        row.status, row.error = RegistrationMailStatus.FAILED, (str(error) or "error")[:300]
        row.save(update_fields=["status", "error"])
        return False
    row.status, row.error, row.sent_at = RegistrationMailStatus.SENT, "", timezone.now()
    row.save(update_fields=["status", "error", "sent_at"])
    return True


def failed_to_retry() -> list[tuple[int, str]]:
    """(registration, kind) of the mails the server refused, for events that have not begun."""
    rows = RegistrationMail.objects.filter(
        status=RegistrationMailStatus.FAILED, registration__event__starts_at__gt=timezone.now()
    )
    return list(rows.values_list("registration_id", "kind"))
