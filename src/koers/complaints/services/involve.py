"""Involving colleagues in a complaint: a task for one of them, and the comment thread with
@mentions. The people involved are notified (koers.notifications: the header's list and an
e-mail sent once by a task)."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.complaints import queries
from koers.complaints.models import Complaint, ComplaintComment, ComplaintTask
from koers.core.errors import NotAllowed
from koers.core.models import Role, User
from koers.core.writes import service
from koers.notifications.services import notify

# "@ingrid" or "@j.de-vries": a username as Django allows it, not ending in a full stop.
MENTION = re.compile(r"(?<![\w@])@([\w.+-]*[\w+-])")


def _may_handle(actor: User, complaint: Complaint) -> None:
    if not queries.may_handle(actor, complaint):
        raise NotAllowed(_("You may not handle this complaint."))


def _url(complaint: Complaint) -> str:
    return reverse("complaints:complaint_detail", args=[complaint.pk])


def _label(complaint: Complaint) -> str:
    return f"#{complaint.pk} ({complaint.account.name})"


def involved_people(complaint: Complaint) -> list[User]:
    """Who hears of a new comment: the owner, the account's owner, the task holders and
    everyone who wrote in the thread."""
    ids = {complaint.owner_id, complaint.account.owner_id}
    ids |= set(complaint.tasks.values_list("assignee_id", flat=True))
    ids |= set(complaint.comments.values_list("author_id", flat=True))
    return list(User.objects.filter(pk__in=ids, is_active=True))


@service
def complaint_task_assign(
    *,
    actor: User,
    complaint: Complaint,
    assignee: User,
    description: str,
    due_on: date | None = None,
) -> ComplaintTask:
    """A task for a colleague (inside sales, a manager, an account manager): it makes them
    involved, so they may read and handle the complaint, and they are notified."""
    _may_handle(actor, complaint)
    if not assignee.is_active or assignee.role == Role.MARKETING:
        message = _("Choose an active colleague who may handle complaints.")
        raise ValidationError({"assignee": ValidationError(message, code="role")})
    if not description.strip():
        raise ValidationError({"description": [_("Say what the colleague should do.")]})
    task = ComplaintTask.objects.create(
        complaint=complaint,
        assignee=assignee,
        description=description.strip()[:300],
        due_on=due_on,
        created_by=actor,
    )
    notify(
        actor=actor,
        recipients=[assignee],
        kind="complaint_task",
        text=lambda: (
            _("%(actor)s asks you about complaint %(complaint)s: %(task)s")
            % {
                "actor": actor.get_full_name(),
                "complaint": _label(complaint),
                "task": task.description,
            }
        ),
        url=_url(complaint),
    )
    return task


@service
def complaint_task_done(*, actor: User, task: ComplaintTask) -> ComplaintTask:
    """Done by the colleague it was given to (or anyone who handles the complaint); the one who
    asked is notified."""
    _may_handle(actor, task.complaint)
    if task.done_at is None:
        task.done_at = timezone.now()
        task.save(update_fields=["done_at"])
        complaint = task.complaint
        notify(
            actor=actor,
            recipients=[u for u in (task.created_by, complaint.owner) if u is not None],
            kind="complaint_task_done",
            text=lambda: (
                _("%(actor)s did for complaint %(complaint)s: %(task)s")
                % {
                    "actor": actor.get_full_name(),
                    "complaint": _label(complaint),
                    "task": task.description,
                }
            ),
            url=_url(complaint),
        )
    return task


@service
def complaint_comment(*, actor: User, complaint: Complaint, text: str) -> ComplaintComment:
    """A comment in the thread. Whoever may read the complaint may write; an @mentioned
    colleague is notified (and may then read it only if they may read the account, or are
    given a task); everyone involved hears of it."""
    if not complaint_readable_by(actor, complaint) or actor.role == Role.MARKETING:
        raise NotAllowed(_("You may not comment on this complaint."))
    if not text.strip():
        raise ValidationError({"text": [_("Write a comment.")]})
    comment = ComplaintComment.objects.create(
        complaint=complaint, author=actor, text=text.strip()[:4000]
    )
    mentioned = _mentioned(text)
    comment.mentioned.set(mentioned)
    notify(
        actor=actor,
        recipients=mentioned,
        kind="complaint_mention",
        text=lambda: (
            _("%(actor)s mentioned you on complaint %(complaint)s")
            % {"actor": actor.get_full_name(), "complaint": _label(complaint)}
        ),
        url=_url(complaint),
    )
    mentioned_ids = {u.pk for u in mentioned}
    notify(
        actor=actor,
        recipients=[u for u in involved_people(complaint) if u.pk not in mentioned_ids],
        kind="complaint_comment",
        text=lambda: (
            _("%(actor)s commented on complaint %(complaint)s")
            % {"actor": actor.get_full_name(), "complaint": _label(complaint)}
        ),
        url=_url(complaint),
    )
    return comment


def _mentioned(text: str) -> list[User]:
    names = {m.lower() for m in MENTION.findall(text)}
    if not names:
        return []
    found = User.objects.filter(is_active=True, username__in=names)
    return [u for u in found if u.role != Role.MARKETING]


def complaint_readable_by(user: User, complaint: Complaint) -> bool:
    return queries.complaints_readable(user).filter(pk=complaint.pk).exists()
