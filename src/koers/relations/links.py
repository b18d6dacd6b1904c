"""Links of an activity to a record of a later app (an opportunity of sales), without relations
knowing that app.

A later app registers a link in its `AppConfig.ready()`, in the manner of `core/panels.py`:

    links.register(ActivityLink(name="opportunity", label=_("For the opportunity"),
                                options=deal_options, attach=deal_activity_attach))

The plan form then offers `options(user, account)` as a choice named `name`, and
`activity_plan(..., links={"opportunity": 12})` calls `attach(actor=, activity=, pk=)` in its
own transaction, so the activity and its link are saved together or not at all. `attach`
raises a ValidationError naming `name` when the record is not one the activity may point to.

A follow-up inherits the links of the activity it follows (`inherited`): the completion chain's
follow-ups, the visit report's next step and the "Plan a follow-up" form all ask `inherit`,
which answers the record only while the follow-up may still point to it (the deal still open).
The API reads a link as an annotation of the activity's own query (`annotated`), so a list of
activities costs no extra query per registered link.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.db.models.expressions import BaseExpression
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
    # The record a follow-up of `activity`, planned by `user`, points to as well (or None).
    inherit: Callable[[User, Activity], int | None] | None = None
    # The record's id as an expression over activities (a subquery on OuterRef("pk")).
    value: Callable[[], BaseExpression] | None = None


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


def inherited(actor: User, activity: Activity) -> dict[str, int | None]:
    """The links a follow-up of `activity` planned by `actor` starts with (one query a link)."""
    found = {link.name: link.inherit(actor, activity) for link in registered() if link.inherit}
    return {name: pk for name, pk in found.items() if pk is not None}


def annotated(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """`activities` with `link_<name>`: the id each registered link points to, or None."""
    values = {f"link_{link.name}": link.value() for link in registered() if link.value}
    return activities.annotate(**values) if values else activities


def values_of(activity: Activity) -> dict[str, int | None]:
    """The links of an activity read through `annotated`."""
    return {link.name: getattr(activity, f"link_{link.name}", None) for link in registered()}
