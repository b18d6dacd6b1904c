"""Notifying people, and marking what they read."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from koers.core.models import User
from koers.core.writes import service
from koers.notifications.models import Notification


@service
def notify(
    *,
    actor: User | None,
    recipients: Iterable[User],
    kind: str,
    text: Callable[[], str],
    url: str = "",
) -> list[Notification]:
    """A notification for each active recipient but the actor, e-mailed after the commit (by a
    task, once). `text` is called in each recipient's language. Returns what was made."""
    from koers.notifications.tasks import email_notification

    made = []
    for person in {p.pk: p for p in recipients}.values():
        if not person.is_active or (actor is not None and person.pk == actor.pk):
            continue
        with translation.override(person.language or settings.LANGUAGE_CODE):
            line = str(text())[:300]
        made.append(
            Notification.objects.create(
                recipient=person, actor=actor, kind=kind, text=line, url=url[:300]
            )
        )
    for notification in made:
        transaction.on_commit(_enqueue(email_notification, notification.pk))
    return made


def _enqueue(task: Any, pk: int) -> Callable[[], None]:
    return lambda: task.enqueue(notification_id=pk)


@service
def notifications_mark_read(*, actor: User, ids: Iterable[int] | None = None) -> int:
    """Marks the actor's own notifications read (all unread ones when `ids` is None)."""
    rows = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
