"""The timeline of an account or a contact: activities, reports, commitments and changes,
newest first, in pages.

Each source is asked for one page of its own rows older than the cursor (`before`), the pages
are merged by date, and the cursor moves to the last entry shown. So a page costs one query per
source (plus the prefetches of its rows), whatever the length of the timeline. An app that builds on
relations adds a source of its own with `register_source` in its `AppConfig.ready()` (complaints:
their steps), with the template that shows one of its entries; relations never imports it.

An activity is dated by when it took place (or is planned): planned activities come first, as
what is ahead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account, Contact
from koers.core import access
from koers.core.history import history_entries, label_entries
from koers.core.models import User
from koers.relations.models import Activity, Commitment, VisitReport

PAGE_SIZE = 20

# The filter a user picks: name -> (label, source, activity kinds or None for all).
FILTERS: dict[str, tuple[Any, str, tuple[str, ...] | None]] = {
    "visits": (_("Visits and meetings"), "activity", ("visit", "video_call", "event_meeting")),
    "calls": (_("Calls"), "activity", ("phone_call",)),
    "mail": (_("E-mails and letters"), "activity", ("email", "letter")),
    "notes": (_("Notes"), "activity", ("note",)),
    "reports": (_("Reports"), "report", None),
    "commitments": (_("Commitments"), "commitment", None),
    "changes": (_("Changes"), "change", None),
}


@dataclass
class Entry:
    at: datetime
    source: str  # activity, report, commitment, change, or a registered source
    obj: Any
    template: str = ""  # a registered source's template for one entry (`entry.obj` in it)


@dataclass
class TimelinePage:
    entries: list[Entry]
    next_before: datetime | None


Subject = Account | Contact


def _activities(subject: Subject) -> QuerySet[Activity]:
    found = Activity.objects.all()
    if isinstance(subject, Account):
        return found.filter(account=subject)
    return found.filter(contacts=subject)


def _activity_page(
    subject: Subject, before: datetime | None, size: int, kinds: tuple[str, ...] | None, _u: User
) -> list[Entry]:
    rows = _activities(subject).annotate(at=Coalesce("actual_start", "planned_start"))
    if kinds is not None:
        rows = rows.filter(kind__in=kinds)
    if before is not None:
        rows = rows.filter(at__lt=before)
    rows = (
        rows.select_related("owner", "account")
        .prefetch_related("contacts")
        .order_by("-at", "-pk")[:size]
    )
    return [Entry(a.at, "activity", a) for a in rows]


def _report_page(
    subject: Subject, before: datetime | None, size: int, _k: Any, _u: User
) -> list[Entry]:
    rows = VisitReport.objects.filter(activity__in=_activities(subject).values("pk"))
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    rows = rows.select_related("activity", "author").order_by("-created_at", "-pk")[:size]
    return [Entry(r.created_at, "report", r) for r in rows]


def _commitment_page(
    subject: Subject, before: datetime | None, size: int, _k: Any, _u: User
) -> list[Entry]:
    if isinstance(subject, Account):
        rows = Commitment.objects.filter(account=subject)
    else:
        rows = Commitment.objects.filter(contact=subject)
    if before is not None:
        rows = rows.filter(created_at__lt=before)
    rows = rows.select_related("owner", "contact").order_by("-created_at", "-pk")[:size]
    return [Entry(c.created_at, "commitment", c) for c in rows]


def _change_page(
    subject: Subject, before: datetime | None, size: int, _k: Any, user: User
) -> list[Entry]:
    records = subject.history.select_related("history_user").order_by(
        "-history_date", "-history_id"
    )
    if before is not None:
        records = records.filter(history_date__lt=before)
    # One record more than shown: each is compared with the one before it in time.
    rows = list(records[: size + 1])
    entries = history_entries(type(subject), rows)[:size]
    label_entries(
        type(subject),
        entries,
        readable={"parent": access.accounts_readable(user)},
        hidden={"parent": str(_("an account you cannot see"))},
    )
    return [Entry(e["at"], "change", e) for e in entries if e["changes"] or e["type"] != "~"]


SOURCES: dict[str, Callable[..., list[Entry]]] = {
    "activity": _activity_page,
    "report": _report_page,
    "commitment": _commitment_page,
    "change": _change_page,
}


# Sources added by later apps: name -> template of one entry.
_TEMPLATES: dict[str, str] = {}


def register_source(
    name: str, label: Any, page: Callable[..., list[Entry]], template: str
) -> None:
    """Adds a source (and a filter of the same name) to every timeline, for an app that builds
    on relations. `page(subject, before, size, kinds, user)` returns the subject's entries older
    than `before`, newest first, at most `size`, in one query (plus prefetches); the subject is
    already readable to the user, and so must all it returns be."""
    SOURCES[name] = page
    FILTERS[name] = (label, name, None)
    _TEMPLATES[name] = template


def timeline_page(
    subject: Subject,
    *,
    user: User,
    shown: list[str] | None = None,
    before: datetime | None = None,
    size: int = PAGE_SIZE,
) -> TimelinePage:
    """One page of `subject`'s timeline; `shown`: the FILTERS to show (all when empty).

    The subject must already be readable to the user: everything on its timeline is then
    readable too (it all belongs to the account, or names the contact at a readable account).
    """
    chosen = [name for name in shown or () if name in FILTERS] or list(FILTERS)
    wanted: dict[str, tuple[str, ...] | None] = {}
    for name in chosen:
        _label, source, kinds = FILTERS[name]
        if source in wanted and (wanted[source] is None or kinds is None):
            wanted[source] = None
        elif source in wanted:
            wanted[source] = (*wanted[source], *kinds)  # type: ignore[misc]
        else:
            wanted[source] = kinds
    if set(chosen) >= {n for n, f in FILTERS.items() if f[1] == "activity"}:
        wanted["activity"] = None
    entries: list[Entry] = []
    for source, kinds in wanted.items():
        found = SOURCES[source](subject, before, size + 1, kinds, user)
        for entry in found:
            entry.template = _TEMPLATES.get(source, "")
        entries += found
    entries.sort(key=lambda e: e.at, reverse=True)
    more = len(entries) > size
    entries = entries[:size]
    return TimelinePage(entries, entries[-1].at if more and entries else None)
