"""Writes to the lists behind opportunities: competitors (marketing and administrators) and
the stage settings (administrators)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.sales.models import Competitor, StageSetting

COMPETITOR_FIELDS = (
    "name",
    "website",
    "notes",
    "active",
    "products",
    "strengths",
    "weaknesses",
    "price_position",
)


def _may_keep(actor: User) -> None:
    if not access.can_keep_competitors(actor):
        raise NotAllowed(_("Only marketing and administrators keep the competitor list."))


@service
def competitor_add(*, actor: User, data: dict[str, Any]) -> Competitor:
    _may_keep(actor)
    competitor = Competitor(
        **{
            k: v.strip() if isinstance(v, str) else v
            for k, v in data.items()
            if k in COMPETITOR_FIELDS
        }
    )
    competitor.full_clean()
    competitor.save()
    return competitor


@service
def competitor_update(*, actor: User, competitor: Competitor, data: dict[str, Any]) -> Competitor:
    _may_keep(actor)
    for key, value in data.items():
        if key in COMPETITOR_FIELDS:
            setattr(competitor, key, value.strip() if isinstance(value, str) else value)
    competitor.full_clean()
    competitor.save()
    return competitor


@service
def stage_setting_update(
    *, actor: User, setting: StageSetting, probability: int, stale_after_days: int
) -> StageSetting:
    if not access.can_manage_settings(actor):
        raise NotAllowed(_("Only administrators change the stage settings."))
    if not 0 <= probability <= 100:
        message = _("A probability is from 0 to 100 percent.")
        raise ValidationError({"probability": ValidationError(message, code="range")})
    setting.probability = probability
    setting.stale_after_days = stale_after_days
    setting.full_clean()
    setting.save()
    return setting
