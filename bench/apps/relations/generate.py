"""The generator's steps for relationship care: activities at the rhythm of each tier (some
accounts going cold), visit reports for most done visits, commitments both ways, and the contact
status of every account (what it looks like: bench/README.md).

Volumes follow the accounts: 20 activities, 6 reports and 2 commitments per account, so size L
has 2,000,000 activities, about 600,000 reports and 200,000 commitments.

Dates are relative to the day the data is generated (not the generator's fixed `g.now`): the
agenda, the overdue lists and the calendar feed read "today" from the clock, so a database made
in May would show an empty day in December. Regenerate a database older than a few weeks (the
planned activities run six weeks ahead).
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from koers.accounts.models import Account
from koers.relations.demo import AGREEMENTS, DISCUSSED, NEEDS, NEXT_STEPS, SUBJECTS
from koers.relations.models import (
    REPORTED_KINDS,
    Activity,
    Commitment,
    ContactNorm,
    ContactState,
    CountingKind,
    VisitReport,
)

if TYPE_CHECKING:
    from bench.generate import Generator

ACTIVITIES_PER_ACCOUNT = 20
# Relative number of activities per account of a tier: an A account hears from us about every
# ten days (every two weeks a contact that counts, its norm is 28 days), a C account every
# three months.
TIER_WEIGHT = {"A": 6.0, "B": 2.5, "C": 0.6}
KIND_WEIGHTS = {
    "visit": 30,
    "phone_call": 30,
    "video_call": 6,
    "event_meeting": 2,
    "email": 22,
    "letter": 2,
    "note": 8,
}
HISTORY_DAYS = 730
AHEAD_DAYS = 42
# Accounts going cold: the last contact lies 1.2 to 3 norms back and nothing is planned.
GOING_COLD = 0.08
# Shares of done meetings with a report: lower for the last week (not written yet).
REPORTED_SHARE, RECENT_REPORTED_SHARE = 0.92, 0.6
# A report leads to a commitment this often; a fifth of all commitments are made directly.
COMMITMENT_PER_REPORT = 0.27
DIRECT_COMMITMENTS = 0.2
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
DURATIONS = {"visit": (60, 90, 120), "video_call": (30, 45, 60), "event_meeting": (30, 60)}


def _json_list(g: Generator) -> Any:
    """An empty JSON list as the write path stores it (text for the raw writers)."""
    return [] if g.writer.method == "orm" else "[]"


def relations_setup(g: Generator) -> int:
    """Today (from the clock), the norms and counting kinds of migration relations/0002, the
    contacts per account and inside sales per team that the activities pick from."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    g.rel_now = now
    g.rel_today = now.astimezone(AMSTERDAM).date()
    g.norm_days = dict(ContactNorm.objects.values_list("tier", "days"))
    g.counting = set(CountingKind.objects.values_list("kind", flat=True))
    contacts_of: dict[int, list[int]] = defaultdict(list)
    for cid, account in zip(g.contact_ids, g.contact_accounts, strict=True):
        if len(contacts_of[account.id]) < 6:
            contacts_of[account.id].append(cid)
    g.contacts_of = contacts_of
    return 0


def _moments(g: Generator, n: int, start: datetime, end: datetime) -> list[datetime]:
    """`n` moments spread evenly from `start` to `end` with jitter, on working days between
    8:00 and 17:00 (UTC, close enough for test data), on the quarter hour."""
    rng = g.rng
    span = (end - start).total_seconds()
    out = []
    for i in range(n):
        moment = start + timedelta(seconds=(i + rng.random()) * span / n)
        weekday = moment.weekday()
        if weekday >= 5:
            moment += timedelta(days=7 - weekday)
        moment = moment.replace(hour=7 + rng.randrange(9), minute=15 * rng.randrange(4), second=0)
        out.append(moment.replace(microsecond=0))
    return out


def activities(g: Generator) -> int:
    """Activities of every account, their contacts and colleagues; leaves on `g` the done
    meetings that may get a report and each account's contact status."""
    rng, dt = g.rng, g.dt
    now = g.rel_now
    plan = g.plan
    weights = [TIER_WEIGHT[a.tier] for a in plan]
    # 4 % more: the accounts going cold have fewer.
    per_weight = 1.04 * ACTIVITIES_PER_ACCOUNT * len(plan) / sum(weights)
    kinds, kind_weights = list(KIND_WEIGHTS), list(itertools.accumulate(KIND_WEIGHTS.values()))
    first = (Activity.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    make = g.writer.row_maker(Activity, ["id"])
    empty_list = _json_list(g)
    g.meetings: list[tuple[int, int, int, datetime]] = []  # id, account id, owner id, end
    g.done_activities: list[tuple[int, int, int, datetime]] = []
    contact_links: list[tuple[int, int]] = []
    colleague_links: list[tuple[int, int]] = []
    g.contact_states: list[tuple[int, date | None, datetime | None, int]] = []
    history_start = now - timedelta(days=HISTORY_DAYS)
    ahead = now + timedelta(days=AHEAD_DAYS)
    recent = now - timedelta(days=14)

    def rows() -> Iterable[tuple]:
        for account in plan:
            norm = g.norm_days.get(account.tier, 91)
            n = max(1, round(per_weight * TIER_WEIGHT[account.tier] * rng.uniform(0.5, 1.5)))
            end = ahead
            if rng.random() < GOING_COLD:
                end = now - timedelta(days=norm * rng.uniform(1.2, 3.0))
                n = max(1, round(n * (end - history_start) / (ahead - history_start)))
            team = g.team_of.get(account.owner_id, 0)
            inside = g.team_inside[team]
            colleagues = [u for u in g.team_ams[team] if u != account.owner_id]
            contacts = g.contacts_of.get(account.id, [])
            last_contact: datetime | None = None
            next_planned: datetime | None = None
            for moment, kind in zip(
                _moments(g, n, history_start, end),
                rng.choices(kinds, cum_weights=kind_weights, k=n),
                strict=True,
            ):
                aid = next(ids)
                owner = account.owner_id
                draw = rng.random()
                if inside and kind in ("phone_call", "email") and draw < 0.25:
                    owner = rng.choice(inside)
                elif colleagues and draw < 0.04:
                    owner = rng.choice(colleagues)
                duration = rng.choice(DURATIONS.get(kind, (15, 30)))
                finished = moment + timedelta(minutes=duration)
                # Done only once over: a meeting still going on at `now` is still planned (its
                # report could not be written before it ended).
                if finished <= now:
                    if moment >= recent and rng.random() < 0.06:
                        status = "planned"  # not completed: on the agenda as overdue
                    elif rng.random() < 0.04:
                        status = "cancelled"
                    else:
                        status = "done"
                else:
                    status = "planned"
                done = status == "done"
                if kind in g.counting:
                    if done and (last_contact is None or moment > last_contact):
                        last_contact = moment
                    elif status == "planned" and moment >= now and next_planned is None:
                        next_planned = moment
                if done:
                    g.done_activities.append((aid, account.id, owner, finished))
                    if kind in REPORTED_KINDS:
                        g.meetings.append((aid, account.id, owner, finished))
                if contacts and kind != "note" and rng.random() < 0.7:
                    contact_links.append((aid, rng.choice(contacts)))
                    if kind == "visit" and len(contacts) > 1 and rng.random() < 0.3:
                        other = rng.choice(contacts)
                        if other != contact_links[-1][1]:
                            contact_links.append((aid, other))
                if kind == "visit" and colleagues and rng.random() < 0.04:
                    colleague_links.append((aid, rng.choice(colleagues)))
                cancelled = status == "cancelled"
                yield make(
                    {
                        "id": aid,
                        "account_id": account.id,
                        "kind": kind,
                        "subject": rng.choice(SUBJECTS.get(kind, SUBJECTS["note"])),
                        "owner_id": owner,
                        "planned_start": dt(moment),
                        "duration": duration,
                        "actual_start": dt(moment) if done else None,
                        "actual_end": dt(finished) if done else None,
                        "location": "",
                        "status": status,
                        "outcome": "Besproken en afgesproken." if done and draw < 0.3 else "",
                        "cancel_reason": (
                            rng.choice(("customer", "us", "no_show", "incident"))
                            if cancelled
                            else ""
                        ),
                        "cancel_note": "",
                        "instructions": "",
                        "checklist": empty_list,
                        "created_by_id": owner,
                        "version": 1,
                        "created_at": dt(min(moment, now) - timedelta(days=rng.randrange(1, 20))),
                        "updated_at": dt(min(finished, now)),
                    }
                )
            g.contact_states.append((account.id, _local(last_contact), next_planned, norm))

    count = g.writer.write(Activity, rows())
    through = Activity.contacts.through
    make_link = g.writer.row_maker(through, ["activity_id", "contact_id"])
    count += g.writer.write(
        through, (make_link({"activity_id": a, "contact_id": c}) for a, c in contact_links)
    )
    through = Activity.colleagues.through
    make_link = g.writer.row_maker(through, ["activity_id", "user_id"])
    count += g.writer.write(
        through, (make_link({"activity_id": a, "user_id": u}) for a, u in colleague_links)
    )
    return count


def _local(moment: datetime | None) -> date | None:
    return moment.astimezone(AMSTERDAM).date() if moment else None


def reports(g: Generator) -> int:
    """A report for most done meetings (fewer for the last week), by the activity's owner;
    leaves on `g` the reports that commitments come from."""
    rng, dt, day = g.rng, g.dt, g.day
    now = g.rel_now
    week_ago = now - timedelta(days=7)
    first = (VisitReport.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    make = g.writer.row_maker(VisitReport, ["id"])
    g.reported: list[tuple[int, int, int, datetime]] = []  # report id, account, owner, written

    def rows() -> Iterable[tuple]:
        for aid, account_id, owner, finished in g.meetings:
            share = RECENT_REPORTED_SHARE if finished >= week_ago else REPORTED_SHARE
            if rng.random() >= share:
                continue
            rid = next(ids)
            written = min(finished + timedelta(hours=rng.randrange(1, 30)), now)
            g.reported.append((rid, account_id, owner, written))
            agreements = rng.sample(AGREEMENTS, rng.choice((0, 1, 1, 2, 3)))
            step = rng.random() < 0.5
            yield make(
                {
                    "id": rid,
                    "activity_id": aid,
                    "purpose": "Relatie onderhouden en behoeften peilen.",
                    "discussed": rng.choice(DISCUSSED),
                    "needs": rng.choice(NEEDS),
                    "signals": "",
                    "market_info": "",
                    "agreements": "\n".join(agreements),
                    "next_step": rng.choice(NEXT_STEPS) if step else "",
                    "next_step_date": (
                        day((written + timedelta(days=rng.randrange(5, 30))).date())
                        if step
                        else None
                    ),
                    "author_id": owner,
                    "version": 1,
                    "created_at": dt(written),
                    "updated_at": dt(written),
                }
            )

    count = g.writer.write(VisitReport, rows())
    del g.meetings
    return count


def commitments(g: Generator) -> int:
    """Commitments both ways: most from reports, a fifth made directly after a done activity.
    Past their due date most are done (some late), some still open (overdue), a few cancelled."""
    rng, dt, day = g.rng, g.dt, g.day
    today = g.rel_today
    make = g.writer.row_maker(Commitment, ["account_id"])
    from_reports = [r for r in g.reported if rng.random() < COMMITMENT_PER_REPORT]
    direct = rng.sample(
        g.done_activities,
        min(len(g.done_activities), int(len(from_reports) * DIRECT_COMMITMENTS / 0.8)),
    )
    sources = [("visit_report", *r) for r in from_reports] + [
        ("direct", None, account, owner, finished) for _aid, account, owner, finished in direct
    ]
    sources.sort(key=lambda s: s[4])
    first = (Commitment.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1

    def rows() -> Iterable[tuple]:
        for cid, (source, report_id, account_id, owner, made) in enumerate(sources, first):
            due = made.astimezone(AMSTERDAM).date() + timedelta(days=rng.randrange(5, 45))
            status, done_on = "open", None
            if due < today:
                draw = rng.random()
                if draw < 0.85:
                    status = "done"
                    done_on = min(due + timedelta(days=rng.randrange(-10, 9)), today)
                elif draw < 0.89:
                    status = "cancelled"
            elif rng.random() < 0.15:
                status, done_on = "done", today - timedelta(days=rng.randrange(0, 3))
            contacts = g.contacts_of.get(account_id)
            yield make(
                {
                    "id": cid,
                    "account_id": account_id,
                    "direction": "ours" if rng.random() < 0.65 else "theirs",
                    "description": rng.choice(AGREEMENTS),
                    "contact_id": rng.choice(contacts) if contacts and rng.random() < 0.8 else None,
                    "owner_id": owner,
                    "due_date": day(due),
                    "source": source,
                    "report_id": report_id,
                    "status": status,
                    "done_date": day(done_on) if done_on else None,
                    "done_note": "Gedaan." if done_on else "",
                    "created_by_id": owner,
                    "version": 1,
                    "created_at": dt(made),
                    "updated_at": dt(made),
                }
            )

    count = g.writer.write(Commitment, rows())
    del g.reported, g.done_activities
    return count


def contact_states(g: Generator) -> int:
    """Every account's contact status, as `relations.norms.refresh_contact_states` computes it:
    the norm of its tier, the last done contact of a counting kind (or, without one, the day the
    account was made) plus the norm."""
    dt, day = g.dt, g.day
    never = [aid for aid, last, _next, _norm in g.contact_states if last is None]
    created: dict[int, date | None] = {}
    for start in range(0, len(never), 5_000):
        chunk = Account.objects.filter(pk__in=never[start : start + 5_000])
        created.update((pk, _local(at)) for pk, at in chunk.values_list("pk", "created_at"))
    make = g.writer.row_maker(
        ContactState, ["account_id", "last_contact_on", "next_planned_at", "norm_days", "due_on"]
    )

    def rows() -> Iterable[tuple]:
        for aid, last, upcoming, norm in g.contact_states:
            since = last or created.get(aid) or g.rel_today
            yield make(
                {
                    "account_id": aid,
                    "last_contact_on": day(last) if last else None,
                    "next_planned_at": dt(upcoming) if upcoming else None,
                    "norm_days": norm,
                    "due_on": day(since + timedelta(days=norm)),
                }
            )

    count = g.writer.write(ContactState, rows())
    del g.contact_states
    return count


GENERATE = [
    ("relations setup", relations_setup),
    ("activities", activities),
    ("visit reports", reports),
    ("commitments", commitments),
    ("contact states", contact_states),
]
CHOSEN_IDS = [Activity, VisitReport, Commitment]


def loaded_models() -> list[Any]:
    return [
        Activity,
        Activity.contacts.through,
        Activity.colleagues.through,
        VisitReport,
        Commitment,
        ContactState,
    ]


def counts() -> dict[str, int]:
    return {
        "activities": Activity.objects.count(),
        "visit reports": VisitReport.objects.count(),
        "commitments": Commitment.objects.count(),
    }
