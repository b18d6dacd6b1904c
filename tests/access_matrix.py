"""The persona x URL access matrix: every URL of Koers, what each persona gets, and for a refused
write that nothing changed.

A row names a URL (its URL name), how to call it (method, arguments from the `World`, a body,
HTMX or not) and the status each persona gets. `test_access_matrix.py` holds the rows of every
app and a test that fails when a URL exists without a row, so a new page, partial, export or
API endpoint cannot be added without saying who may use it.

Each persona's request runs inside a savepoint that is rolled back, so one row checks all
personas against the same data, and a permitted write does not change what the next persona
sees. For a status of 403 or 404 (or 401/302 for the anonymous visitor) the whole database is
compared before and after: a refusal (4xx, and 302 to the login page) that wrote anything fails.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = ("anon", "alice", "bob", "charlie", "maria", "ingrid", "mark", "admin")
# Statuses of a request that must leave the database as it was.
REFUSED = {400, 401, 403, 404, 405, 409, 422}
# Tables that any request may write to (the session), left out where the database can tell.
_VOLATILE_TABLES = {"django_session"}


@dataclass
class World:
    """The objects the rows point at: alice's account with a branch and a contact; charlie's
    account; alice's import job, mapping and API token. Filled by the test module."""

    objects: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.objects[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


class _Rollback(Exception):
    pass


@dataclass(frozen=True)
class Row:
    """One URL called one way, and the status each persona gets (`expect`)."""

    name: str
    expect: Mapping[str, int]
    kwargs: Callable[[World], dict[str, Any]] = lambda w: {}
    method: str = "get"
    data: Callable[[World], Any] | None = None
    query: str | Callable[[World], str] = ""
    htmx: bool = False
    json: bool = False
    label: str = ""

    @property
    def id(self) -> str:
        return self.label or f"{self.method} {self.name}{' (htmx)' if self.htmx else ''}"


def statuses(base: Mapping[str, int], **changes: int) -> dict[str, int]:
    missing = set(PERSONAS) - set(base) - set(changes)
    assert not missing, f"no status for {missing}"
    return {**base, **changes}


def url_names() -> set[str]:
    """Every named URL of the project except Django's admin."""

    def walk(patterns: list[Any], namespace: str) -> set[str]:
        names: set[str] = set()
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                names |= walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(namespace + pattern.name)
        return names

    return walk(get_resolver().url_patterns, "")


def fingerprint() -> dict[str, int]:
    """How many rows this connection has inserted, updated or deleted so far, per table where
    the database tells (PostgreSQL), else in all (SQLite). Equal before and after a request
    means it wrote nothing, not even a row with the same values."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT relname, n_tup_ins + n_tup_upd + n_tup_del FROM pg_stat_xact_user_tables"
            )
            return {name: n for name, n in cursor.fetchall() if name not in _VOLATILE_TABLES}
        cursor.execute("SELECT total_changes()")
        return {"all tables": cursor.fetchone()[0]}


def call(client: Client, row: Row, world: World) -> int:
    query = row.query(world) if callable(row.query) else row.query
    url = reverse(row.name, kwargs=row.kwargs(world)) + (f"?{query}" if query else "")
    headers = {"HTTP_HX_REQUEST": "true"} if row.htmx else {}
    body = row.data(world) if row.data else None
    method = getattr(client, row.method)
    if row.json:
        response = method(url, body or {}, content_type="application/json", **headers)
    elif body is not None:
        response = method(url, body, **headers)
    else:
        response = method(url, **headers)
    return response.status_code


def check_row(row: Row, world: World, clients: Mapping[str, Client]) -> list[str]:
    """Calls the row as every persona; returns what differed from `row.expect`."""
    problems = []
    for persona in PERSONAS:
        expected = row.expect[persona]
        refused = expected in REFUSED or (persona == "anon" and expected == 302)
        before = fingerprint() if refused and row.method != "get" else None
        client = clients[persona]
        # Cookies are the client's side of a session: a logout or language switch must not
        # carry over to the next row, just as its database writes do not.
        cookies = copy.deepcopy(client.cookies)
        try:
            with transaction.atomic():
                got = call(client, row, world)
                after = fingerprint() if before is not None else None
                raise _Rollback
        except _Rollback:
            pass
        finally:
            client.cookies = cookies
        if got != expected:
            problems.append(f"{persona}: expected {expected}, got {got}")
        elif before is not None and after != before:
            changed = sorted(k for k in {*before, *after} if before.get(k, 0) != after.get(k, 0))
            problems.append(f"{persona}: refused with {got} but changed {changed}")
    return problems
