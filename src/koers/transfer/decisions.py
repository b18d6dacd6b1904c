"""The user's decisions on the preview of an import (one transaction each): dropping bad
optional values, value mappings, defaults for new accounts, a segment added from the preview.
Each sends the job back to "pending" for a new check; value mappings and defaults are also saved
with the job's saved column mapping (docs/decisions.md)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Segment
from koers.accounts.services.segments import clean_segment_name
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.transfer.choices import value_key
from koers.transfer.lifecycle import job_transition
from koers.transfer.models import ImportJob, ImportMapping, ImportStatus
from koers.transfer.values import clean_defaults, clean_values


def _may_use(actor: User, job: ImportJob) -> None:
    if not access.can_use_import_job(actor, job):
        raise NotAllowed("may not use this import")


@transaction.atomic
def import_set_options(
    *,
    actor: User,
    job: ImportJob,
    drop_values: bool | None = None,
    values: Mapping[str, Mapping[str, str]] | None = None,
    defaults: Mapping[str, str] | None = None,
    save_as: str = "",
) -> ImportJob:
    """The user's decisions on the preview: drop bad optional values or leave their rows out,
    map values of the file to Koers values (values.py), the status, tier and account manager
    of new accounts where the file does not say; each part given replaces the job's.
    Value mappings are saved with the job's saved column mapping, or as a new one named
    `save_as`. The job waits for a new check, like after a new mapping."""
    _may_use(actor, job)
    options = dict(job.options)
    if drop_values is not None:
        options["drop_values"] = drop_values
    try:
        if values is not None:
            options["values"] = clean_values(actor=actor, posted=values)
        if defaults is not None:
            options["defaults"] = clean_defaults(actor=actor, posted=defaults)
    except ValueError as exc:
        raise ValidationError(
            {str(exc): _("Choose one of the values offered.")}, code="invalid_choice"
        ) from exc
    _save_with_mapping(actor, job, options, save_as)
    return job_transition(
        job,
        to=ImportStatus.PENDING,
        options=options,
        prepared=[],
        validated=False,
        error_report={},
        error_count=0,
        processed_rows=0,
        message="",
    )


def _save_with_mapping(actor: User, job: ImportJob, options: dict[str, Any], save_as: str) -> None:
    """The decisions on values (and defaults) go with the saved column mapping of the job."""
    decisions = {"values": options.get("values", {}), "defaults": options.get("defaults", {})}
    if save_as.strip():
        stored, _created = ImportMapping.objects.update_or_create(
            owner=actor,
            name=save_as.strip()[:100],
            defaults={"columns": job.mapping, **decisions},
        )
        options["mapping_id"] = stored.pk
    elif options.get("mapping_id"):
        ImportMapping.objects.filter(pk=options["mapping_id"], owner=actor).update(
            **decisions, updated_at=timezone.now()
        )


@transaction.atomic
def import_segment_create(*, actor: User, job: ImportJob, name: str, value: str) -> Segment:
    """A segment that the file names and Koers lacks, made from the preview by a manager or an
    administrator; the file's value is mapped to it and the job waits for a new check."""
    _may_use(actor, job)
    if not access.can_add_segment(actor):
        raise NotAllowed("may not add segments")
    segment = Segment.objects.create(name=clean_segment_name(name))
    options = dict(job.options)
    values = {k: dict(v) for k, v in options.get("values", {}).items()}
    values.setdefault("segment", {})[value_key(value or name)] = str(segment.pk)
    options["values"] = values
    _save_with_mapping(actor, job, options, "")
    job_transition(
        job,
        to=ImportStatus.PENDING,
        options=options,
        prepared=[],
        validated=False,
        error_report={},
        error_count=0,
        processed_rows=0,
        message="",
    )
    return segment
