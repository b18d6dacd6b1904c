"""Writes to activities: plan, log, complete, cancel, reinstate, reschedule, change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import lock_version, save_version, service
from koers.relations import links as activity_links
from koers.relations.lifecycle import ACTIVITY_LIFECYCLE
from koers.relations.models import Activity, ActivityKind, ActivityStatus, FollowUpRule
from koers.relations.norms import refresh_contact_states
from koers.relations.recurrence import add_working_days
from koers.relations.services.people import (
    account_people,
    chain_account_ids,
    check_contacts,
    check_owner,
)

MAX_DURATION = 24 * 60
# Fields a user edits on a planned activity; status moves go through the lifecycle.
EDITABLE = ("kind", "subject", "planned_start", "duration", "location", "instructions", "owner")


def may_change_activities(actor: User, account: Account) -> None:
    if not access.can_change_account(actor, account):
        raise NotAllowed(_("You may not change this account's activities."))


def visiting_address(account: Account) -> str:
    parts = [
        account.visit_street,
        " ".join(p for p in (account.visit_postcode, account.visit_city) if p),
    ]
    return ", ".join(p for p in parts if p)


def _checklist(items: Sequence[str] | None) -> list[dict[str, Any]]:
    return [{"text": text.strip()[:200], "done": False} for text in items or () if text.strip()]


def moved(activity: Activity) -> dict[str, Any]:
    """A status move is a change like any other: its version and time of change rise, so that an
    edit form opened before it is stale and a calendar takes the new state (SEQUENCE)."""
    return {"version": activity.version + 1, "updated_at": timezone.now()}


def check_follow_up_of(account: Account, source: Activity | None) -> None:
    """A follow-up continues an activity with the same account: the chain stays one account's."""
    if source is not None and source.account_id != account.pk:
        message = _("A follow-up continues an activity with the same account.")
        raise ValidationError({"follow_up_of": ValidationError(message, code="not_at_account")})


def check_duration(duration: int) -> None:
    if not 0 <= duration <= MAX_DURATION:
        raise ValidationError({"duration": [_("A duration is between 0 and 1440 minutes.")]})


@service
def activity_plan(
    *,
    actor: User,
    account: Account,
    kind: str,
    subject: str,
    planned_start: datetime,
    duration: int = 60,
    owner: User | None = None,
    contacts: Iterable[Contact] = (),
    colleagues: Iterable[User] = (),
    location: str | None = None,
    instructions: str = "",
    checklist: Sequence[str] | None = None,
    follow_up_of: Activity | None = None,
    links: Mapping[str, int | None] | None = None,
) -> Activity:
    """A planned activity; a visit's location defaults to the account's visiting address.
    `links`: the records of later apps it is for (`relations/links.py`: {"opportunity": pk});
    a follow-up starts with those of the activity it follows, `links` naming a record (or
    None) instead. `follow_up_of`, planned by hand or by the completion chain, is an activity
    of the same account (decision 122)."""
    may_change_activities(actor, account)
    check_follow_up_of(account, follow_up_of)
    owner = owner or actor
    check_owner(actor, account, owner)
    contacts = list(contacts)
    check_contacts(account, contacts)
    check_duration(duration)
    if location is None:
        location = visiting_address(account) if kind == ActivityKind.VISIT else ""
    activity = Activity(
        account=account,
        kind=kind,
        subject=subject.strip(),
        owner=owner,
        planned_start=planned_start,
        duration=duration,
        location=location,
        instructions=instructions,
        checklist=_checklist(checklist),
        created_by=actor,
        follow_up_of=follow_up_of,
    )
    activity.full_clean()
    activity.save()
    activity.contacts.set(contacts)
    activity.colleagues.set([c for c in colleagues if c.pk != owner.pk])
    if follow_up_of is not None:
        links = {**activity_links.inherited(actor, follow_up_of), **(links or {})}
    activity_links.attach_all(actor=actor, activity=activity, links=links or {})
    refresh_contact_states([account.pk])
    return activity


@service
def activity_log(
    *,
    actor: User,
    account: Account,
    kind: str,
    subject: str,
    contacts: Iterable[Contact] = (),
    outcome: str = "",
    at: datetime | None = None,
) -> Activity:
    """ "I just called X": a done activity of the actor, dated now."""
    at = at or timezone.now()
    activity = activity_plan(
        actor=actor,
        account=account,
        kind=kind,
        subject=subject,
        planned_start=at,
        duration=0 if kind in (ActivityKind.NOTE, ActivityKind.EMAIL, ActivityKind.LETTER) else 15,
        contacts=contacts,
        location="",
    )
    done = ACTIVITY_LIFECYCLE.move(
        activity,
        to=ActivityStatus.DONE,
        actual_start=at,
        actual_end=at,
        outcome=outcome,
        **moved(activity),
    )
    plan_follow_ups(actor=actor, activity=done)
    refresh_contact_states([account.pk])
    return done


@service
def activity_complete(
    *,
    actor: User,
    activity: Activity,
    outcome: str = "",
    actual_start: datetime | None = None,
    actual_end: datetime | None = None,
) -> Activity:
    """Done, with its outcome; actual times default to the planned ones (or now, if later)."""
    may_change_activities(actor, activity.account)
    start = actual_start or min(activity.planned_start, timezone.now())
    end = actual_end or start + timedelta(minutes=activity.duration)
    if end < start:
        message = _("The end lies before the start.")
        raise ValidationError({"actual_end": ValidationError(message, code="dates_order")})
    done = ACTIVITY_LIFECYCLE.move(
        activity,
        to=ActivityStatus.DONE,
        outcome=outcome,
        actual_start=start,
        actual_end=end,
        **moved(activity),
    )
    plan_follow_ups(actor=actor, activity=done)
    refresh_contact_states([activity.account_id])
    return done


# Minutes a follow-up takes, by kind: what quick logging assumes too.
FOLLOW_UP_MINUTES = {
    ActivityKind.VISIT: 60,
    ActivityKind.PHONE_CALL: 15,
    ActivityKind.VIDEO_CALL: 30,
    ActivityKind.EVENT_MEETING: 60,
}


def plan_follow_ups(*, actor: User, activity: Activity) -> list[Activity]:
    """The next activities of the completion chain of `activity`'s kind (FollowUpRule), counted
    in working days from today, for the same account, owner and contacts. Once per source and
    kind: completing it again (after a change of status) plans nothing more, nor does a kind
    already planned by hand as its follow-up (the user planned that step themselves).
    Completion is serialised by the lifecycle's row lock, so this check suffices."""
    rules = list(FollowUpRule.objects.filter(kind=activity.kind))
    if not rules:
        return []
    made_before = set(activity.follow_ups.values_list("kind", flat=True))
    account = activity.account
    owner = activity.owner
    if not (owner.is_active and owner.pk in {actor.pk, *account_people(account)}):
        owner = actor
    contacts = list(
        activity.contacts.filter(positions__account_id__in=chain_account_ids(account)).distinct()
    )
    at = timezone.localtime(activity.planned_start).time()
    made = []
    for rule in rules:
        if rule.next_kind in made_before:
            continue
        day = add_working_days(timezone.localdate(), rule.working_days)
        subject = rule.subject.replace("{subject}", activity.subject)
        made.append(
            activity_plan(
                actor=actor,
                account=account,
                kind=rule.next_kind,
                subject=subject.replace("{account}", account.name)[:200],
                planned_start=timezone.make_aware(datetime.combine(day, at)),
                duration=FOLLOW_UP_MINUTES.get(ActivityKind(rule.next_kind), 0),
                owner=owner,
                contacts=contacts,
                follow_up_of=activity,
            )
        )
    return made


@service
def activity_cancel(*, actor: User, activity: Activity, reason: str, note: str = "") -> Activity:
    may_change_activities(actor, activity.account)
    cancelled = ACTIVITY_LIFECYCLE.move(
        activity,
        to=ActivityStatus.CANCELLED,
        cancel_reason=reason,
        cancel_note=note[:200],
        **moved(activity),
    )
    refresh_contact_states([activity.account_id])
    return cancelled


@service
def activity_reinstate(*, actor: User, activity: Activity) -> Activity:
    may_change_activities(actor, activity.account)
    planned = ACTIVITY_LIFECYCLE.move(
        activity, to=ActivityStatus.PLANNED, cancel_reason="", cancel_note="", **moved(activity)
    )
    refresh_contact_states([activity.account_id])
    return planned


@service
def activity_reschedule(
    *, actor: User, activity: Activity, planned_start: datetime, expected_version: int | None = None
) -> Activity:
    """Moves a planned activity (snooze +1 day, +1 week, drag in the agenda)."""
    may_change_activities(actor, activity.account)
    locked = lock_version(
        Activity, activity.pk, activity.version if expected_version is None else expected_version
    )
    if locked.status != ActivityStatus.PLANNED:
        message = _("Only a planned activity can be moved.")
        raise ValidationError({"planned_start": ValidationError(message, code="status")})
    locked.planned_start = planned_start
    save_version(locked)
    refresh_contact_states([locked.account_id])
    return locked


@service
def activity_update(
    *,
    actor: User,
    activity: Activity,
    expected_version: int,
    data: dict[str, Any],
    contacts: Iterable[Contact] | None = None,
    colleagues: Iterable[User] | None = None,
) -> Activity:
    may_change_activities(actor, activity.account)
    locked = lock_version(Activity, activity.pk, expected_version)
    for key, value in data.items():
        if key in EDITABLE:
            setattr(locked, key, value)
    if "owner" in data and data["owner"].pk != activity.owner_id:
        check_owner(actor, locked.account, data["owner"])
    if "duration" in data:
        check_duration(locked.duration)
    locked.full_clean()
    if contacts is not None:
        contacts = list(contacts)
        check_contacts(locked.account, contacts)
    save_version(locked)
    if contacts is not None:
        locked.contacts.set(contacts)
    if colleagues is not None:
        locked.colleagues.set([c for c in colleagues if c.pk != locked.owner_id])
    refresh_contact_states([locked.account_id])
    return locked
