"""The manager's instructions and the checklist of a visit: set while planning, ticked during it.

Items are `{"text": ..., "done": bool}` in the activity's JSON field, addressed by their position
and checked by their text, so that a tap on a list that changed meanwhile (a colleague removed an
item on another screen) is refused instead of ticking the wrong item.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.relations.models import Activity, ActivityStatus

MAX_ITEMS = 30
MAX_TEXT = 200


def _may_change(actor: User, activity: Activity) -> None:
    if not access.can_change_account(actor, activity.account):
        raise NotAllowed(_("You may not change this account's activities."))


def _planned(activity: Activity, field: str) -> None:
    if activity.status != ActivityStatus.PLANNED:
        message = _("Only a planned activity's checklist and instructions can be changed.")
        raise ValidationError({field: ValidationError(message, code="status")})


def checklist_items(activity: Activity) -> list[dict[str, Any]]:
    """The checklist as stored, each item with its position (`line`) for the forms."""
    return [
        {"line": n, "text": str(item.get("text", "")), "done": bool(item.get("done"))}
        for n, item in enumerate(activity.checklist or [])
        if isinstance(item, dict)
    ]


def _item(locked: Activity, line: int, text: str) -> dict[str, Any]:
    items = locked.checklist or []
    if not 0 <= line < len(items) or items[line].get("text") != text:
        message = _("The checklist changed meanwhile: look again and tap once more.")
        raise ValidationError({"checklist": ValidationError(message, code="changed")})
    item: dict[str, Any] = items[line]
    return item


@service
def activity_instructions_set(
    *, actor: User, activity: Activity, instructions: str, expected_version: int
) -> Activity:
    """The manager's (or a colleague's) instructions for a planned visit."""
    _may_change(actor, activity)
    locked = lock_version(Activity, activity.pk, expected_version)
    _planned(locked, "instructions")
    locked.instructions = instructions.strip()
    return save_version(locked)


@service
def checklist_add(*, actor: User, activity: Activity, text: str) -> Activity:
    _may_change(actor, activity)
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    _planned(locked, "text")
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": [_("Write what to do or bring.")]})
    if len(text) > MAX_TEXT:
        message = _("At most %(n)d characters.") % {"n": MAX_TEXT}
        raise ValidationError({"text": [message]})
    if len(locked.checklist or []) >= MAX_ITEMS:
        message = _("A checklist has at most %(n)d items.") % {"n": MAX_ITEMS}
        raise ValidationError({"text": ValidationError(message, code="too_many")})
    locked.checklist = [*(locked.checklist or []), {"text": text, "done": False}]
    return save_version(locked)


@service
def checklist_remove(*, actor: User, activity: Activity, line: int, text: str) -> Activity:
    _may_change(actor, activity)
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    _planned(locked, "checklist")
    _item(locked, line, text)
    locked.checklist = [item for n, item in enumerate(locked.checklist) if n != line]
    return save_version(locked)


@service
def checklist_tick(
    *, actor: User, activity: Activity, line: int, text: str, done: bool
) -> Activity:
    """Ticks (or unticks) one item. The state is set, not toggled: a second tap sent by a slow
    connection does not undo the first. Not a new version: ticking during the visit must not
    make an edit form or a calendar copy of the plan stale."""
    _may_change(actor, activity)
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.status == ActivityStatus.CANCELLED:
        message = _("A cancelled activity's checklist is not ticked.")
        raise ValidationError({"checklist": ValidationError(message, code="status")})
    _item(locked, line, text)["done"] = done
    locked.save(update_fields=["checklist", "updated_at"])
    return locked
