"""The relationship-care scenarios (agenda, timeline, norms, feeds, brief, API, the daily digest)
and the subjects they use, picked from the data."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from django.core import mail
from django.db import transaction
from django.db.models import Count
from django.test.utils import override_settings
from django.utils import timezone

from bench.measure import Measurement, Runner
from bench.scenario import Scenario, Subjects
from koers.core.models import Role, User
from koers.relations.digest import send_digests
from koers.relations.models import Activity, ActivityStatus, CalendarFeed
from koers.relations.services.calendar import calendar_feed_enable


def subjects(s: Subjects) -> None:
    """The busiest account manager (the most planned activities in the coming week), their
    account with the most activities, and their calendar feed."""
    now = timezone.now()
    busiest = (
        Activity.objects.filter(
            status=ActivityStatus.PLANNED,
            planned_start__gte=now,
            planned_start__lt=now + timedelta(days=7),
            owner__role=Role.ACCOUNT_MANAGER,
        )
        .values("owner")
        .annotate(n=Count("pk"))
        .order_by("-n", "owner")
        .first()
    )
    if busiest is None:
        raise SystemExit("no planned activities: generate this database again (bench/README.md)")
    busy = User.objects.get(pk=busiest["owner"])
    s.busy_week = busiest["n"]
    big = (
        Activity.objects.filter(account__owner=busy)
        .values("account")
        .annotate(n=Count("pk"))
        .order_by("-n", "account")
        .first()
    )
    assert big is not None
    s.big_account_id, s.big_account_activities = big["account"], big["n"]
    feed = CalendarFeed.objects.filter(user=busy).first() or calendar_feed_enable(actor=busy)
    s.calendar_token = feed.token
    s.personas.update(busy_account_manager=busy)


def measure_digest(runner: Runner, s: Subjects, options: Any) -> None:
    """The daily job's digests for every account manager, in a transaction rolled back at the
    end (so that the next run sends them again), with mail kept in memory."""
    day = timezone.localdate()
    started, cpu_started = time.perf_counter(), time.process_time()
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        runner.recording() as recorder,
        transaction.atomic(),
    ):
        mail.outbox = []
        sent = send_digests(day)
        transaction.set_rollback(True)
    seconds = time.perf_counter() - started
    people = User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True).count()
    runner.report(
        Measurement(
            scenario="daily digest, all account managers",
            path="relations.digest.send_digests",
            n=1,
            p50_ms=1000 * seconds,
            p95_ms=1000 * seconds,
            p99_ms=1000 * seconds,
            max_ms=1000 * seconds,
            queries=recorder.count,
            cpu_p50_ms=1000 * (time.process_time() - cpu_started),
            note=f"{sent} of {people} account managers got one; target < 30 s",
            slowest=runner.slowest(recorder, runs=1),
        )
    )


SCENARIOS = [
    Scenario(
        "my day, busy account manager",
        url="/agenda/",
        persona="busy_account_manager",
        note="{busy_account_manager.username}: {busy_week} activities planned this week",
    ),
    Scenario("my week, busy account manager", url="/agenda/week/", persona="busy_account_manager"),
    Scenario(
        "account timeline, big account",
        url="/accounts/{big_account_id}/timeline/",
        persona="busy_account_manager",
        note="{big_account_activities} activities",
    ),
    Scenario(
        "account contact status, big account",
        url="/accounts/{big_account_id}/contact-status/",
        persona="busy_account_manager",
    ),
    Scenario(
        "visit brief, big account",
        url="/accounts/{big_account_id}/brief/",
        persona="busy_account_manager",
    ),
    Scenario(
        "overdue accounts, manager",
        url="/agenda/accounts-due/",
        persona="manager",
        note="{manager.username}: the team's accounts",
    ),
    Scenario(
        "account list, contact overdue, manager",
        url="/accounts/",
        persona="manager",
        params=lambda s, i: {"contact_status": "overdue"},
    ),
    Scenario("visit report feed, manager", url="/reports/", persona="manager"),
    Scenario(
        "iCal feed, busy account manager",
        url="/calendar/{calendar_token}.ics",
        persona="busy_account_manager",
        note="past 30 and next 180 days",
    ),
    Scenario(
        "API activities, manager",
        url="/api/v1/activities",
        persona="manager",
        api=True,
    ),
    Scenario(
        "API commitments, manager",
        url="/api/v1/commitments",
        persona="manager",
        api=True,
    ),
    Scenario(
        "daily digest",
        call=measure_digest,
        http=False,
        note="every account manager's digest e-mail",
        db_note="rolled back at the end; the final COMMIT is not timed",
    ),
]
