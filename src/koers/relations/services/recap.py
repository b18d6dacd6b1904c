"""Sending the recap of a visit to the contacts who were there: once."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.relations.models import (
    Activity,
    ActivityKind,
    ActivityStatus,
    Recap,
    RecapRecipient,
    VisitReport,
)
from koers.relations.recap import language_of, recap_content
from koers.relations.services.activities import activity_log


def recap_refusal(activity: Activity) -> str:
    """Why no recap can be sent for `activity` now, or "" when it can."""
    if not activity.asks_for_report or activity.status != ActivityStatus.DONE:
        return _("A recap is sent after a visit or meeting that took place.")
    if not VisitReport.objects.filter(activity=activity).exists():
        return _("Write the report first: the recap holds its agreements.")
    recap = Recap.objects.filter(activity=activity).first()
    if recap is not None and not recap.recipients.filter(sent_at__isnull=True).exists():
        return _("The recap was sent on %(date)s.") % {
            "date": date_format(timezone.localtime(recap.created_at), "SHORT_DATETIME_FORMAT")
        }
    return ""


@service
def recap_send(*, actor: User, activity: Activity) -> Recap:
    """Records the recap and the e-mail activity, and sends the mails after the commit.

    A second call sends nothing new: refused when every mail went out, and after a failure it
    sends only the mails that did not (each recipient's row says)."""
    if not access.can_change_account(actor, activity.account):
        raise NotAllowed(_("You may not change this account's activities."))
    Activity.objects.select_for_update().filter(pk=activity.pk).first()
    refusal = recap_refusal(activity)
    if refusal:
        raise ValidationError({"recap": ValidationError(refusal, code="refused")})
    recap = Recap.objects.filter(activity=activity).first()
    if recap is None:
        content = recap_content(activity, activity.report)
        if not content.recipients:
            message = _("None of the contacts who were there has an e-mail address.")
            raise ValidationError({"recap": ValidationError(message, code="no_address")})
        email = activity_log(
            actor=actor,
            account=activity.account,
            kind=ActivityKind.EMAIL,
            subject=_("Recap: %(subject)s") % {"subject": activity.subject},
            contacts=content.recipients,
            outcome=", ".join(f"{c.full_name} <{c.email}>" for c in content.recipients),
        )
        recap = Recap.objects.create(activity=activity, email_activity=email, sent_by=actor)
        RecapRecipient.objects.bulk_create(
            RecapRecipient(recap=recap, contact=c, email=c.email, language=language_of(c))
            for c in content.recipients
        )
    from koers.relations.tasks import send_recap

    transaction.on_commit(partial(send_recap.enqueue, recap.pk))
    return recap
