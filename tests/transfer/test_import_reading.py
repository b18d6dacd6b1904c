"""A large upload is read by the task worker, not in the upload request: the request only keeps
the file (after refusing an archive that would unpack too far); the worker reads it in its
limited child process, and the job goes on to the mapping or fails with the reason. A reading
whose worker died is recovered and read again; nothing is read twice into two jobs."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.core.jobs import recover_stale
from koers.transfer import services
from koers.transfer.lifecycle import IMPORT_JOBS
from koers.transfer.models import ImportJob, ImportStatus
from tests.transfer.helpers import csv_bytes, signed_in
from tests.transfer.test_spreadsheet_limits import post_file, zip_bomb

ROWS = [["Bedrijfsnaam", "Plaats"], *[[f"Bakkerij {n}", "Ede"] for n in range(80)]]


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.IMPORT_BACKGROUND_KB = 1  # the 80-row file is about 1.4 KB


def start(user, content: bytes = b"", name: str = "klanten.csv") -> ImportJob:
    raw = content or csv_bytes(ROWS)
    assert len(raw) > 1024
    return services.import_upload(actor=user, upload=io.BytesIO(raw), name=name)


def test_a_large_upload_is_kept_and_read_by_the_worker(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        job = start(people.alice)

    assert (job.status, job.headers, job.total_rows) == (ImportStatus.READING, [], 0)
    assert len(queued) == 1
    queued[0]()  # the worker's turn (the immediate task backend runs it here)

    job.refresh_from_db()
    assert job.status == ImportStatus.PENDING
    assert (job.headers, job.total_rows, job.upload) == (["Bedrijfsnaam", "Plaats"], 80, None)
    assert job.mapping == {"Bedrijfsnaam": "name", "Plaats": "visit_city"}


def test_the_upload_page_shows_the_reading_until_the_worker_is_done(people, client):
    signed_in(client, people.alice)

    response = post_file(client, csv_bytes(ROWS), "klanten.csv")
    job = ImportJob.objects.get()
    page = client.get(response.url, follow=True)

    assert job.status == ImportStatus.READING
    assert page.redirect_chain[-1][0] == reverse("transfer:import_job", args=[job.pk])
    assert "Reading the file…" in page.content.decode()
    assert 'hx-trigger="every 1s"' in page.content.decode()


def test_an_archive_that_unpacks_too_far_is_refused_before_anything_is_kept(people, client):
    signed_in(client, people.alice)

    response = post_file(client, zip_bomb(), "klanten.xlsx")

    assert "unpacks to more than 50 MB" in response.context["form"].errors["file"][0]
    assert ImportJob.objects.count() == 0


def test_a_file_that_cannot_be_read_fails_with_the_reason_and_the_file_is_let_go(
    people, client, django_capture_on_commit_callbacks
):
    binary = b"\x00\x01" * 2048
    with django_capture_on_commit_callbacks(execute=True):
        job = start(people.alice, binary, "klanten.csv")

    job.refresh_from_db()
    assert (job.status, job.message) == (ImportStatus.FAILED, "This is not a CSV or Excel file.")
    assert job.upload is None
    page = signed_in(client, people.alice).get(reverse("transfer:import_job", args=[job.pk]))
    assert "This is not a CSV or Excel file." in page.content.decode()
    assert "Read the file again" not in page.content.decode()


def test_a_reading_whose_worker_died_is_recovered_and_read_again_once(
    people, client, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        job = start(people.alice)  # queued, but the worker dies before it reads
    ImportJob.objects.filter(pk=job.pk).update(
        heartbeat_at=timezone.now() - timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS + 1)
    )
    recover_stale(IMPORT_JOBS, pks=[job.pk])
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    signed_in(client, people.alice)
    page = client.get(reverse("transfer:import_job", args=[job.pk]))
    assert "Read the file again" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("transfer:import_read_again", args=[job.pk]))
    again = client.post(reverse("transfer:import_read_again", args=[job.pk]), follow=True)

    job.refresh_from_db()
    assert (job.status, job.total_rows) == (ImportStatus.PENDING, 80)
    assert ImportJob.objects.count() == 1
    assert again.status_code == 200  # the second click is refused: the file was read
    assert job.upload is None


def test_nobody_reads_another_users_upload_again(people, client):
    job = start(people.alice)

    response = signed_in(client, people.bob).post(
        reverse("transfer:import_read_again", args=[job.pk])
    )

    assert response.status_code == 404
