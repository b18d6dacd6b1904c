"""Mail templates: saved by managers and administrators, checked for unknown placeholders."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.correspondence.models import MailTemplate
from koers.correspondence.placeholders import unknown_names

TEXT_FIELDS = ("subject_nl", "body_nl", "subject_en", "body_en")
FIELDS = ("name", *TEXT_FIELDS, "active")


def _check(template: MailTemplate) -> None:
    errors: dict[str, list[ValidationError]] = {}
    for field in TEXT_FIELDS:
        unknown = unknown_names(getattr(template, field))
        if unknown:
            message = _("Unknown placeholder: %(names)s. See the list below.") % {
                "names": ", ".join(f"{{{n}}}" for n in unknown)
            }
            errors[field] = [ValidationError(message, code="placeholder")]
    if not template.body_nl.strip() and not template.body_en.strip():
        message = _("Write the text in Dutch, in English or in both.")
        errors["body_nl"] = [ValidationError(message, code="needs_field")]
    for language in ("nl", "en"):
        body, subject = f"body_{language}", f"subject_{language}"
        if getattr(template, body).strip() and not getattr(template, subject).strip():
            message = _("A text needs its subject.")
            errors.setdefault(subject, []).append(ValidationError(message, code="needs_field"))
    if errors:
        raise ValidationError(errors)


@service
def mail_template_save(
    *, actor: User, data: dict[str, Any], template: MailTemplate | None = None
) -> MailTemplate:
    """Creates a template, or changes `template`; managers and administrators."""
    if not access.can_manage_mail_templates(actor):
        raise NotAllowed(_("Only managers and administrators manage mail templates."))
    row = template or MailTemplate(created_by=actor)
    for field in FIELDS:
        if field in data:
            setattr(row, field, data[field])
    _check(row)
    row.full_clean()
    row.save()
    return row
