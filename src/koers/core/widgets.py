"""Form widgets shared by every app's forms and list filters."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.safestring import SafeString, mark_safe


class FastSelect(forms.Select):
    """A <select> written in Python instead of one template per option.

    Django renders each option through its own template: for the account list's few dozen
    owners, segments and teams that was most of the page's Python time (docs/performance.md).
    Same HTML attributes as forms.Select, every value and label escaped; no option groups.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        chosen = {str(v) for v in (value if isinstance(value, (list, tuple)) else [value])}
        chosen.discard("None")
        options = []
        for choice, label in self.choices:
            # ModelChoiceIterator yields ModelChoiceIteratorValue; "" for the empty choice.
            key = str(getattr(choice, "value", choice))
            selected = " selected" if key in chosen else ""
            options.append(f'<option value="{escape(key)}"{selected}>{escape(str(label))}</option>')
        final = self.build_attrs(self.attrs, attrs or {})
        final["name"] = name
        return mark_safe(f"<select{flatatt(final)}>{''.join(options)}</select>")  # noqa: S308
