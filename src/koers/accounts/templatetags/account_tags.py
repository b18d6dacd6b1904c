"""Template filters for the customer file."""

from __future__ import annotations

from django import template

from koers.accounts import validators

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """A stored (international) phone number as a Dutch user reads it."""
    return validators.format_phone(value)


@register.filter
def tel_href(value: str) -> str:
    """The number for a tel: link (digits and a leading +, nothing else)."""
    return "".join(ch for ch in value or "" if ch.isdigit() or ch == "+")
