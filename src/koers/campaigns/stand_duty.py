"""Stand duty: who mans the stand of an event when (decisions 139 and 147). A colleague is never
planned on two slots at once, at this event or another one (a refusal: nobody stands at two
stands); a slot over appointments in their own agenda is a warning that the planner confirms
(an appointment at the fair itself may well be kept during a quiet hour)."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.campaigns.event_models import Event, StandSlot
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.relations.agenda import planned_during

# The appointments named in the warning; more are counted.
NAMED = 3


def _error(name: str, message: str, code: str) -> ValidationError:
    return ValidationError({name: ValidationError(message, code=code)})


def _may_run(actor: User) -> None:
    if not access.can_run_campaigns(actor):
        raise NotAllowed


def _moment(value: datetime) -> str:
    return date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _until(start: datetime, end: datetime) -> str:
    """The end as a time alone on the start's day, else with its date."""
    start, end = timezone.localtime(start), timezone.localtime(end)
    return date_format(
        end, "TIME_FORMAT" if start.date() == end.date() else "SHORT_DATETIME_FORMAT"
    )


def overlapping_slot(user: User, starts_at: datetime, ends_at: datetime) -> StandSlot | None:
    """The first slot of `user`, at any event, that overlaps the period (touching ends do not)."""
    found = StandSlot.objects.filter(user=user, starts_at__lt=ends_at, ends_at__gt=starts_at)
    return found.select_related("event").order_by("starts_at", "pk").first()


def _refuse_overlap(user: User, starts_at: datetime, ends_at: datetime) -> None:
    slot = overlapping_slot(user, starts_at, ends_at)
    if slot is None:
        return
    message = _(
        "%(name)s is on stand duty at %(event)s from %(start)s until %(end)s already: nobody "
        "mans two stands at once."
    ) % {
        "name": user,
        "event": slot.event.name,
        "start": _moment(slot.starts_at),
        "end": _until(slot.starts_at, slot.ends_at),
    }
    raise _error("user", message, "overlap")


def _warn_agenda(user: User, starts_at: datetime, ends_at: datetime) -> None:
    found = planned_during(user, starts_at, ends_at)
    if not found:
        return
    named = "; ".join(
        f"{activity.subject} ({_moment(activity.planned_start)})" for activity in found[:NAMED]
    )
    if len(found) > NAMED:
        named += " " + _("and %(count)d more") % {"count": len(found) - NAMED}
    message = _(
        "%(name)s has appointments planned then: %(appointments)s. Tick the box to plan the "
        "stand duty anyway."
    ) % {"name": user, "appointments": named}
    raise _error("despite_agenda", message, "agenda")


@service
def slot_add(
    *,
    actor: User,
    event: Event,
    user: User,
    starts_at: datetime,
    ends_at: datetime,
    note: str = "",
    despite_agenda: bool = False,
) -> StandSlot:
    """Plans `user` on the stand. Refused when they are on another slot then; refused until
    confirmed (`despite_agenda`) when their agenda has planned appointments then. The
    colleague's row is locked, so two planners cannot both give them the same hour."""
    _may_run(actor)
    if ends_at <= starts_at:
        raise _error("ends_at", _("The end lies before the start."), "period")
    User.objects.select_for_update().get(pk=user.pk)
    _refuse_overlap(user, starts_at, ends_at)
    if not despite_agenda:
        _warn_agenda(user, starts_at, ends_at)
    return StandSlot.objects.create(
        event=event, user=user, starts_at=starts_at, ends_at=ends_at, note=note.strip()
    )


@service
def slot_remove(*, actor: User, slot: StandSlot) -> None:
    _may_run(actor)
    slot.delete()
