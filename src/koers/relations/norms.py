"""Contact norms: how often an account (and a key DMU member) wants to hear from us, and where
each stands.

The norm of an account is its own (`AccountNorm`) or its tier's (`ContactNorm`); a branch has the
norm of its own tier. A done activity of a counting kind (`CountingKind`: visits and calls, not
notes) resets the clock. `ContactState` holds the result per account and is refreshed by every
service that changes an account's activities, in the same transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.db.models import (
    Count,
    DateField,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    QuerySet,
    Value,
)
from django.db.models.functions import Cast, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Position
from koers.relations.models import (
    AccountNorm,
    Activity,
    ActivityStatus,
    ContactNorm,
    ContactState,
    CountingKind,
    RoleNorm,
)

# Due soon: the norm runs out within this many days.
DUE_SOON_DAYS = 14
# Used when an administrator deleted a tier's norm: a quarter.
FALLBACK_NORM_DAYS = 91

STATUS_LABELS = {
    "overdue": _("Overdue"),
    "due_soon": _("Due soon"),
    "on_track": _("On track"),
}


def counting_kinds() -> list[str]:
    return list(CountingKind.objects.values_list("kind", flat=True))


def norms_for(accounts: Iterable[Account]) -> dict[int, int]:
    """Account id -> days between contacts."""
    accounts = list(accounts)
    tiers = dict(ContactNorm.objects.values_list("tier", "days"))
    own = dict(
        AccountNorm.objects.filter(account__in=[a.pk for a in accounts]).values_list(
            "account_id", "days"
        )
    )
    return {a.pk: own.get(a.pk) or tiers.get(a.tier) or FALLBACK_NORM_DAYS for a in accounts}


def status_of(due_on: date | None, today: date) -> str:
    if due_on is None or due_on < today:
        return "overdue"
    if due_on <= today + timedelta(days=DUE_SOON_DAYS):
        return "due_soon"
    return "on_track"


class DaysSince(Func):
    """Whole days from the date column `field` to `day` (positive when `day` is later): on
    PostgreSQL a date minus a date, on SQLite the difference of their Julian day numbers."""

    output_field = IntegerField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self, field: str, day: date) -> None:
        super().__init__(Value(day, output_field=DateField()), F(field))

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def most_overdue_first(states: QuerySet[ContactState], today: date) -> QuerySet[ContactState]:
    """Overdue states, most overdue against their own norm first (an A account a week late
    before a C account a week late), then by tier and name; with `days_over`. Ordered in the
    database, so a page of a team's thousands of overdue accounts reads only its own rows."""
    days_over = DaysSince("due_on", today)
    return (
        states.filter(due_on__lt=today)
        .annotate(
            days_over=days_over,
            overdue_ratio=Cast(days_over, FloatField()) / Greatest(F("norm_days"), 1),
        )
        .order_by("-overdue_ratio", "account__tier", "account__name", "account_id")
    )


def refresh_contact_states(account_ids: Iterable[int]) -> None:
    """Recomputes the contact state of these accounts (call inside the writing transaction)."""
    ids = sorted(set(account_ids))
    if not ids:
        return
    accounts = list(Account.objects.filter(pk__in=ids).only("pk", "tier", "created_at"))
    norms = norms_for(accounts)
    kinds = counting_kinds()
    last = dict(
        Activity.objects.filter(account__in=ids, status=ActivityStatus.DONE, kind__in=kinds)
        .values("account_id")
        .annotate(last=Max("actual_start"))
        .values_list("account_id", "last")
    )
    upcoming = dict(
        Activity.objects.filter(
            account__in=ids,
            status=ActivityStatus.PLANNED,
            kind__in=kinds,
            planned_start__gte=timezone.now(),
        )
        .values("account_id")
        .annotate(next=Min("planned_start"))
        .values_list("account_id", "next")
    )
    rows = []
    for account in accounts:
        contacted = last.get(account.pk)
        on = timezone.localdate(contacted) if contacted else None
        since = on or timezone.localdate(account.created_at)
        rows.append(
            ContactState(
                account=account,
                last_contact_on=on,
                next_planned_at=upcoming.get(account.pk),
                norm_days=norms[account.pk],
                due_on=since + timedelta(days=norms[account.pk]),
            )
        )
    existing = set(
        ContactState.objects.filter(account__in=ids).values_list("account_id", flat=True)
    )
    ContactState.objects.bulk_create(
        [r for r in rows if r.account_id not in existing], batch_size=500
    )
    ContactState.objects.bulk_update(
        [r for r in rows if r.account_id in existing],
        ["last_contact_on", "next_planned_at", "norm_days", "due_on"],
        batch_size=500,
    )


@dataclass
class PersonStatus:
    """A key DMU member against the norm of their buying role."""

    position: Position
    norm_days: int
    last_contact_on: date | None
    status: str


def dmu_statuses(account: Account, today: date) -> list[PersonStatus]:
    """The account's current contacts whose buying role has a norm (deciders, buyers), with the
    last done contact of a counting kind they took part in. Three queries."""
    norms = dict(RoleNorm.objects.values_list("buying_role", "days"))
    positions = list(
        Position.objects.filter(
            account=account, end_date__isnull=True, buying_role__in=list(norms)
        ).select_related("contact")
    )
    if not positions:
        return []
    last = dict(
        Activity.objects.filter(
            contacts__in=[p.contact_id for p in positions],
            status=ActivityStatus.DONE,
            kind__in=counting_kinds(),
        )
        .values("contacts")
        .annotate(last=Max("actual_start"))
        .values_list("contacts", "last")
    )
    result = []
    for position in positions:
        contacted = last.get(position.contact_id)
        norm = norms[position.buying_role]
        on = timezone.localdate(contacted) if contacted else None
        due = on + timedelta(days=norm) if on else None
        result.append(PersonStatus(position, norm, on, status_of(due, today)))
    return result


def who_knows_whom(account: Account) -> list[dict]:
    """Per colleague and contact of the account: how many done contacts, and the last one
    (from activities they owned or joined). Two queries."""
    done = Activity.objects.filter(account=account, status=ActivityStatus.DONE)
    rows = (
        done.filter(contacts__isnull=False)
        .values(
            "owner",
            "owner__first_name",
            "owner__last_name",
            "contacts",
            "contacts__first_name",
            "contacts__last_name",
        )
        .annotate(times=Count("pk"), last=Max("actual_start"))
        .order_by("-last")
    )
    return [
        {
            "colleague": f"{r['owner__first_name']} {r['owner__last_name']}".strip(),
            "contact_id": r["contacts"],
            "contact": f"{r['contacts__first_name']} {r['contacts__last_name']}".strip(),
            "times": r["times"],
            "last": r["last"],
        }
        for r in rows[:50]
    ]


def fill_missing_states() -> int:
    """Gives a contact status to accounts that have none yet (made in bulk by an import, which
    sends no signals); run by the daily job before the digests. Returns how many."""
    missing = list(Account.objects.filter(contact_state__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(missing), 500):
        refresh_contact_states(missing[start : start + 500])
    return len(missing)


def refresh_every_state(batch: int = 500) -> int:
    """Recomputes the contact status of every account (after the norm table changed), a batch
    per transaction so a long run holds no lock for long. Returns how many."""
    ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            refresh_contact_states(ids[start : start + batch])
    return len(ids)
