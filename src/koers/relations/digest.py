"""The daily digest: one e-mail per account manager with their overdue accounts, commitments due
today or overdue, and visits without a report. None when there is nothing to say; one per day
however often the job runs."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.core.models import Role, User
from koers.relations import agenda
from koers.relations.models import DigestSent
from koers.relations.norms import fill_missing_states


def digest_for(user: User, day: date) -> agenda.Overdue | None:
    """What `user`'s digest of `day` says, or None when there is nothing to say."""
    overdue = agenda.overdue(user, user, day)
    said = overdue.accounts_due.total + overdue.commitments.total + overdue.without_report.total
    if not said:
        return None
    return overdue


def send_digest(user: User, day: date) -> bool:
    """Sends `user`'s digest of `day` unless it was sent (or found empty) before; True if sent.

    The mark and the mail go together: if sending fails, the mark is rolled back and the next
    run tries again.
    """
    with transaction.atomic():
        _mark, created = DigestSent.objects.get_or_create(
            user=user, day=day, defaults={"sent": False}
        )
        if not created:
            return False
        overdue = digest_for(user, day)
        if overdue is None:
            return False
        with translation.override(user.language or settings.LANGUAGE_CODE):
            context = {
                "user": user,
                "day": day,
                "overdue": overdue,
                "agenda_url": settings.SITE_URL.rstrip("/") + reverse("relations:my_day"),
            }
            subject = _("Koers: your day, %(date)s") % {
                "date": date_format(day, "SHORT_DATE_FORMAT")
            }
            body = render_to_string("relations/digest.txt", context)
        send_mail(subject, body, None, [user.email])
        DigestSent.objects.filter(user=user, day=day).update(sent=True)
        return True


def send_digests(day: date) -> int:
    """Every active account manager with an e-mail address; returns how many were sent."""
    fill_missing_states()
    people = User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True).exclude(email="")
    return sum(send_digest(user, day) for user in people.order_by("pk"))
