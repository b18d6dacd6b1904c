"""The first step of an import: a file uploaded, read (at once, or by the task worker when it is
large: `IMPORT_BACKGROUND_KB`) and given a first column mapping, saved or guessed; and who may
use imports at all. The later steps (mapping, dry run, import) are in services.py."""

from __future__ import annotations

import io
from functools import partial
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.transfer import kinds, parsing
from koers.transfer.columns import guess_mapping, mapping_matches, normalize_header
from koers.transfer.kinds import ACCOUNTS
from koers.transfer.lifecycle import job_transition
from koers.transfer.models import ImportJob, ImportMapping, ImportStatus


def may_import(actor: User, kind: str = ACCOUNTS) -> None:
    other = kinds.kind_named(kind)
    if kind != ACCOUNTS and other is None:
        raise NotAllowed("no such import")
    allowed = other.may_import(actor) if other else access.can_import_accounts(actor)
    if not allowed:
        raise NotAllowed("may not import this")


def may_use(actor: User, job: ImportJob) -> None:
    if not access.can_use_import_job(actor, job):
        raise NotAllowed("may not use this import")
    if job.kind != ACCOUNTS:
        # Another kind: also who may import it now (the catalogue's: administrators).
        may_import(actor, job.kind)


def mapping_for_file(
    *, actor: User, headers: list[str], kind: str = ACCOUNTS
) -> tuple[dict[str, str], ImportMapping | None]:
    """A saved mapping of this user that names exactly these columns, else a guess. Saved
    mappings are the customer file's; another kind's file is guessed from its own fields."""
    other = kinds.kind_named(kind)
    if other is not None:
        return guess_mapping(headers, other.fields), None
    for saved in ImportMapping.objects.filter(owner=actor).order_by("-updated_at", "-pk"):
        if mapping_matches(saved.columns, headers):
            return apply_saved_mapping(saved.columns, headers), saved
    return guess_mapping(headers), None


def apply_saved_mapping(columns: dict[str, str], headers: list[str]) -> dict[str, str]:
    """A saved mapping applied to a file whose headers differ only in case or punctuation."""
    by_norm = {normalize_header(h): key for h, key in columns.items()}
    return {h: by_norm.get(normalize_header(h), "") for h in headers}


def saved_options(saved: ImportMapping | None, options: dict[str, Any]) -> dict[str, Any]:
    """The job's options with a saved mapping's value mappings and defaults under them (the
    job's own decisions win), linked to it so that later decisions are saved with it too."""
    if saved is None:
        return options
    values = {k: {**v, **options.get("values", {}).get(k, {})} for k, v in saved.values.items()}
    for key, mapped in options.get("values", {}).items():
        values.setdefault(key, mapped)
    return {
        **options,
        "mapping_id": saved.pk,
        "values": values,
        "defaults": {**saved.defaults, **options.get("defaults", {})},
    }


def import_upload(*, actor: User, upload: IO[bytes], name: str, kind: str = ACCOUNTS) -> ImportJob:
    """Reads the file and keeps its rows with a first mapping (saved or guessed). A large file
    is kept as it is and read by the task worker ("reading"), so that no server process waits
    for it; an archive that would unpack too far is refused here already, before any reading."""
    may_import(actor, kind)
    raw = upload.read()
    if len(raw) > settings.IMPORT_BACKGROUND_KB * 1024:
        parsing.check_upload(raw, name)
        with transaction.atomic():
            job = ImportJob.objects.create(
                owner=actor,
                kind=kind,
                file_name=name[:255],
                upload=raw,
                status=ImportStatus.READING,
                heartbeat_at=timezone.now(),
            )
            from koers.transfer.tasks import read_import_task

            transaction.on_commit(partial(read_import_task.enqueue, job.pk))
        return job
    fields = _read(actor, raw, name, kind)
    return ImportJob.objects.create(owner=actor, kind=kind, file_name=name[:255], **fields)


def _read(actor: User, raw: bytes, name: str, kind: str = ACCOUNTS) -> dict[str, Any]:
    """The job's fields from the file's content; a ValidationError says why it cannot be read."""
    parsed = parsing.parse_upload(io.BytesIO(raw), name, max_rows=settings.IMPORT_MAX_ROWS)
    if not parsed.row_count:
        raise ValidationError(_("The file has a header but no rows."), code="no_rows")
    if parsed.row_count > settings.IMPORT_MAX_ROWS:
        raise ValidationError(
            _("A file can hold at most %(max)s rows. Split it up.")
            % {"max": settings.IMPORT_MAX_ROWS},
            code="too_many_rows",
        )
    mapping, saved = mapping_for_file(actor=actor, headers=parsed.headers, kind=kind)
    return {
        "options": saved_options(saved, {}),
        "headers": parsed.headers,
        "rows": parsed.rows,
        "formulas": parsed.formulas,
        "mapping": mapping,
        "total_rows": parsed.row_count,
    }


def import_read(*, job_id: int) -> ImportJob:
    """The worker's reading of a large upload: the job gets its rows and a first mapping
    ("pending"), or fails with the reason a user can act on (not a spreadsheet, too many rows,
    too large unpacked, taking too long)."""
    job = ImportJob.objects.select_related("owner").get(pk=job_id)
    with translation.override(job.owner.language or settings.LANGUAGE_CODE):
        try:
            fields = _read(job.owner, bytes(job.upload or b""), job.file_name, job.kind)
        except ValidationError as exc:
            return job_transition(
                job,
                to=ImportStatus.FAILED,
                message=" ".join(exc.messages),
                upload=None,
                finished_at=timezone.now(),
            )
    return job_transition(job, to=ImportStatus.PENDING, upload=None, **fields)


def import_read_again(*, actor: User, job: ImportJob) -> ImportJob:
    """Reads a large upload again after its worker stopped (the file is kept until it is read)."""
    may_use(actor, job)
    with transaction.atomic():
        job_transition(job, to=ImportStatus.READING, message="", heartbeat_at=timezone.now())
        from koers.transfer.tasks import read_import_task

        transaction.on_commit(partial(read_import_task.enqueue, job.pk))
    return job
