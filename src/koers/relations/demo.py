"""A year of relationship care for the demo (`manage.py demo`): done and planned activities at
the rhythm each tier asks (some accounts going cold), reports for most visits, commitments both
ways (some overdue), so that signing in as `sanne` shows a believable day.

Rows are written in bulk with their first history row, then every account's contact status is
computed once.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from koers.accounts.models import Account, AccountTeamMember, Contact, Position
from koers.demo.context import DemoContext
from koers.relations.models import (
    REPORTED_KINDS,
    Activity,
    ActivityStatus,
    CancelReason,
    Commitment,
    CommitmentDirection,
    CommitmentSource,
    CommitmentStatus,
    FollowUpRule,
    VisitReport,
)
from koers.relations.norms import refresh_contact_states
from koers.relations.services.activities import visiting_address
from koers.relations.services.schedules import visit_schedule_make

# Mean days between contacts per tier: a little inside the norms (28, 56, 182).
RHYTHM = {"A": 20, "B": 42, "C": 100}
KINDS = {"visit": 42, "phone_call": 33, "video_call": 8, "email": 12, "event_meeting": 2, "note": 3}
GOING_COLD = 0.12
SUBJECTS = {
    "visit": (
        "Kwartaalgesprek",
        "Kennismaking nieuwe inkoper",
        "Evaluatie levering",
        "Presentatie nieuw assortiment",
        "Jaargesprek",
        "Bezoek vestiging",
    ),
    "phone_call": (
        "Nabellen offerte",
        "Vraag over levertijd",
        "Afspraak maken",
        "Terugbellen over factuur",
        "Check tevredenheid",
    ),
    "video_call": ("Online demo", "Overleg jaarplan", "Afstemming logistiek"),
    "email": ("Prijslijst gestuurd", "Bevestiging afspraak", "Informatie nagestuurd"),
    "event_meeting": ("Gesproken op de vakbeurs", "Netwerkbijeenkomst"),
    "note": ("Notitie na telefoontje collega", "Signaal uit de markt"),
}
DISCUSSED = (
    "Voorraadproblemen rond de feestdagen en de levertijden van het afgelopen kwartaal.",
    "De nieuwe inkoper kent ons nog niet; assortiment en werkwijze doorgenomen.",
    "Tevreden over de service, kritisch over de prijsstijging van dit jaar.",
    "Uitbreiding naar twee nieuwe vestigingen in het voorjaar besproken.",
    "Concurrent heeft een scherpe aanbieding gedaan; onze meerwaarde toegelicht.",
    "Plannen voor duurzamer verpakken; zij zoeken een partner die meedenkt.",
)
NEEDS = (
    "Snellere levering",
    "Eén aanspreekpunt",
    "Betere prijsafspraken",
    "Advies over assortiment",
    "",
)
AGREEMENTS = (
    "Wij sturen de nieuwe prijslijst",
    "Wij plannen een demo op locatie",
    "Zij sturen de volumes van vorig jaar",
    "Wij regelen een proefbestelling",
    "Zij stellen ons voor aan de directeur",
    "Wij zoeken de levertijden uit",
)
NEXT_STEPS = ("Nabellen over de offerte", "Vervolgafspraak plannen", "Proefbestelling evalueren")


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _workday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def build(context: DemoContext, rng: random.Random) -> None:
    today = context.today
    accounts = list(Account.objects.select_related("owner").order_by("pk"))
    contacts_at: dict[int, list[int]] = defaultdict(list)
    for account_id, contact_id in (
        Position.objects.filter(end_date__isnull=True)
        .order_by("pk")
        .values_list("account_id", "contact_id")
    ):
        contacts_at[account_id].append(contact_id)
    colleagues: dict[int, list[int]] = defaultdict(list)
    for account_id, user_id in AccountTeamMember.objects.order_by("pk").values_list(
        "account_id", "user_id"
    ):
        colleagues[account_id].append(user_id)

    activities: list[Activity] = []
    people: list[list[int]] = []  # contact ids per activity, same order
    for account in accounts:
        mean = RHYTHM[account.tier] * (3 if account.status == "former" else 1)
        stop = today
        if rng.random() < GOING_COLD:
            stop = today - timedelta(days=int(mean * rng.uniform(1.6, 3.0)))
        day = today - timedelta(days=365) + timedelta(days=rng.randint(0, mean))
        while day < stop:
            day = _workday(day)
            if day >= today:
                break
            activities.append(_activity(rng, account, colleagues, day, done=True))
            people.append(_people(rng, contacts_at[account.pk]))
            day += timedelta(days=max(3, int(rng.gauss(mean, mean * 0.3))))
        # What lies ahead: most accounts have their next contact planned.
        if account.status != "former" and rng.random() < 0.45:
            ahead = _workday(today + timedelta(days=rng.randint(0, 20)))
            activities.append(_activity(rng, account, colleagues, ahead, done=False))
            people.append(_people(rng, contacts_at[account.pk]))

    _todays_rounds(rng, accounts, colleagues, contacts_at, today, activities, people)
    created = bulk_create_with_history(activities, Activity, batch_size=500)
    through = Activity.contacts.through
    through.objects.bulk_create(
        [
            through(activity_id=a.pk, contact_id=c)
            for a, ids in zip(created, people, strict=True)
            for c in ids
        ],
        batch_size=1000,
    )
    reports, commitments = _reports(rng, created, people, today)
    schedules = _schedules(accounts, contacts_at, today)
    refresh_contact_states([a.pk for a in accounts])
    context.summary.append(
        f"{len(created)} activities with {reports} reports and {commitments} commitments, "
        f"{schedules} recurring visit schedules"
    )


def _schedules(accounts: list[Account], contacts_at: dict[int, list[int]], today: date) -> int:
    """A four-weekly round at the first A account of each account manager, and the chain
    "a visit done: call five working days later"."""
    FollowUpRule.objects.get_or_create(
        kind="visit",
        next_kind="phone_call",
        defaults={"working_days": 5, "subject": "Nabellen: {subject}"},
    )
    made = 0
    seen: set[int] = set()
    for account in accounts:
        if account.tier != "A" or account.status == "former" or account.owner_id in seen:
            continue
        seen.add(account.owner_id)
        visit_schedule_make(
            actor=account.owner,
            account=account,
            subject="Vaste ronde",
            every_weeks=4,
            starts_on=_workday(today + timedelta(days=3)),
            start_time=time(9, 30),
            contacts=Contact.objects.filter(pk__in=contacts_at[account.pk][:1]),
        )
        made += 1
    return made


def _todays_rounds(
    rng: random.Random,
    accounts: list[Account],
    colleagues: dict[int, list[int]],
    contacts_at: dict[int, list[int]],
    today: date,
    activities: list[Activity],
    people: list[list[int]],
) -> None:
    """Every account manager has a day on the road today: three contacts at set times, the
    first two of them visits."""
    by_owner: dict[int, list[Account]] = defaultdict(list)
    for account in accounts:
        if account.owner.role == "account_manager" and account.status != "former":
            by_owner[account.owner_id].append(account)
    for owner_id in sorted(by_owner):
        chosen = rng.sample(by_owner[owner_id], k=min(3, len(by_owner[owner_id])))
        for (hour, minute), kind, account in zip(
            ((9, 30), (11, 30), (14, 30)), ("visit", "visit", "phone_call"), chosen, strict=False
        ):
            activity = _activity(rng, account, defaultdict(list), today, done=False)
            activity.kind = kind
            activity.subject = rng.choice(SUBJECTS[kind])
            activity.owner_id = owner_id
            activity.planned_start = _at(today, hour, minute)
            activity.duration = 60 if kind == "visit" else 15
            activity.location = visiting_address(account) if kind == "visit" else ""
            activities.append(activity)
            people.append(_people(rng, contacts_at[account.pk]))


def _people(rng: random.Random, contact_ids: list[int]) -> list[int]:
    if not contact_ids:
        return []
    return rng.sample(contact_ids, k=min(len(contact_ids), rng.choice((1, 1, 1, 2))))


def _activity(
    rng: random.Random, account: Account, colleagues: dict[int, list[int]], day: date, *, done: bool
) -> Activity:
    kind = _pick(rng, KINDS)
    owner_id = account.owner_id
    if colleagues[account.pk] and rng.random() < 0.15:
        owner_id = rng.choice(colleagues[account.pk])
    start = _at(day, rng.choice((8, 9, 10, 11, 13, 14, 15, 16)), rng.choice((0, 15, 30, 45)))
    duration = {"visit": 60, "video_call": 45, "event_meeting": 30}.get(kind, 15)
    status = ActivityStatus.DONE if done else ActivityStatus.PLANNED
    reason = ""
    if done and kind in REPORTED_KINDS and rng.random() < 0.06:
        status, reason = ActivityStatus.CANCELLED, rng.choice(CancelReason.values)
    activity = Activity(
        account=account,
        kind=kind,
        subject=rng.choice(SUBJECTS[kind]),
        owner_id=owner_id,
        planned_start=start,
        duration=duration,
        actual_start=start if status == ActivityStatus.DONE else None,
        actual_end=start + timedelta(minutes=duration) if status == ActivityStatus.DONE else None,
        location=visiting_address(account) if kind == "visit" else "",
        status=status,
        cancel_reason=reason,
        created_by_id=owner_id,
    )
    activity._history_user = account.owner  # type: ignore[attr-defined]
    return activity


def _reports(
    rng: random.Random, activities: list[Activity], people: list[list[int]], today: date
) -> tuple[int, int]:
    reports: list[VisitReport] = []
    for activity in activities:
        recent = activity.planned_start.date() > today - timedelta(days=10)
        if activity.status != ActivityStatus.DONE or activity.kind not in REPORTED_KINDS:
            continue
        # Most visits are reported; the last days' ones sometimes not yet (the agenda asks).
        if rng.random() > (0.6 if recent else 0.88):
            continue
        agreements = rng.sample(AGREEMENTS, k=rng.choice((0, 1, 1, 2)))
        next_day = activity.planned_start.date() + timedelta(days=rng.randint(5, 30))
        report = VisitReport(
            activity=activity,
            purpose=activity.subject,
            discussed=rng.choice(DISCUSSED),
            needs=rng.choice(NEEDS),
            agreements="\n".join(agreements),
            next_step=rng.choice(NEXT_STEPS) if rng.random() < 0.5 else "",
            author_id=activity.owner_id,
        )
        if report.next_step:
            report.next_step_date = next_day
        reports.append(report)
    saved = bulk_create_with_history(reports, VisitReport, batch_size=500)
    # `auto_now_add` stamps a bulk insert with now: the written date is set afterwards.
    for report in saved:
        report.created_at = report.activity.planned_start + timedelta(hours=3)
    VisitReport.objects.bulk_update(saved, ["created_at"], batch_size=500)
    contact_of = {a.pk: ids for a, ids in zip(activities, people, strict=True)}
    commitments: list[Commitment] = []
    for report in saved:
        for line in report.agreement_lines():
            if rng.random() > 0.7:
                continue
            activity = report.activity
            due = activity.planned_start.date() + timedelta(days=rng.randint(5, 25))
            done_on = None
            if due < today and rng.random() < 0.8:
                done_on = min(today, due + timedelta(days=rng.randint(-4, 3)))
            ids = contact_of.get(activity.pk) or []
            commitments.append(
                Commitment(
                    account_id=activity.account_id,
                    direction=CommitmentDirection.THEIRS
                    if line.startswith("Zij")
                    else CommitmentDirection.OURS,
                    description=line,
                    contact_id=ids[0] if ids else None,
                    owner_id=activity.owner_id,
                    due_date=due,
                    source=CommitmentSource.VISIT_REPORT,
                    report=report,
                    status=CommitmentStatus.DONE if done_on else CommitmentStatus.OPEN,
                    done_date=done_on,
                    created_by_id=activity.owner_id,
                )
            )
    made = bulk_create_with_history(commitments, Commitment, batch_size=500)
    for commitment in made:
        assert commitment.report is not None
        commitment.created_at = commitment.report.created_at
    Commitment.objects.bulk_update(made, ["created_at"], batch_size=500)
    return len(saved), len(commitments)
