"""Links of an activity to a record of a later app (an opportunity of sales), without relations
knowing that app.

A later app registers a link in its `AppConfig.ready()`, in the manner of `core/panels.py`:

    links.register(ActivityLink(name="opportunity", label=_("For the opportunity"),
                                options=deal_options, attach=deal_activity_attach))

The plan form then offers `options(user, account)` as a choice named `name`, and
`activity_plan(..., links={"opportunity": 12})` calls `attach(actor=, activity=, pk=)` in its
own transaction, so the activity and its link are saved together or not at all. `attach`
raises a ValidationError naming `name` when the record is not one the activity may point to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from koers.accounts.models import Account
    from koers.core.models import User
    from koers.relations.models import Activity


@dataclass(frozen=True)
class ActivityLink:
    name: str  # the form field, and the key in `links`
    label: StrOrPromise
    # The records of the account that an activity planned by `user` may point to: (pk, label).
    options: Callable[[User, Account], list[tuple[int, str]]]
    # Points `activity` at the record `pk` (None: at none), checking that it may.
    attach: Callable[..., Any]


_LINKS: dict[str, ActivityLink] = {}


def register(link: ActivityLink) -> None:
    """Adds `link` (again: replaces the one of the same name, for reloads in development)."""
    _LINKS[link.name] = link


def registered() -> list[ActivityLink]:
    return sorted(_LINKS.values(), key=lambda link: link.name)


def attach_all(*, actor: User, activity: Activity, links: Mapping[str, int | None]) -> None:
    """Called by the activity's service, inside its transaction. An unknown name is ignored."""
    for name, pk in links.items():
        link = _LINKS.get(name)
        if link is not None and pk is not None:
            link.attach(actor=actor, activity=activity, pk=pk)
