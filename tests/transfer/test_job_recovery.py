"""An import whose database failed, or whose worker died, ends as failed with a clear message and
can be started again, writing every row once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone, translation

from koers.accounts.models import Account
from koers.transfer import services
from koers.transfer.lifecycle import job_transition
from koers.transfer.models import ImportJob, ImportStatus
from tests.factories import make_segment
from tests.transfer.helpers import HEADER, checked, signed_in

ROWS = [
    HEADER,
    ["Bakkerij Jansen", "10000001", "", "3511 AB", "Utrecht", "030 234 5678", "Retail"],
    ["Slagerij Smit", "10000002", "", "3511 AB", "Ede", "030 234 5679", "Retail"],
]


@pytest.fixture(autouse=True)
def setup(db, settings):
    make_segment("Retail")
    # The retries of "mark it failed" do not wait in tests.
    settings.JOB_FAIL_RETRY_DELAYS = (0, 0, 0, 0)
    with translation.override("en"):
        yield


@contextmanager
def database_outage(*, starts_at: str, queries: int) -> Iterator[dict[str, int]]:
    """The database goes away at the first statement containing `starts_at` and answers the
    next `queries` statements with the error a dropped connection gives, then is back.

    Savepoints are left alone: the test runs inside a transaction, where the import's own
    transaction is a savepoint; outside a test, Django drops a connection whose rollback failed."""
    state = {"started": 0, "failed": 0}

    def outage(execute, sql, params, many, context):
        if not state["started"] and starts_at in sql:
            state["started"] = 1
        savepoint = sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT"))
        if state["started"] and state["failed"] <= queries and not savepoint:
            state["failed"] += 1
            raise OperationalError("server closed the connection unexpectedly")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(outage):
        yield state


def test_an_import_whose_database_went_away_ends_failed_and_a_retry_writes_each_row_once(
    people, client
):
    job = checked(people.alice, ROWS)
    assert job.status == ImportStatus.READY

    # The write of the accounts (an INSERT on SQLite, a COPY on PostgreSQL) fails, and so do the
    # next two statements (the database is restarting while the job is marked failed).
    with database_outage(starts_at='"accounts_account" ("', queries=2) as outage:
        job = services.import_start(actor=people.alice, job=job)

    assert outage["failed"] == 3
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert job.message == (
        "The import failed while writing to the database and nothing was imported. Start it again."
    )
    assert Account.objects.count() == 0

    response = signed_in(client, people.alice).get(reverse("transfer:import_job", args=[job.pk]))
    assert "Start the import again" in response.content.decode()

    response = client.post(reverse("transfer:import_run", args=[job.pk]))

    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.created_count, job.message) == (ImportStatus.DONE, 2, "")
    assert sorted(Account.objects.values_list("name", flat=True)) == [
        "Bakkerij Jansen",
        "Slagerij Smit",
    ]
    assert Account.history.count() == 2


def _abandoned(people, status: str) -> ImportJob:
    """A job a worker claimed and then died on (killed: no handler ran), 20 minutes ago."""
    job = checked(people.alice, ROWS)
    if status == ImportStatus.RUNNING:
        job = job_transition(job, to=ImportStatus.RUNNING)
    else:
        job = job_transition(job, to=ImportStatus.VALIDATING)
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - dt.timedelta(minutes=20)
    )
    return job


def test_an_abandoned_import_is_marked_failed_when_its_page_is_opened_and_can_be_started_again(
    people, client
):
    job = _abandoned(people, ImportStatus.RUNNING)

    response = signed_in(client, people.alice).get(reverse("transfer:import_job", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.message) == (
        ImportStatus.FAILED,
        "The worker stopped; start it again.",
    )
    page = response.content.decode()
    assert "The worker stopped; start it again." in page
    assert "Start the import again" in page

    client.post(reverse("transfer:import_run", args=[job.pk]))

    job.refresh_from_db()
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)
    assert Account.objects.count() == 2


def test_a_running_import_with_a_recent_heartbeat_is_left_alone(people, client):
    job = _abandoned(people, ImportStatus.RUNNING)
    ImportJob.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now())

    signed_in(client, people.alice).get(reverse("transfer:import_job", args=[job.pk]))
    call_command("recover_jobs", verbosity=0)

    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.RUNNING, "")


def test_recover_jobs_marks_every_abandoned_job_failed(people):
    running = _abandoned(people, ImportStatus.RUNNING)
    checking = _abandoned(people, ImportStatus.VALIDATING)

    call_command("recover_jobs", verbosity=0)

    running.refresh_from_db()
    checking.refresh_from_db()
    assert (running.status, checking.status) == (ImportStatus.FAILED, ImportStatus.FAILED)
    assert running.message == "The worker stopped; start it again."


def test_a_late_task_of_a_recovered_and_restarted_import_writes_nothing_twice(
    people, settings, django_capture_on_commit_callbacks
):
    """The worker was only slow: its task runs after the job was recovered and started again."""
    from koers.transfer.tasks import run_import_task

    job = _abandoned(people, ImportStatus.RUNNING)
    services.import_recover(job=ImportJob.objects.get(pk=job.pk))
    job = services.import_start(actor=people.alice, job=ImportJob.objects.get(pk=job.pk))
    assert (job.status, job.created_count) == (ImportStatus.DONE, 2)

    run_import_task.call(job.pk, 0)

    assert Account.objects.count() == 2
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.DONE
