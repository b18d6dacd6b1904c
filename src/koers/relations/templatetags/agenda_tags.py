"""The links of an agenda row, made without `{% url %}`: a row has up to ten of them and a
busy day or week shows 35 to 50 rows, where each `{% url %}` (a full reverse) was a third of
a row's rendering (docs/performance.md, part 3)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html_join
from django.utils.translation import get_language

from koers.relations.models import USER_CANCEL_REASONS

register = template.Library()

_MARKER = 987654321
_ROW_URLS = {
    "detail": "relations:activity_detail",
    "complete": "relations:activity_complete",
    "snooze": "relations:activity_snooze",
    "reschedule": "relations:activity_reschedule",
    "cancel": "relations:activity_cancel",
    "reinstate": "relations:activity_reinstate",
    "report": "relations:report_write",
}
_MAKERS: dict[tuple[str, Any], dict[str, Callable[[Any], str]]] = {}


def _maker(name: str) -> Callable[[Any], str]:
    before, after = reverse(name, args=[_MARKER]).split(str(_MARKER), 1)
    return lambda pk: f"{before}{pk}{after}"


def _makers() -> dict[str, Callable[[Any], str]]:
    """One reverse per name per URL configuration (and script prefix), not per row."""
    key = (get_script_prefix(), get_urlconf())
    makers = _MAKERS.get(key)
    if makers is None:
        makers = {field: _maker(name) for field, name in _ROW_URLS.items()}
        makers["account"] = _maker("accounts:account_detail")
        _MAKERS[key] = makers
    return makers


@dataclass(frozen=True)
class RowUrls:
    detail: str
    complete: str
    snooze: str
    reschedule: str
    cancel: str
    reinstate: str
    report: str
    account: str


@register.filter
def row_urls(activity: Any) -> RowUrls:
    """`{% with urls=activity|row_urls %}`: the activity's links, as `{% url %}` makes them."""
    makers = _makers()
    pk = activity.pk
    return RowUrls(
        **{field: makers[field](pk) for field in _ROW_URLS},
        account=makers["account"](activity.account_id),
    )


@register.filter
def account_url(pk: Any) -> str:
    """`{{ account.pk|account_url }}`: `{% url 'accounts:account_detail' pk %}`."""
    return _makers()["account"](pk)


_CANCEL_OPTIONS: dict[str, str] = {}


@register.simple_tag
def cancel_reason_options() -> str:
    """The options of a row's cancel form, made once per language: the same for every row,
    and every HTMX answer that sends a row back has them too."""
    language = get_language() or ""
    options = _CANCEL_OPTIONS.get(language)
    if options is None:
        options = format_html_join(
            "",
            '<option value="{}">{}</option>',
            ((v, str(label)) for v, label in USER_CANCEL_REASONS),
        )
        _CANCEL_OPTIONS[language] = options
    return options
