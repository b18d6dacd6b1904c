"""The administrator's list of complaint categories."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _

from koers.complaints.models import ComplaintCategory
from koers.core.models import User
from koers.core.services import require_settings_manager
from koers.core.writes import service


def _check_unique(name: str, pk: int | None = None) -> None:
    others = ComplaintCategory.objects.filter(name__iexact=name)
    taken = (others.exclude(pk=pk) if pk is not None else others).exists()
    if taken:
        message = _("There is a category with this name already.")
        raise ValidationError({"name": ValidationError(message, code="unique")})


@service
def complaint_category_add(*, actor: User, name: str) -> ComplaintCategory:
    require_settings_manager(actor)
    name = name.strip()
    _check_unique(name)
    last = ComplaintCategory.objects.aggregate(last=Max("position"))["last"] or 0
    category = ComplaintCategory(name=name, position=last + 1)
    category.full_clean()
    category.save()
    return category


@service
def complaint_category_update(
    *, actor: User, category: ComplaintCategory, name: str, active: bool
) -> ComplaintCategory:
    """Renamed, or retired (a retired category stays on its complaints, and is not offered)."""
    require_settings_manager(actor)
    name = name.strip()
    _check_unique(name, category.pk)
    category.name = name
    category.active = active
    category.full_clean()
    category.save()
    return category
