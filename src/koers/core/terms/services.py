"""Uploading a version of the general terms (administrators only)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import GeneralTerms, User
from koers.core.writes import acting_as

MAX_TERMS_BYTES = 10 * 1024 * 1024


def check_pdf(content: bytes) -> None:
    """Checked by content, not by name or content type: a PDF starts with its header and ends
    with its end-of-file marker (trailing whitespace allowed)."""
    if len(content) > MAX_TERMS_BYTES:
        message = _("The file is larger than %(size)s.") % {"size": filesizeformat(MAX_TERMS_BYTES)}
        raise ValidationError({"file": ValidationError(message, code="too_large")})
    if not content.startswith(b"%PDF-") or b"%%EOF" not in content[-1024:]:
        message = _("The file must be a PDF.")
        raise ValidationError({"file": ValidationError(message, code="not_pdf")})


def _duplicate(label: str) -> ValidationError:
    message = _("There is already a version %(label)s.") % {"label": label}
    return ValidationError({"label": ValidationError(message, code="duplicate")})


def general_terms_upload(
    *, actor: User, label: str, valid_from: date, content: bytes
) -> GeneralTerms:
    """Stores a new version. A label already used is a field error, also when another upload
    with the same label commits first (the unique index decides; its IntegrityError is turned
    into the same message; labels differing only in case are the same). The stored file is
    removed again when nothing is saved."""
    if not access.can_manage_general_terms(actor):
        raise NotAllowed(_("Only administrators upload general terms."))
    label = label.strip()
    if not label:
        raise ValidationError(
            {"label": ValidationError(_("Give the version a label."), "required")}
        )
    check_pdf(content)
    # No look before the insert: the unique index on the lowercased label decides, so that a
    # duplicate and two uploads racing with one label end in the same field error.
    name = default_storage.save(f"terms/{uuid.uuid4().hex}.pdf", ContentFile(content))
    try:
        # Not @service: the IntegrityError must be caught outside the transaction it broke.
        with transaction.atomic(), acting_as(actor):
            return GeneralTerms.objects.create(
                label=label,
                valid_from=valid_from,
                file=name,
                sha256=hashlib.sha256(content).hexdigest(),
                size=len(content),
                uploaded_by=actor,
            )
    except IntegrityError as exc:
        default_storage.delete(name)
        raise _duplicate(label) from exc
    except BaseException:
        default_storage.delete(name)
        raise
