"""The administrator's settings of after-sales and the survey's extra questions."""

from __future__ import annotations

from django.utils.translation import gettext as _

from koers.aftersales.models import (
    AfterSalesSettings,
    SurveyQuestion,
)
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service


def _may_manage(actor: User) -> None:
    if not access.can_manage_settings(actor):
        raise NotAllowed(_("Only an administrator changes the after-sales settings."))


@service
def aftersales_settings_save(
    *, actor: User, call_after_days: int, link_days: int
) -> AfterSalesSettings:
    _may_manage(actor)
    row, _created = AfterSalesSettings.objects.select_for_update().get_or_create(pk=1)
    row.call_after_days, row.link_days = call_after_days, link_days
    row.full_clean()
    row.save()
    return row


@service
def survey_question_save(
    *,
    actor: User,
    question: SurveyQuestion | None = None,
    text_nl: str,
    text_en: str,
    active: bool = True,
    position: int = 0,
) -> SurveyQuestion:
    """A new question, or a change to one (retire it by `active=False`)."""
    _may_manage(actor)
    row = question or SurveyQuestion()
    row.text_nl, row.text_en = text_nl.strip(), text_en.strip()
    row.active, row.position = active, position
    row.full_clean()
    row.save()
    return row
