"""The monthly health scores: once a month, a failure ends as failed and is retried, a retry
never makes a second row for the month."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import DatabaseError

from koers.core.schedule import DAILY, run_now
from koers.planning.models import HealthRun, HealthRunStatus, HealthScore
from koers.planning.portfolio import health, jobs
from tests.factories import make_account

DAY = date(2026, 12, 1)


@pytest.fixture
def accounts(people):
    return [make_account(people.alice, "Alpha BV"), make_account(people.charlie, "Charlie BV")]


def test_it_keeps_one_score_per_account_for_the_month(accounts):
    run = jobs.health_scores_compute(DAY)

    assert run is not None
    assert (run.status, run.accounts_done, run.attempts) == (HealthRunStatus.DONE, 2, 1)
    rows = HealthScore.objects.order_by("account__name")
    assert [(r.account_id, r.month) for r in rows] == [(a.pk, DAY) for a in accounts]
    assert rows[0].components == {
        "contact": 100.0,
        "satisfaction": None,
        "complaints": None,
        "revenue": None,
        "plan": None,
    }


def test_a_second_run_in_the_month_does_nothing(accounts):
    jobs.health_scores_compute(DAY)
    HealthScore.objects.update(score=12)

    assert jobs.health_scores_compute(date(2026, 12, 15)) is None

    assert HealthRun.objects.count() == 1
    assert set(HealthScore.objects.values_list("score", flat=True)) == {12}


def test_a_failure_ends_as_failed_and_a_retry_finishes_without_duplicate_rows(
    accounts, monkeypatch, settings
):
    settings.JOB_FAIL_RETRY_DELAYS = ()
    real = health.facts_for
    calls = []

    def failing_second_batch(ids, as_of):
        calls.append(list(ids))
        if len(calls) == 2:
            raise DatabaseError("connection lost")
        return real(ids, as_of)

    monkeypatch.setattr(jobs, "BATCH", 1)
    monkeypatch.setattr(health, "facts_for", failing_second_batch)

    failed = jobs.health_scores_compute(DAY)

    assert failed is not None
    assert (failed.status, failed.message, failed.accounts_done) == (
        HealthRunStatus.FAILED,
        "connection lost",
        1,
    )
    assert HealthScore.objects.count() == 1  # the first batch was kept

    retried = jobs.health_scores_compute(date(2026, 12, 2))

    assert retried is not None
    assert (retried.status, retried.attempts, retried.message) == (HealthRunStatus.DONE, 2, "")
    assert HealthScore.objects.count() == 2
    assert HealthRun.objects.count() == 1


def test_a_running_month_with_a_live_worker_is_left_alone(accounts):
    HealthRun.objects.create(month=DAY, status=HealthRunStatus.RUNNING)

    assert jobs.health_scores_compute(DAY) is None
    assert HealthScore.objects.count() == 0


def test_it_is_a_daily_job_that_the_scheduler_runs(accounts):
    assert DAILY["health_scores"].task == "koers.planning.portfolio.tasks.health_scores"

    run_now("health_scores", DAY)

    assert HealthRun.objects.get().status == HealthRunStatus.DONE
    assert HealthScore.objects.count() == 2
