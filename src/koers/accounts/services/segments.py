"""Writes to segments, made by administrators on the administration pages (`@service`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from koers.accounts.models import Segment
from koers.core.models import User
from koers.core.services import require_settings_manager
from koers.core.writes import service

NAME_MAX_LENGTH: int = getattr(Segment._meta.get_field("name"), "max_length", 80)


def _clean_name(name: str, segment: Segment | None = None) -> str:
    """The name trimmed; a name that differs from another only in capitals is taken."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("This field is required.")]})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": [_("The name is too long.")]})
    taken = Segment.objects.filter(name__iexact=name)
    if segment is not None:
        taken = taken.exclude(pk=segment.pk)
    if taken.exists():
        raise ValidationError({"name": [_("A segment with this name already exists.")]})
    return name


def clean_segment_name(name: str) -> str:
    """A new segment's name as the administration pages check it (also for the import)."""
    return _clean_name(name)


@service
def segment_create(*, actor: User, name: str) -> Segment:
    require_settings_manager(actor)
    return Segment.objects.create(name=_clean_name(name))


@service
def segment_update(*, actor: User, segment: Segment, name: str) -> Segment:
    require_settings_manager(actor)
    locked = Segment.objects.select_for_update().get(pk=segment.pk)
    locked.name = _clean_name(name, locked)
    locked.save(update_fields=["name"])
    return locked


@service
def segment_delete(*, actor: User, segment: Segment) -> None:
    """Only an unused segment goes: accounts keep theirs (the foreign key protects it too)."""
    require_settings_manager(actor)
    locked = Segment.objects.select_for_update().get(pk=segment.pk)
    used = locked.accounts.count()
    if used:
        raise ValidationError(
            ngettext(
                "“%(name)s” is the segment of %(count)d account. Give that account "
                "another segment first.",
                "“%(name)s” is the segment of %(count)d accounts. Give those accounts "
                "another segment first.",
                used,
            )
            % {"name": locked.name, "count": used},
            code="in_use",
        )
    locked.delete()
