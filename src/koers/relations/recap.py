"""The recap e-mail after a visit: what each contact who was there receives, and its sending.

What goes in is meant for the customer: the agreements, the commitments both ways made from the
report, and the next appointment's day and time. Nothing internal (what was discussed, needs,
signals, the subject of the next appointment) leaves Koers this way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.relations.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Commitment,
    CommitmentStatus,
    Recap,
    RecapRecipient,
    VisitReport,
)

# Kinds of activity that are an appointment with the customer (a mail or a note is not).
APPOINTMENT_KINDS = (
    ActivityKind.VISIT,
    ActivityKind.PHONE_CALL,
    ActivityKind.VIDEO_CALL,
    ActivityKind.EVENT_MEETING,
)


@dataclass
class RecapContent:
    activity: Activity
    report: VisitReport
    agreements: list[str]
    ours: list[Commitment]
    theirs: list[Commitment]
    next_appointment: Activity | None
    recipients: list[Contact] = field(default_factory=list)
    skipped: list[Contact] = field(default_factory=list)


def recap_content(activity: Activity, report: VisitReport) -> RecapContent:
    commitments = list(
        Commitment.objects.filter(report=report)
        .exclude(status=CommitmentStatus.CANCELLED)
        .select_related("contact")
        .order_by("due_date", "pk")
    )
    next_appointment = (
        Activity.objects.filter(
            account_id=activity.account_id,
            status=ActivityStatus.PLANNED,
            kind__in=APPOINTMENT_KINDS,
            planned_start__gt=timezone.now(),
        )
        .exclude(pk=activity.pk)
        .order_by("planned_start", "pk")
        .first()
    )
    contacts = sorted(activity.contacts.all(), key=lambda c: (c.last_name, c.first_name, c.pk))
    return RecapContent(
        activity=activity,
        report=report,
        agreements=report.agreement_lines(),
        ours=[c for c in commitments if c.direction == "ours"],
        theirs=[c for c in commitments if c.direction == "theirs"],
        next_appointment=next_appointment,
        recipients=_one_per_address([c for c in contacts if c.email]),
        skipped=[c for c in contacts if not c.email],
    )


def _one_per_address(contacts: list[Contact]) -> list[Contact]:
    seen: set[str] = set()
    kept = []
    for contact in contacts:
        if contact.email.lower() not in seen:
            seen.add(contact.email.lower())
            kept.append(contact)
    return kept


def language_of(contact: Contact) -> str:
    known = {code for code, _name in settings.LANGUAGES}
    return contact.preferred_language if contact.preferred_language in known else "nl"


def render_recap(
    content: RecapContent, *, language: str, name: str, sender: str, when: datetime | None = None
) -> tuple[str, str]:
    """Subject and body of the recap in `language`, addressed to `name`."""
    with translation.override(language):
        activity = content.activity
        visited = timezone.localtime(when or activity.actual_start or activity.planned_start)
        context = {"content": content, "name": name, "sender": sender, "visited": visited}
        subject = _("Recap of our meeting of %(date)s") % {
            "date": date_format(visited, "SHORT_DATE_FORMAT")
        }
        body = render_to_string("relations/recap.txt", context)
    return subject, body


def send_pending(recap_id: int) -> int:
    """Sends the recap to each recipient whose mail did not go out yet; returns how many went.

    Each recipient in a transaction of its own, under a lock of its row: a mail that went out is
    marked at once, so a retry (after a failure with the next one) never sends it twice."""
    recap = (
        Recap.objects.select_related("activity__account", "activity__report", "sent_by")
        .filter(pk=recap_id)
        .first()
    )
    if recap is None:
        return 0
    content = recap_content(recap.activity, recap.activity.report)
    sender = recap.sent_by
    sent = 0
    for pending in recap.recipients.filter(sent_at__isnull=True).select_related("contact"):
        with transaction.atomic():
            row = RecapRecipient.objects.select_for_update().get(pk=pending.pk)
            if row.sent_at is not None:
                continue
            name = row.contact.full_name if row.contact else row.email
            subject, body = render_recap(
                content, language=row.language, name=name, sender=str(sender)
            )
            reply_to = [sender.email] if sender.email else None
            message = EmailMessage(subject, body, None, [row.email], reply_to=reply_to)
            try:
                message.send()
            except Exception as error:  # the transport's failure, whatever its kind
                row.error = str(error)[:300] or error.__class__.__name__
                row.save(update_fields=["error"])
                continue
            row.sent_at = timezone.now()
            row.error = ""
            row.save(update_fields=["sent_at", "error"])
            sent += 1
    return sent
