"""Every write of market information (`@service`: one transaction, the actor in the history).

A signal is recorded by anyone in a few seconds: a title, and what it is tied to. The accounts
it ties to must be readable to the one who records it (they could not pick others); the rest
(segments, product groups, competitors) are lists everyone reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, AccountTeamMember, Segment
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.models import Role, User
from koers.core.writes import service
from koers.notifications.models import Notification
from koers.notifications.services import notify
from koers.planning.models import (
    AccountCompetitor,
    Importance,
    MarketSignal,
    ShareEstimate,
    SignalKind,
    SignalSource,
)
from koers.relations.models import VisitReport
from koers.sales.models import Competitor, ProductGroup

# What a change may touch besides the links.
EDITABLE = ("date", "title", "text", "source", "kind", "importance")
LINKS = ("accounts", "segments", "product_groups", "competitors")
# Kinds of signals that marketing hears of (the market and competitors are theirs to follow).
FOR_MARKETING = (SignalKind.MARKET, SignalKind.COMPETITOR)
NOTIFICATION_KIND = "market_signal"
# A signal dated further ahead than this is a typing error.
LATEST_DAYS_AHEAD = 1


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _check(signal: MarketSignal) -> None:
    errors: dict[str, ValidationError] = {}
    signal.title = (signal.title or "").strip()
    if not signal.title:
        errors["title"] = ValidationError(_("Say in a few words what you heard."), code="required")
    if signal.source not in SignalSource.values:
        errors["source"] = ValidationError(_("Choose where it comes from."), code="invalid")
    if signal.kind not in SignalKind.values:
        errors["kind"] = ValidationError(_("Choose what it is about."), code="invalid")
    if signal.importance not in Importance.values:
        errors["importance"] = ValidationError(_("Choose low, normal or high."), code="invalid")
    today = timezone.localdate()
    if signal.date is None or (signal.date - today).days > LATEST_DAYS_AHEAD:
        errors["date"] = ValidationError(_("Give the day you heard it, not later than today."))
    if errors:
        raise ValidationError(errors)
    signal.full_clean(exclude=["recorded_by", "visit_report", *LINKS])


def _readable_accounts(actor: User, accounts: Iterable[Account]) -> list[Account]:
    chosen = list(dict.fromkeys(accounts))
    ids = [a.pk for a in chosen]
    readable = set(access.accounts_readable(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if len(readable) != len(set(ids)):
        raise _error("accounts", _("Choose accounts you may read."), "not_readable")
    return chosen


def _set_links(
    signal: MarketSignal,
    actor: User,
    *,
    accounts: Iterable[Account] | None,
    segments: Iterable[Segment] | None,
    product_groups: Iterable[ProductGroup] | None,
    competitors: Iterable[Competitor] | None,
) -> None:
    if accounts is not None:
        signal.accounts.set(_readable_accounts(actor, accounts))
    if segments is not None:
        signal.segments.set(list(segments))
    if product_groups is not None:
        signal.product_groups.set(list(product_groups))
    if competitors is not None:
        signal.competitors.set(list(competitors))


@service
def signal_record(
    *,
    actor: User,
    title: str,
    date: date | None = None,
    text: str = "",
    source: str = SignalSource.CONVERSATION,
    kind: str = SignalKind.MARKET,
    importance: int = Importance.NORMAL,
    accounts: Iterable[Account] = (),
    segments: Iterable[Segment] = (),
    product_groups: Iterable[ProductGroup] = (),
    competitors: Iterable[Competitor] = (),
    visit_report: VisitReport | None = None,
) -> MarketSignal:
    if not access.can_record_signal(actor):
        raise NotAllowed
    signal = MarketSignal(
        date=date or timezone.localdate(),
        title=title,
        text=(text or "").strip(),
        source=source,
        kind=kind,
        importance=importance,
        recorded_by=actor,
        visit_report=visit_report,
    )
    _check(signal)
    signal.save()
    _set_links(
        signal,
        actor,
        accounts=accounts,
        segments=segments,
        product_groups=product_groups,
        competitors=competitors,
    )
    _notify_concerned(signal, actor)
    return signal


def concerned_people(signal: MarketSignal) -> list[User]:
    """Who hears of `signal`: the owners and the account teams of the accounts it is tied to,
    and marketing for news of the market or a competitor (docs/decisions.md, 119)."""
    accounts = signal.accounts.values("pk")
    teams = AccountTeamMember.objects.filter(account__in=accounts).values("user_id")
    people = Q(owned_accounts__in=accounts) | Q(pk__in=teams)
    if signal.kind in FOR_MARKETING:
        people |= Q(role=Role.MARKETING)
    return list(User.objects.filter(people, is_active=True).distinct().order_by("pk"))


def _notify_concerned(signal: MarketSignal, actor: User) -> None:
    """A notification to everyone concerned who has none of this signal yet (a change that ties
    it to another account tells that account's people, never anyone twice), but the actor."""
    url = reverse("planning:signal_detail", args=[signal.pk])
    told = set(
        Notification.objects.filter(kind=NOTIFICATION_KIND, url=url).values_list(
            "recipient_id", flat=True
        )
    )
    recorder = signal.recorded_by
    notify(
        actor=actor,
        recipients=[p for p in concerned_people(signal) if p.pk not in told and p != recorder],
        kind=NOTIFICATION_KIND,
        text=lambda: (
            _("%(name)s recorded a market signal: %(title)s")
            % {"name": recorder.get_full_name() or recorder.username, "title": signal.title}
        ),
        url=url,
    )


@service
def signal_update(
    *,
    actor: User,
    signal: MarketSignal,
    expected_version: int,
    data: dict[str, Any],
) -> MarketSignal:
    """Changes the fields and links in `data` (links: lists of objects); a stale version is a
    StaleVersionError with the stored signal."""
    if not access.can_change_signal(actor, signal.recorded_by_id):
        raise NotAllowed
    locked = MarketSignal.objects.select_for_update().get(pk=signal.pk)
    if locked.version != expected_version:
        raise StaleVersionError(locked, [])
    for key in EDITABLE:
        if key in data:
            setattr(locked, key, data[key])
    if "text" in data:
        locked.text = (locked.text or "").strip()
    _check(locked)
    locked.version += 1
    locked.save()
    _set_links(locked, actor, **{name: data.get(name) for name in LINKS})
    _notify_concerned(locked, actor)
    return locked


def signal_from_report_defaults(report: VisitReport) -> dict[str, Any]:
    """What a signal made from a visit report starts with: its market information, the visit's
    day and account."""
    activity = report.activity
    text = report.market_info.strip()
    first_line = text.splitlines()[0] if text else ""
    started = activity.actual_start or activity.planned_start
    return {
        "title": first_line[:200],
        "text": text,
        "source": SignalSource.VISIT_REPORT,
        "date": timezone.localdate(started) if started else timezone.localdate(),
        "accounts": [activity.account] if activity.account_id else [],
    }


@service
def signal_from_report(*, actor: User, report: VisitReport, **data: Any) -> MarketSignal:
    """The market information of a visit report made a real signal, tied to the report's
    account; `data` overrides what the report gives (the title, kind, competitors...). A
    report becomes one signal at most."""
    if not access.can_read_account(actor, report.activity.account):
        raise NotAllowed
    if MarketSignal.objects.filter(visit_report=report).exists():
        raise _error("visit_report", _("This report is already a signal."), "exists")
    values = {**signal_from_report_defaults(report), **data}
    return signal_record(actor=actor, visit_report=report, **values)


# ------------------------------------------------------------------ competitors at accounts


def _may_change_account(actor: User, account: Account) -> None:
    if not access.can_change_account(actor, account):
        raise NotAllowed


def _check_share(share: int | None) -> None:
    if share is not None and not 0 <= share <= 100:
        raise _error("share", _("A share is from 0 to 100 percent."), "range")


@service
def account_competitor_set(
    *,
    actor: User,
    account: Account,
    competitor: Competitor,
    supplies: str = "",
    share: int | None = None,
) -> AccountCompetitor:
    """Records (or changes) that `competitor` supplies `account`, for what and its share. A
    changed share keeps the earlier estimate with the day it was made (`ShareEstimate`)."""
    _may_change_account(actor, account)
    _check_share(share)
    today = timezone.localdate()
    presence = (
        AccountCompetitor.objects.select_for_update()
        .filter(account=account, competitor=competitor)
        .first()
    )
    if presence is None:
        presence = AccountCompetitor(
            account=account, competitor=competitor, share=share, share_on=today
        )
    elif presence.share != share:
        _keep_earlier_share(presence, actor, today)
        presence.share, presence.share_on = share, today
    presence.supplies = (supplies or "").strip()[:200]
    presence.updated_by = actor
    presence.save()
    return presence


def _keep_earlier_share(presence: AccountCompetitor, actor: User, today: date) -> None:
    """The estimate being replaced, with its day; a second change on the same day replaces
    that day's estimate instead of keeping both."""
    estimated_on = presence.share_on or timezone.localdate(presence.updated_at)
    if estimated_on == today:
        return
    ShareEstimate.objects.create(
        presence=presence,
        share=presence.share,
        estimated_on=estimated_on,
        replaced_on=today,
        replaced_by=actor,
    )


@service
def account_competitor_remove(*, actor: User, presence: AccountCompetitor) -> None:
    _may_change_account(actor, presence.account)
    presence.delete()
