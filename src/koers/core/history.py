"""The history of a record as people read it: who changed what, when, with labels resolved.

One way for every model with `HistoricalRecords` (django-simple-history):

- the detail page shows the latest changes: `entries, more = recent_history(obj, ...)`, and
  includes `core/_history.html` with a link to the history page when `more`;
- the history page: `return render_history(request, obj, title=..., crumbs=..., ...)`, paged,
  newest first, on `core/history.html`.

Values are shown as a person reads them: choices by their labels, foreign keys by the name of
the row (`str()`), booleans as yes / no, dates and times in the reader's language, and a field
of the app's choice through a formatter (`formatters={"phone": format_phone}`). A foreign key to
a scoped row names only the rows the reader may read (`readable={"parent":
access.accounts_readable(user)}`); any other shows `hidden` ("an account you cannot see").

Queries, whatever the number of changes: one for the history rows (with their users), one per
referenced model (or per scoped field) whose value changed on the page, and on the history page
one count.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format, localize
from django.utils.translation import gettext as _

RECENT = 10
# A scope for a foreign key: the rows the reader may see, or a function of the ids that returns
# {id: name} for the ones they may see.
Readable = QuerySet[Any] | Callable[[Collection[Any]], Mapping[Any, str]]
SKIPPED = frozenset({"version"})


def history_records(obj: models.Model) -> QuerySet[Any]:
    """All history rows of `obj`, newest first, with the user who made each."""
    return obj.history.select_related("history_user").order_by(  # type: ignore[attr-defined]
        "-history_date", "-history_id"
    )


def _display(model: type[models.Model], name: str, value: Any) -> Any:
    field = model._meta.get_field(name)
    if getattr(field, "choices", None):
        return dict(field.flatchoices).get(value, value)  # type: ignore[union-attr]
    return value


def history_entries(
    model: type[models.Model], records: list[Any], users: dict[int, Any] | None = None
) -> list[dict[str, Any]]:
    """Turns history records (newest first) into entries with their field changes.

    Each record is compared with the next one in `records` (the one before it in time), so
    pass one record more than you show; the last one, if it has no predecessor in `records`,
    is shown without changes. Values are raw (choices labelled, foreign keys as ids); see
    `label_entries`.
    """
    entries = []
    # A record loaded without history (SQL, loaddata, the benchmark generator) has none.
    for newer, older in zip(records, [*records[1:], None][: len(records)], strict=True):
        changes = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            for change in delta.changes:
                if change.field in SKIPPED:
                    continue
                field = model._meta.get_field(change.field)
                changes.append(
                    {
                        "field": field.verbose_name,  # type: ignore[union-attr]
                        "name": change.field,
                        "old": _display(model, change.field, change.old),
                        "new": _display(model, change.field, change.new),
                    }
                )
        entries.append(
            {
                "at": newer.history_date,
                "by": newer.history_user,
                "type": newer.history_type,
                "changes": changes,
                "version": getattr(newer, "version", None),
            }
        )
    return entries


# ---------------------------------------------------------------------------------- labels


def _is_reference(field: Any) -> bool:
    return bool(field.is_relation and (field.many_to_one or field.one_to_one))


def _names(source: Readable, ids: Collection[Any]) -> Mapping[Any, str]:
    if isinstance(source, QuerySet):
        return {row.pk: str(row) for row in source.filter(pk__in=ids)}
    return source(ids)


def _reference_names(
    model: type[models.Model], entries: list[dict[str, Any]], readable: Mapping[str, Readable]
) -> dict[str, Mapping[Any, str]]:
    """{field name: {id: name}} for every foreign key changed in `entries`: one query per
    scoped field, one per other referenced model."""
    wanted: dict[str, set[Any]] = defaultdict(set)
    for entry in entries:
        for change in entry["changes"]:
            if _is_reference(model._meta.get_field(change["name"])):
                wanted[change["name"]].update(
                    v for v in (change["old"], change["new"]) if v not in (None, "")
                )
    names: dict[str, Mapping[Any, str]] = {}
    unscoped: dict[type[models.Model], list[str]] = defaultdict(list)
    for name, ids in wanted.items():
        if name in readable:
            names[name] = _names(readable[name], ids)
        else:
            unscoped[model._meta.get_field(name).related_model].append(name)  # type: ignore[index]
    for related, fields in unscoped.items():
        found = _names(related._default_manager.all(), set().union(*(wanted[f] for f in fields)))
        names.update(dict.fromkeys(fields, found))
    return names


def shown(value: Any) -> Any:
    """A stored value as a person reads it, in the active language."""
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return localize(value)
    if value is None:
        return ""
    return value


def _unnamed(name: str, readable: Mapping[str, Readable], hidden: Mapping[str, str]) -> str:
    """A referenced row without a name here: outside the reader's scope, or deleted since."""
    if name in readable:
        return hidden.get(name) or _("something you cannot see")
    return _("(deleted)")


def label_entries(
    model: type[models.Model],
    entries: list[dict[str, Any]],
    *,
    readable: Mapping[str, Readable] | None = None,
    hidden: Mapping[str, str] | None = None,
    formatters: Mapping[str, Callable[[Any], Any]] | None = None,
) -> list[dict[str, Any]]:
    """Replaces the raw values of `entries` by what a person reads (in place; returns them).

    `readable`: per foreign key, the scope of rows the reader may see named; `hidden`: per
    such field, what is shown for a row outside it (default "something you cannot see").
    `formatters`: per field, a function of the stored value ("0201234567" -> "020 123 4567").
    """
    readable = readable or {}
    hidden = hidden or {}
    formatters = formatters or {}
    names = _reference_names(model, entries, readable)
    for entry in entries:
        for change in entry["changes"]:
            name = change["name"]
            for side in ("old", "new"):
                value = change[side]
                if name in names and value not in (None, ""):
                    change[side] = names[name].get(value) or _unnamed(name, readable, hidden)
                elif name in formatters:
                    change[side] = formatters[name](value)
                else:
                    change[side] = shown(value)
    return entries


# -------------------------------------------------------------------------- recent and paged


def recent_history(
    obj: models.Model, *, limit: int = RECENT, **labels: Any
) -> tuple[list[dict[str, Any]], bool]:
    """The latest `limit` changes of `obj`, labelled, and whether there are older ones.

    `labels`: the keyword arguments of `label_entries` (readable, hidden, formatters).
    """
    # One record more than shown: each entry is compared with the one before it.
    records = list(history_records(obj)[: limit + 1])
    entries = history_entries(type(obj), records)[:limit]
    return label_entries(type(obj), entries, **labels), len(records) > limit


def history_page(
    obj: models.Model, number: Any, *, per_page: int | None = None, **labels: Any
) -> Page:
    """One page of the history of `obj`, newest first; `page.object_list` holds the labelled
    entries. `labels` as for `recent_history`."""
    per_page = per_page or settings.PAGE_SIZE
    records = history_records(obj)
    page = Paginator(records, per_page).get_page(number)
    start = max(page.start_index() - 1, 0)
    rows = list(records[start : start + per_page + 1])
    entries = history_entries(type(obj), rows)[:per_page]
    page.object_list = label_entries(type(obj), entries, **labels)
    return page


def render_history(
    request: HttpRequest,
    obj: models.Model,
    *,
    title: str,
    crumbs: Sequence[tuple[str, str]],
    back_label: str,
    nav: str,
    created_text: str = "",
    deleted_text: str = "",
    **labels: Any,
) -> HttpResponse:
    """The history page of `obj`, which the caller has checked the user may read.

    `crumbs`: (url, label) pairs of the breadcrumbs down to the record itself (the last one is
    the record, and "back" links to it); `created_text` / `deleted_text`: how the first and
    the last entry read ("Created this contact."). `labels` as for `recent_history`.
    """
    page = history_page(obj, request.GET.get("page"), **labels)
    context = {
        "object": obj,
        "title": title,
        "crumbs": crumbs,
        "back_url": crumbs[-1][0],
        "back_label": back_label,
        "page_obj": page,
        "entries": page.object_list,
        "created_text": created_text,
        "deleted_text": deleted_text,
        "nav": nav,
    }
    return render(request, "core/history.html", context)


# ------------------------------------------------------------------------------- conflicts


def changes_since(model: type[models.Model], obj: models.Model, version: int) -> list[dict]:
    """The field changes made to `obj` after `version` (for a conflict message); none for a
    model that keeps no history (a mailing): the conflict then shows the current record only."""
    if not hasattr(obj, "history"):
        return []
    records = list(history_records(obj))
    newer = [r for r in records if r.version > version]
    base = next((r for r in records if r.version == version), None)
    if not newer or base is None:
        return []
    changes: dict[str, dict] = {}
    delta = newer[0].diff_against(base, foreign_keys_are_objs=False)
    for change in delta.changes:
        if change.field in SKIPPED:
            continue
        field = model._meta.get_field(change.field)
        changes[change.field] = {
            "field": field.verbose_name,  # type: ignore[union-attr]
            "name": change.field,
            "old": _display(model, change.field, change.old),
            "new": _display(model, change.field, change.new),
            "by": newer[0].history_user,
            "at": newer[0].history_date,
        }
    return list(changes.values())
