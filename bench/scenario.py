"""What a benchmark scenario is: one row of data per measured page, endpoint or call."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

SIZES = ("XS", "S", "M", "L")


class Subjects(SimpleNamespace):
    """Who and what the scenarios use, chosen from the data by each app's `subjects(s)`.

    `personas` maps a persona name ("account_manager", "manager", …) to a user; the other
    attributes are free (`chain_root`, `search_terms`, …) and are used in the scenarios' URLs
    and notes as `{chain_root.pk}`.
    """

    personas: dict[str, Any]


@dataclass(frozen=True)
class Scenario:
    """One measured request (or, with `call`, one measured piece of work), as a table row.

    `url` and `note` are formatted with the subjects (`"/accounts/{chain_root.pk}/"`);
    `params(s, i)` and `body(s, i)` give the query string and JSON body of request i, so that
    a search can cycle through its terms. `persona` signs in with a session, or with `api` holds
    a bearer token; no persona is an anonymous visitor (a customer's public page). `sizes`
    lists the data sizes it runs at; `db_note` says what differs between the databases, for
    the reader of the results.
    """

    name: str
    url: str = ""
    persona: str = ""
    params: Callable[[Subjects, int], dict[str, Any]] | None = None
    api: bool = False
    method: str = "GET"
    body: Callable[[Subjects, int], dict[str, Any]] | None = None
    expect: int = 200
    note: str = ""
    db_note: str = ""
    sizes: tuple[str, ...] = SIZES
    # False for what is no HTTP request (the import) or must not be repeated over HTTP.
    http: bool = True
    # A measurement that is no single request: call(runner, subjects, options) records it.
    call: Callable[..., Any] | None = field(default=None, compare=False)

    def path(self, s: Subjects) -> str:
        return self.url.format_map(_names(s))

    def describe(self, s: Subjects) -> str:
        return self.note.format_map(_names(s)) if self.note else ""


def _names(s: Subjects) -> dict[str, Any]:
    """The subjects by name for str.format: the personas and every other attribute."""
    return {**s.personas, **vars(s)}
