"""Writes of after-sales, one module per subject: the call and the closing (`calls`), surveys
(`surveys`), the administrator's settings (`settings`). Each is one transaction."""

from koers.aftersales.services.calls import (
    aftersales_call_plan,
    aftersales_close,
    idea_to_opportunity,
)
from koers.aftersales.services.common import SurveyGone
from koers.aftersales.services.settings import aftersales_settings_save, survey_question_save
from koers.aftersales.services.surveys import (
    survey_answer,
    survey_by_token,
    survey_link,
    survey_send,
)

__all__ = [
    "SurveyGone",
    "aftersales_call_plan",
    "aftersales_close",
    "aftersales_settings_save",
    "idea_to_opportunity",
    "survey_answer",
    "survey_by_token",
    "survey_link",
    "survey_question_save",
    "survey_send",
]
