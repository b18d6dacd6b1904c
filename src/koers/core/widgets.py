"""Form widgets shared by every app's forms and list filters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from html import escape
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator
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


class _LabelIterator(ModelChoiceIterator):
    """(pk, label) pairs read as values: no model instance per option."""

    def __iter__(self) -> Iterator[tuple[Any, Any]]:
        field: NamedModelChoiceField = self.field  # type: ignore[assignment]
        if field.empty_label is not None:
            yield ("", field.empty_label)
        for pk, *values in self.queryset.values_list("pk", *field.label_fields):
            yield (pk, field.label_of(*values))


class NamedModelChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are labelled from a few columns (`label_fields`, put
    together by `label_of`), read as values. A catalogue of 2,000 products built 2,000
    Product instances for each line form of an opportunity, a quote or an order: most of those
    pages' Python time at size L (docs/performance.md). Choosing and validating work as in
    ModelChoiceField."""

    iterator = _LabelIterator

    def __init__(
        self,
        *args: Any,
        label_fields: tuple[str, ...] = ("name",),
        label_of: Callable[..., str] = str,
        **kwargs: Any,
    ) -> None:
        self.label_fields = label_fields
        self.label_of = label_of
        kwargs.setdefault("widget", FastSelect)
        super().__init__(*args, **kwargs)
