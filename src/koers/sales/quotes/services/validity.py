"""The validity watch of quotes (docs/decisions.md, decision 111): the daily job reminds the owner
a few days before a sent version's validity ends, expires it after the end of its validity day
(the Europe/Amsterdam day of `TIME_ZONE`), and plans a follow-up call for the owner; and the
owner extends a sent or just-expired version with a reason.

The job is idempotent and can be retried: a reminder is a `QuoteExpiryReminder` row (one per
version and validity date), an expiry is the status move itself, a follow-up a `QuoteFollowUp`
row; each version is done in its own transaction, so one failing version leaves the others done
and a second run does only what is left."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.notifications.services import notify
from koers.relations.models import Activity, ActivityKind, ActivityStatus
from koers.relations.services.activities import activity_plan
from koers.sales.models import (
    DealActivity,
    QuoteEventKind,
    QuoteExpiryReminder,
    QuoteFollowUp,
    QuoteLink,
    QuoteStatus,
    QuoteVersion,
    ReissueKind,
)
from koers.sales.quotes import queries
from koers.sales.quotes.lifecycle import QUOTE_LIFECYCLE
from koers.sales.quotes.services.common import field_error, may_change, record
from koers.sales.quotes.services.online import expiry_of
from koers.sales.quotes.services.reissues import reissue_make
from koers.sales.quotes.services.transitions import quote_expire

logger = logging.getLogger(__name__)

S = QuoteStatus

# An expired version gets its follow-up planned by a run within this many days after it
# expired: a failed run retried a few days late still plans it, a first run never plans one for
# every quote that ever expired.
FOLLOW_UP_WINDOW_DAYS = 7
FOLLOW_UP_HOUR = 10
FOLLOW_UP_MINUTES = 15


def _label(version: QuoteVersion) -> str:
    return f"{version.quote.number} {version.label}"


def _url(version: QuoteVersion) -> str:
    return reverse("sales:quote_version", args=[version.pk])


def _when(day: date) -> str:
    return str(formats.date_format(day, "SHORT_DATE_FORMAT"))


# ------------------------------------------------------------------------------------- extend


def may_extend(version: QuoteVersion) -> bool:
    """Sent, or expired and not replaced by a revision (nor beaten by an accepted variant)."""
    if version.superseded_by_id is not None:
        return False
    return version.status in (S.SENT, S.EXPIRED)


@service
def quote_extend(
    *, actor: User, version: QuoteVersion, valid_until: date | None, reason: str
) -> QuoteVersion:
    """A later validity date for a sent or just-expired version, with the reason: recorded on
    the quote's history; an expired version is sent again (the customer may accept it)."""
    may_change(actor, version)
    version = QuoteVersion.objects.select_for_update().select_related("quote").get(pk=version.pk)
    if not may_extend(version):
        message = _("Only a sent or expired quote that no newer version replaced is extended.")
        raise field_error("status", message, "status")
    errors: dict[str, str] = {}
    today = timezone.localdate()
    if valid_until is None:
        errors["valid_until"] = _("Give the new validity date.")
    elif valid_until < today:
        errors["valid_until"] = _("The new validity date lies in the past.")
    elif valid_until <= version.valid_until:
        errors["valid_until"] = _("The new validity date must be later than %(date)s.") % {
            "date": _when(version.valid_until)
        }
    if not reason.strip():
        errors["reason"] = _("Say why the quote is extended.")
    if errors:
        raise ValidationError(errors)
    assert valid_until is not None
    before = version.valid_until
    if version.status == S.EXPIRED:
        QUOTE_LIFECYCLE.move(version, to=S.SENT, valid_until=valid_until, decided_at=None)
    else:
        version.valid_until = valid_until
        version.save(update_fields=["valid_until", "updated_at"])
    note = _("Valid until %(before)s → %(after)s: %(reason)s") % {
        "before": _when(before),
        "after": _when(valid_until),
        "reason": reason.strip(),
    }
    record(version, QuoteEventKind.EXTENDED, actor, note)
    # The link works until the new day's end; a new PDF prints the new date, beside the old.
    QuoteLink.objects.filter(quote_version=version).update(expires_at=expiry_of(version))
    reissue_make(version=version, kind=ReissueKind.EXTENDED, actor=actor)
    return version


# ------------------------------------------------------------------------------- the daily job


@dataclass
class WatchResult:
    reminded: int = 0
    expired: int = 0
    followed_up: int = 0
    failed: int = 0


def _to_remind(day: date, days: int) -> list[QuoteVersion]:
    if days <= 0:
        return []
    return list(
        QuoteVersion.objects.filter(
            status=S.SENT, valid_until__gte=day, valid_until__lte=day + timedelta(days=days)
        )
        .exclude(
            Exists(
                QuoteExpiryReminder.objects.filter(
                    quote_version=OuterRef("pk"), valid_until=OuterRef("valid_until")
                )
            )
        )
        .select_related("quote", "quote__owner", "quote__account")
        .order_by("valid_until", "pk")
    )


def _remind(version: QuoteVersion) -> bool:
    """One reminder per version and validity date: the row is the key (a second run, or two
    runs at once, finds it and sends nothing)."""
    with transaction.atomic():
        try:
            with transaction.atomic():
                QuoteExpiryReminder.objects.create(
                    quote_version=version, valid_until=version.valid_until
                )
        except IntegrityError:
            return False
        owner = version.quote.owner
        notify(
            actor=None,
            recipients=[owner],
            kind="quote_expiring",
            text=lambda: (
                _("Quote %(quote)s for %(account)s is valid until %(date)s")
                % {
                    "quote": _label(version),
                    "account": version.quote.account.name,
                    "date": _when(version.valid_until),
                }
            ),
            url=_url(version),
        )
    return True


def _follow_up_start(day: date) -> datetime:
    """The call is planned on the job's day at 10:00, or the next working day."""
    while day.weekday() >= 5:
        day += timedelta(days=1)
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(day, time(FOLLOW_UP_HOUR), tzinfo=zone)


def _planned_for_deal(version: QuoteVersion, day: date) -> Activity | None:
    """A planned activity of the owner for the quote's deal from `day` on: the follow-up is
    there already."""
    ids = DealActivity.objects.filter(opportunity_id=version.quote.opportunity_id).values(
        "activity_id"
    )
    return (
        Activity.objects.filter(
            pk__in=ids,
            status=ActivityStatus.PLANNED,
            owner_id=version.quote.owner_id,
            planned_start__date__gte=day,
        )
        .order_by("planned_start", "pk")
        .first()
    )


def _follow_up(version: QuoteVersion, day: date) -> bool:
    """A phone call for the owner about the expired version, linked to its deal, unless the
    owner has one planned for the deal already; and a notification."""
    with transaction.atomic():
        version = QuoteVersion.objects.select_for_update().get(pk=version.pk)
        if QuoteFollowUp.objects.filter(quote_version=version).exists():
            return False
        version = QuoteVersion.objects.select_related(
            "quote", "quote__owner", "quote__account"
        ).get(pk=version.pk)
        owner = version.quote.owner
        activity = _planned_for_deal(version, day)
        if activity is None:
            activity = activity_plan(
                actor=owner,
                account=version.quote.account,
                kind=ActivityKind.PHONE_CALL,
                subject=_("Follow up the expired quote %(quote)s") % {"quote": _label(version)},
                planned_start=_follow_up_start(day),
                duration=FOLLOW_UP_MINUTES,
                owner=owner,
                instructions=_(
                    "The quote expired on %(date)s without an answer: ask the customer where "
                    "they stand, then extend it, revise it or record the decline."
                )
                % {"date": _when(version.valid_until)},
                links={"opportunity": version.quote.opportunity_id},
            )
        QuoteFollowUp.objects.create(quote_version=version, activity=activity)
        start = timezone.localtime(activity.planned_start)
        record(version, QuoteEventKind.FOLLOW_UP, None, _when(start.date()))
        notify(
            actor=None,
            recipients=[owner],
            kind="quote_expired",
            text=lambda: (
                _("Quote %(quote)s for %(account)s expired: a follow-up call is planned")
                % {"quote": _label(version), "account": version.quote.account.name}
            ),
            url=_url(version),
        )
    return True


def _expire_due(day: date) -> list[int]:
    return list(
        QuoteVersion.objects.filter(status=S.SENT, valid_until__lt=day)
        .order_by("valid_until", "pk")
        .values_list("pk", flat=True)
    )


def _follow_ups_due(day: date) -> list[QuoteVersion]:
    since = timezone.make_aware(
        datetime.combine(day - timedelta(days=FOLLOW_UP_WINDOW_DAYS), time.min)
    )
    return list(
        QuoteVersion.objects.filter(
            status=S.EXPIRED,
            superseded_by__isnull=True,
            decided_at__gte=since,
            follow_up__isnull=True,
        ).order_by("pk")
    )


def _guarded(result: WatchResult, what: str, pk: int, run: object) -> bool:
    """One version's work: a failure is logged and counted, the others go on."""
    try:
        return bool(run() if callable(run) else run)
    except (ValidationError, NotAllowed, IntegrityError, DatabaseError):
        logger.exception("quote validity watch: %s of version %s failed", what, pk)
        result.failed += 1
        return False


def watch_validity(day: date) -> WatchResult:
    """The daily job's work for `day` (a local date): remind, expire, follow up."""
    result = WatchResult()
    for version in _to_remind(day, queries.settings().remind_days):
        if _guarded(result, "reminder", version.pk, lambda v=version: _remind(v)):
            result.reminded += 1
    for pk in _expire_due(day):
        version = QuoteVersion(pk=pk)
        if _guarded(result, "expiry", pk, lambda v=version: quote_expire(actor=None, version=v)):
            result.expired += 1
    for version in _follow_ups_due(day):
        if _guarded(result, "follow-up", version.pk, lambda v=version: _follow_up(v, day)):
            result.followed_up += 1
    return result
