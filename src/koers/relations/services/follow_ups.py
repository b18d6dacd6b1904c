"""The completion chains an administrator sets: completing an activity of one kind plans the
next (`activities.plan_follow_ups` does the planning)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.relations.models import ActivityKind, FollowUpRule

MAX_WORKING_DAYS = 260  # about a working year
PLACEHOLDERS = ("{subject}", "{account}")


def _may_set(actor: User) -> None:
    if not access.can_manage_settings(actor):
        raise NotAllowed(_("Only administrators set the follow-ups."))


@service
def follow_up_rule_add(
    *, actor: User, kind: str, next_kind: str, working_days: int, subject: str
) -> FollowUpRule:
    _may_set(actor)
    for field, value in (("kind", kind), ("next_kind", next_kind)):
        if value not in ActivityKind.values:
            raise ValidationError({field: _("Unknown activity kind.")}, code="invalid")
    if not 0 <= working_days <= MAX_WORKING_DAYS:
        message = _("Between 0 and %(max)s working days.") % {"max": MAX_WORKING_DAYS}
        raise ValidationError({"working_days": message}, code="range")
    subject = subject.strip()
    leftover = subject
    for placeholder in PLACEHOLDERS:
        leftover = leftover.replace(placeholder, "")
    if "{" in leftover or "}" in leftover:
        message = _("Only {subject} and {account} can be filled in.")
        raise ValidationError({"subject": message}, code="placeholder")
    if FollowUpRule.objects.filter(kind=kind, next_kind=next_kind).exists():
        message = _("This kind already has a follow-up of that kind.")
        raise ValidationError({"next_kind": message}, code="unique")
    rule = FollowUpRule(kind=kind, next_kind=next_kind, working_days=working_days, subject=subject)
    rule.full_clean()
    rule.save()
    return rule


@service
def follow_up_rule_remove(*, actor: User, rule: FollowUpRule) -> None:
    _may_set(actor)
    rule.delete()
