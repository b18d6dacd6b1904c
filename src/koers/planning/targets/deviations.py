"""Recording why a target deviates and what is done about it (issue 15): one record per target
(a target is one measure, level and period), kept with its history; the cause from a fixed list
so that the causes can be counted. Its owner records it (`queries.may_explain`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.planning.models.deviations import DeviationCause, TargetDeviation
from koers.planning.models.targets import Target
from koers.planning.targets import queries

MAX_TEXT = 2000


def _clean(cause: str, comment: str, action: str) -> tuple[str, str, str]:
    errors: dict[str, ValidationError] = {}
    if cause not in DeviationCause.values:
        errors["cause"] = ValidationError(_("Choose a cause from the list."), code="invalid")
    comment, action = comment.strip(), action.strip()
    for name, text in (("comment", comment), ("action", action)):
        if len(text) > MAX_TEXT:
            message = _("At most %(n)s characters.") % {"n": MAX_TEXT}
            errors[name] = ValidationError(message, code="invalid")
    if cause == DeviationCause.OTHER and not comment:
        # "Other" needs the comment that says what it is.
        errors["comment"] = ValidationError(_("Say what the other cause is."), code="needs_field")
    if errors:
        raise ValidationError(errors)
    return cause, comment, action


def deviation_record(
    *, actor: User, target: Target, cause: str, comment: str = "", action: str = ""
) -> TargetDeviation:
    """Records (or changes) the cause of `target`'s deviation and the corrective action."""
    if not queries.may_explain(actor, target):
        raise NotAllowed
    cause, comment, action = _clean(cause, comment, action)
    with transaction.atomic():
        found = TargetDeviation.objects.select_for_update().filter(for_target=target).first()
        if found is None:
            return TargetDeviation.objects.create(
                for_target=target, cause=cause, comment=comment, action=action, recorded_by=actor
            )
        if (found.cause, found.comment, found.action) == (cause, comment, action):
            return found
        found.cause, found.comment, found.action = cause, comment, action
        found.recorded_by = actor
        found.version += 1
        found.save(
            update_fields=["cause", "comment", "action", "recorded_by", "version", "updated_at"]
        )
        return found
