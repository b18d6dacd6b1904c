"""The e-mail of a notification, sent by the worker after the commit that made it."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from koers.notifications.models import Notification


@task()
def email_notification(notification_id: int) -> bool:
    """Sends the notification's e-mail once: the row is claimed (`emailed_at` set) before the
    send, so a second run of the task sends nothing; a failed send lets go of the claim, so a
    retry sends it. True when this run sent it."""
    with transaction.atomic():
        claimed = Notification.objects.filter(pk=notification_id, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
    if not claimed:
        return False
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    person = notification.recipient
    if not person.email:
        return False
    link = settings.SITE_URL.rstrip("/") + notification.url if notification.url else ""
    with translation.override(person.language or settings.LANGUAGE_CODE):
        subject = _("Koers: %(text)s") % {"text": notification.text}
        body = "\n\n".join(part for part in (notification.text, link) if part)
    try:
        send_mail(subject[:200], body, None, [person.email])
    except Exception:
        Notification.objects.filter(pk=notification_id).update(emailed_at=None)
        raise
    return True
