"""Panels: how an app that builds on another adds a section to its pages without the other
app knowing it.

The account page and the contact page (accounts) list the panels registered for them; an app
registers its own in its `AppConfig.ready()`:

    panels.register(Panel(page="account", name="timeline", order=10,
                          title=_("Timeline"), url_name="relations:account_timeline"))

An app adds a button to a page's head the same way (`register_action(PageAction(...))`: the
visit brief on the account page), shown by `actions_for`.

A panel is a section that loads its content from its own URL after the page (HTMX, with a plain
link as the fallback), so a page's own queries and speed do not grow with every app, and each
panel's partial goes through its app's access policy like every other view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import reverse

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from koers.core.models import User


@dataclass(frozen=True)
class Panel:
    # "account", "contact", "activity", or "settings" (the user's own settings: no object)
    page: str
    name: str  # the section's id on the page
    order: int
    title: StrOrPromise
    url_name: str  # takes the object's pk (none on the settings page)
    # Whether `user` sees the panel of `obj` at all (the object is already readable to them).
    shown: Callable[[User, Any], bool] | None = None


_PANELS: dict[str, list[Panel]] = {}


def register(panel: Panel) -> None:
    """Adds `panel` (again: replaces the one of the same name, for reloads in development)."""
    kept = [p for p in _PANELS.get(panel.page, []) if p.name != panel.name]
    _PANELS[panel.page] = sorted([*kept, panel], key=lambda p: (p.order, p.name))


def panels_for(page: str, user: User, obj: Any) -> list[dict[str, Any]]:
    """The panels of `page` that `user` sees for `obj` (None for a page of no object), with the
    URL each loads."""
    args = [] if obj is None else [obj.pk]
    return [
        {"name": p.name, "title": p.title, "url": reverse(p.url_name, args=args)}
        for p in _PANELS.get(page, [])
        if p.shown is None or p.shown(user, obj)
    ]


@dataclass(frozen=True)
class PageAction:
    """A button in the head of a page of another app, linking to `url_name` (the object's pk)."""

    page: str
    name: str
    order: int
    title: StrOrPromise
    url_name: str
    shown: Callable[[User, Any], bool] | None = None


_ACTIONS: dict[str, list[PageAction]] = {}


def register_action(action: PageAction) -> None:
    kept = [a for a in _ACTIONS.get(action.page, []) if a.name != action.name]
    _ACTIONS[action.page] = sorted([*kept, action], key=lambda a: (a.order, a.name))


def actions_for(page: str, user: User, obj: Any) -> list[dict[str, Any]]:
    """The buttons other apps add to `page` for `obj`, as `user` sees them."""
    return [
        {"name": a.name, "title": a.title, "url": reverse(a.url_name, args=[obj.pk])}
        for a in _ACTIONS.get(page, [])
        if a.shown is None or a.shown(user, obj)
    ]
