"""Dutch public holidays, named in the reader's language (the `holidays` package)."""

from __future__ import annotations

import functools
from datetime import date

import holidays
from django.utils import translation

_LANGUAGES = {"nl": "nl", "en": "en_US"}


@functools.lru_cache(maxsize=8)
def _calendar(language: str, year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("NL", years=year, language=_LANGUAGES.get(language, "nl"))


def holiday_name(day: date) -> str | None:
    """The name of the Dutch public holiday on `day`, in the active language, or None."""
    language = (translation.get_language() or "nl")[:2]
    return _calendar(language, day.year).get(day)
