"""The visit brief: one page to read before a visit, built from one read function per source.

A section is a name, a place on the page (`order`), a title, a read function, the HTML partial
that shows its data, and a function that prints the same data in the PDF:

    brief.register(Section(name="quotes", order=80, title=_("Open quotes"),
                           read=open_quotes, template="sales/brief/_quotes.html",
                           printed=print_quotes))

`read(ctx)` gets the account (already readable to the reader), the reader, today, the day of the
last visit (`since`) and the planned visit the brief is for (or None), and returns the section's
data, or None to leave the section out. It makes a fixed number of queries whatever the
account's size: the brief's query count is pinned in the tests. `printed(data)` turns the data
into blocks that the PDF's one Typst template knows (`blocks.py`), already formatted as text.

Later parts register their sections in their `AppConfig.ready()`, at the places kept for them:
open opportunities and quotes (80), orders and revenue trend (85), open complaints (90), account
plan goals and due actions (95), gifts given this year (98). No section knows another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from koers.relations.models import Activity, ActivityKind, ActivityStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from koers.accounts.models import Account
    from koers.core.models import User

# "What changed since the last visit" looks this far back when there was no visit yet.
LOOKBACK_DAYS = 90


@dataclass(frozen=True)
class BriefContext:
    account: Account
    user: User
    today: date
    # The day of the last visit that took place (or LOOKBACK_DAYS ago): "what changed since".
    since: date
    last_visit: Activity | None
    # The planned visit the brief is for (its page's "brief" button), or None from the account.
    visit: Activity | None


@dataclass(frozen=True)
class Section:
    name: str
    order: int
    title: StrOrPromise
    read: Callable[[BriefContext], Any]
    template: str
    printed: Callable[[Any], list[dict[str, Any]]]


@dataclass(frozen=True)
class ShownSection:
    section: Section
    data: Any

    @property
    def name(self) -> str:
        return self.section.name

    @property
    def title(self) -> StrOrPromise:
        return self.section.title

    @property
    def template(self) -> str:
        return self.section.template


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    """Adds `section` (again: replaces the one of the same name, for reloads in development)."""
    _SECTIONS[section.name] = section


def registered() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.name))


def last_visit(account: Account, before: Activity | None = None) -> Activity | None:
    """The account's latest visit that took place (other than `before`). One query."""
    visits = Activity.objects.filter(
        account=account, kind=ActivityKind.VISIT, status=ActivityStatus.DONE
    )
    if before is not None:
        visits = visits.exclude(pk=before.pk)
    return visits.order_by("-actual_start", "-pk").first()


def context_for(account: Account, user: User, visit: Activity | None = None) -> BriefContext:
    today = timezone.localdate()
    previous = last_visit(account, before=visit)
    since = (
        timezone.localdate(previous.actual_start)
        if previous is not None and previous.actual_start is not None
        else today - timedelta(days=LOOKBACK_DAYS)
    )
    return BriefContext(account, user, today, since, previous, visit)


def build(ctx: BriefContext) -> list[ShownSection]:
    """The sections with something to say, in their order."""
    shown = []
    for section in registered():
        data = section.read(ctx)
        if data is not None:
            shown.append(ShownSection(section, data))
    return shown
