"""The lifecycle helper: a table of legal status changes, checked under a row lock."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from koers.api.errors import django_errors
from koers.core.lifecycle import Lifecycle, TransitionRefused
from koers.transfer.lifecycle import IMPORT_LIFECYCLE, job_transition
from koers.transfer.models import ImportJob, ImportStatus

S = ImportStatus


@pytest.fixture
def job(people):
    return ImportJob.objects.create(owner=people.alice, file_name="klanten.csv", total_rows=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_refusal_is_a_validation_error_naming_the_status_field(job):
    with pytest.raises(ValidationError) as refused:
        job_transition(job, to=S.DONE)

    assert isinstance(refused.value, TransitionRefused)
    assert refused.value.message_dict == {
        "status": ["The status cannot change from “Waiting for a check” to “Done”."]
    }


def test_a_refused_move_changes_nothing_in_the_database_or_the_object(job):
    with pytest.raises(TransitionRefused):
        # The rule sees the job as it would be saved (no mapping): refused.
        job_transition(job, to=S.VALIDATING, mapping={}, message="new", processed_rows=3)

    assert (job.status, job.mapping, job.message, job.processed_rows) == (S.PENDING, {}, "", 0)
    job.refresh_from_db()
    assert (job.status, job.message, job.processed_rows) == (S.PENDING, "", 0)


def test_a_legal_move_saves_the_status_with_the_changes(job):
    job_transition(job, to=S.VALIDATING, mapping={"Naam": "name"}, processed_rows=0)

    job.refresh_from_db()
    assert (job.status, job.mapping) == (S.VALIDATING, {"Naam": "name"})


def test_the_stored_status_decides_not_a_stale_copy(job):
    stale = ImportJob.objects.get(pk=job.pk)
    job_transition(job, to=S.VALIDATING, mapping={"Naam": "name"})

    # `stale` still says pending; the stored job is being checked.
    with pytest.raises(TransitionRefused) as refused:
        job_transition(stale, to=S.VALIDATING)

    assert refused.value.message_dict == {
        "status": ["The status cannot change from “Checking” to “Checking”."]
    }
    assert stale.status == S.PENDING


def test_the_table_names_only_statuses_of_the_model():
    with pytest.raises(ValueError, match="unknown statuses"):
        Lifecycle(ImportJob, {S.PENDING: {"archived": None}})


def test_targets_list_the_moves_of_a_status():
    assert IMPORT_LIFECYCLE.targets(S.FAILED) == [S.PENDING, S.READY, S.READING]
    assert IMPORT_LIFECYCLE.targets(S.DONE) == []


def test_the_api_answers_a_refusal_with_a_422_naming_the_status_field(job):
    with pytest.raises(TransitionRefused) as refused:
        job_transition(job, to=S.RUNNING)

    assert django_errors(refused.value) == [
        {
            "field": "status",
            "message": "Only a checked file with rows without errors can be imported.",
            "code": "transition_refused",
        }
    ]
