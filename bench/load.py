"""A load test: N signed-in users at once against gunicorn with the production settings.

    .venv/bin/python -m bench.generate --size M --fresh                     # once
    .venv/bin/python -m bench.load --size M                                  # 50 users, 5 minutes
    .venv/bin/python -m bench.load --size M --users 20 --duration 60
    .venv/bin/python -m bench.load --size M --duration 90 --restart-db      # PostgreSQL restarts

Every user is a thread with its own session (and API token) that, round after round, picks one
kind of request: a list, a search, a detail page, an edit (the edit form, then the form posted
back with the notes changed), an API list or an API create (a contact, with an
`Idempotency-Key`); every kind once first, then by weight (MIX). Between two requests it waits a
random "think time" (`--think`, mean seconds; 0 sends the next request at once). Account
managers edit accounts of their own portfolio, each user a slice of its own, so no two users
edit the same account.

Reported: requests per second, p50 / p95 / p99 per kind, and errors (anything but the expected
status). Afterwards the database is checked against what the client saw: every account's version
went up by exactly the number of edits that landed, with as many history rows, and every
Idempotency-Key made exactly one contact.

With `--restart-db` (PostgreSQL only) the database is stopped `--restart-at` seconds into the run
and started again `--outage` seconds later. Then errors are allowed only from the stop until
`RECOVERY_SECONDS` after the database answers again, and each must be a 503. An edit answered
503 is resolved by reading the form again (did the version go up with the notes sent?); an API
create answered 503 is sent again with the same key until it is answered, so that the checks
afterwards can be exact. The exit status is 1 when a check fails.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shlex
import subprocess
import sys
import threading
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import env

# Kinds of request and their weights in the mix (per hundred).
MIX: dict[str, int] = {
    "list": 25,
    "search": 20,
    "detail": 25,
    "edit": 10,
    "API list": 12,
    "API create": 8,
}
# What each timed request is expected to answer.
EXPECTED = {
    "list": 200,
    "search": 200,
    "detail": 200,
    "edit form": 200,
    "edit": 302,
    "API list": 200,
    "API create": 201,
}
RECOVERY_SECONDS = 5.0
# The personas that sign in: account managers (who also edit) and their managers.
EDITING_ROLE = "account_manager"


@dataclass
class Sample:
    kind: str
    started: float  # seconds since the start of the run
    ended: float
    status: int  # 0: no answer (connection refused, timeout)
    # A redirect somewhere else than expected (to the login page): an error with a 302.
    elsewhere: bool = False

    @property
    def ok(self) -> bool:
        return self.status == EXPECTED[self.kind] and not self.elsewhere


@dataclass
class Outage:
    """When the database was stopped and when it answered again (seconds since the start)."""

    stopped: float = 0.0
    back: float = 0.0
    commands: list[str] = field(default_factory=list)


@dataclass
class VirtualUser:
    """A signed-in user of the run: its session cookie, token and what it works on."""

    number: int
    username: str
    role: str
    cookie: str
    token: str
    account_ids: list[int]  # readable: detail pages
    contact_ids: list[int]
    edit_ids: list[int]  # its own slice of the portfolio (account managers only)
    own_account_ids: list[int]  # where its API contacts start working


@dataclass
class Tally:
    """What the client saw happen to the data (the invariants are checked against it)."""

    edits_landed: dict[int, int] = field(default_factory=dict)  # account id -> edits
    edits_resolved_after_503: int = 0
    keys: dict[str, str] = field(default_factory=dict)  # Idempotency-Key -> last name sent
    creates_retried: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


# ------------------------------------------------------------------------------ the HTTP side


class Server:
    """Where the requests go: a host and port on the loopback interface."""

    def __init__(self, host: str, port: int, *, cookie_name: str = "sessionid") -> None:
        self.host = host
        self.port = port
        self.cookie_name = cookie_name

    def fetch(
        self, method: str, path: str, headers: dict[str, str], body: bytes | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        """Status, cookies set (and `Location` under that name), body."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            cookies = {}
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    cookies[key.strip()] = rest.split(";", 1)[0]
                elif name.lower() == "location":
                    cookies["Location"] = value
            return response.status, cookies, response.read()
        finally:
            connection.close()


class FormReader(HTMLParser):
    """The fields of the form that holds `marker` (an input name), as a browser would post them."""

    def __init__(self, marker: str) -> None:
        super().__init__(convert_charrefs=True)
        self.marker = marker
        self.forms: list[list[tuple[str, str]]] = []
        self._fields: list[tuple[str, str]] | None = None
        self._textarea: str | None = None
        self._text = ""
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._option: tuple[str | None, bool, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._fields = []
        elif self._fields is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._fields.append((a["name"], a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._option = (a.get("value"), "selected" in a, "")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data
        if self._option is not None:
            value, selected, text = self._option
            self._option = (value, selected, text + data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._option is not None:
            value, selected, text = self._option
            self._options.append((text.strip() if value is None else value, selected))
            self._option = None
        elif tag == "textarea" and self._textarea is not None and self._fields is not None:
            # A browser drops the one newline that follows <textarea>.
            text = self._text[1:] if self._text.startswith("\n") else self._text
            self._fields.append((self._textarea, text.replace("\r\n", "\n")))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._fields is not None:
            if self._option is not None:
                self.handle_endtag("option")
            chosen = [v for v, s in self._options if s] or [v for v, _ in self._options[:1]]
            self._fields.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "form" and self._fields is not None:
            self.forms.append(self._fields)
            self._fields = None

    def fields(self) -> list[tuple[str, str]]:
        for form in self.forms:
            if any(name == self.marker for name, _ in form):
                return form
        raise ValueError(f"no form with a field {self.marker!r} on the page")


def form_fields(html: str, marker: str = "version") -> list[tuple[str, str]]:
    reader = FormReader(marker)
    reader.feed(html)
    reader.close()
    return reader.fields()


class Load:
    """The run: users in threads until the deadline, their samples and tallies."""

    def __init__(
        self,
        server: Server,
        users: list[VirtualUser],
        *,
        search_terms: list[str],
        duration: float,
        think: float,
        seed: int,
        run_id: str,
    ) -> None:
        self.server = server
        self.users = users
        self.search_terms = search_terms
        self.duration = duration
        self.think = think
        self.seed = seed
        self.run_id = run_id
        self.samples: list[Sample] = []
        self.tally = Tally()
        self.failures: list[str] = []  # errors inside the client itself (a bug, not a status)
        self._lock = threading.Lock()
        self._start = 0.0
        self._stop = threading.Event()

    def now(self) -> float:
        return time.monotonic() - self._start

    def run(self, during: Callable[[Load], None] | None = None) -> float:
        """Runs every user until the duration is over; returns the wall seconds taken.

        `during`, when given, runs in its own thread from the start (the database restart).
        """
        self._start = time.monotonic()
        threads = [
            threading.Thread(target=self._user, args=(u,), name=f"load-{u.number}", daemon=True)
            for u in self.users
        ]
        helper = None
        if during is not None:
            helper = threading.Thread(target=during, args=(self,), name="load-during", daemon=True)
            helper.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if helper is not None:
            helper.join()
        return self.now()

    def running(self) -> bool:
        return self.now() < self.duration and not self._stop.is_set()

    # -- one user

    def _user(self, user: VirtualUser) -> None:
        rng = random.Random(self.seed * 1_000 + user.number)
        kinds = list(MIX)
        weights = list(MIX.values())
        if not user.edit_ids:
            weights[kinds.index("edit")] = 0
        # Every kind once first (each user starting elsewhere), then by weight.
        first = [k for k, w in zip(kinds, weights, strict=True) if w]
        shift = user.number % len(first)
        first = first[shift:] + first[:shift]
        n = 0
        try:
            while self.running():
                kind = first[n] if n < len(first) else rng.choices(kinds, weights)[0]
                getattr(self, "_" + kind.replace(" ", "_").lower())(user, rng, n)
                n += 1
                if self.think:
                    time.sleep(rng.uniform(0, 2 * self.think))
        except Exception as exc:  # recorded and reported: the run must not hang on one thread
            with self._lock:
                self.failures.append(f"user {user.number}: {type(exc).__name__}: {exc}")

    def _request(
        self,
        user: VirtualUser,
        kind: str,
        method: str,
        path: str,
        *,
        api: bool = False,
        form: list[tuple[str, str]] | None = None,
        payload: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        cookies: dict[str, str] | None = None,
        location: str = "",
    ) -> tuple[int, dict[str, str], bytes]:
        sent = {"Accept-Language": "nl", **(headers or {})}
        body = None
        if api:
            sent["Authorization"] = f"Bearer {user.token}"
        else:
            jar = {self.server.cookie_name: user.cookie, **(cookies or {})}
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        if form is not None:
            body = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        if payload is not None:
            body = json.dumps(payload).encode()
            sent["Content-Type"] = "application/json"
        started = self.now()
        try:
            status, set_cookies, content = self.server.fetch(method, path, sent, body)
        except OSError:
            status, set_cookies, content = 0, {}, b""
        elsewhere = bool(location) and status == 302 and set_cookies.get("Location") != location
        with self._lock:
            self.samples.append(Sample(kind, started, self.now(), status, elsewhere))
        return status, set_cookies, content

    def _list(self, user: VirtualUser, rng: random.Random, n: int) -> None:
        page = rng.choice([1, 1, 1, 2, 3])
        where = rng.choice(["/accounts/", "/contacts/"])
        self._request(user, "list", "GET", f"{where}?page={page}" if page > 1 else where)

    def _search(self, user: VirtualUser, rng: random.Random, n: int) -> None:
        where = rng.choice(["/accounts/", "/contacts/"])
        term = rng.choice(self.search_terms)
        self._request(user, "search", "GET", f"{where}?{urlencode({'q': term})}")

    def _detail(self, user: VirtualUser, rng: random.Random, n: int) -> None:
        if user.contact_ids and rng.random() < 0.3:
            self._request(user, "detail", "GET", f"/contacts/{rng.choice(user.contact_ids)}/")
        else:
            self._request(user, "detail", "GET", f"/accounts/{rng.choice(user.account_ids)}/")

    def _api_list(self, user: VirtualUser, rng: random.Random, n: int) -> None:
        where = rng.choice(["/api/v1/accounts", "/api/v1/contacts"])
        self._request(user, "API list", "GET", where, api=True)

    def _edit(self, user: VirtualUser, rng: random.Random, n: int) -> None:
        pk = user.edit_ids[n % len(user.edit_ids)]
        path = f"/accounts/{pk}/edit/"
        status, set_cookies, content = self._request(user, "edit form", "GET", path)
        if status != 200:
            return
        fields = form_fields(content.decode())
        version = int(dict(fields)["version"])
        notes = f"load {self.run_id} user {user.number} edit {n}"
        fields = [(k, v) for k, v in fields if k != "notes"] + [("notes", notes)]
        csrf = set_cookies.get("csrftoken", "")
        status, answer, _ = self._request(
            user,
            "edit",
            "POST",
            path,
            form=fields,
            cookies={"csrftoken": csrf} if csrf else None,
            location=f"/accounts/{pk}/",
        )
        if status == 302 and answer.get("Location") == f"/accounts/{pk}/":
            self._landed(pk)
        elif status in (0, 503) and self._edit_landed_after_all(user, path, version, notes):
            # It landed before the database went: the form read again once it answers says so.
            self._landed(pk)
            with self.tally.lock:
                self.tally.edits_resolved_after_503 += 1

    def _landed(self, pk: int) -> None:
        with self.tally.lock:
            self.tally.edits_landed[pk] = self.tally.edits_landed.get(pk, 0) + 1

    def _edit_landed_after_all(
        self, user: VirtualUser, path: str, version: int, notes: str
    ) -> bool:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            status, _, content = self._request(user, "edit form", "GET", path)
            if status == 200:
                now = dict(form_fields(content.decode()))
                landed = int(now["version"]) == version + 1 and now.get("notes") == notes
                if not landed and int(now["version"]) != version:
                    raise AssertionError(f"{path}: version {now['version']}, expected {version}")
                return landed
            time.sleep(0.5)
        raise AssertionError(f"{path}: no answer within 60 s to find out whether an edit landed")

    def _api_create(self, user: VirtualUser, rng: random.Random, n: int) -> None:
        key = f"load-{self.run_id}-{user.number}-{n}"
        last_name = f"Load {self.run_id} {user.number}-{n}"
        payload = {
            "first_name": "Belasting",
            "last_name": last_name,
            "account_id": rng.choice(user.own_account_ids),
            "position": {"job_title": "Inkoper", "buying_role": "buyer"},
        }
        with self.tally.lock:
            self.tally.keys[key] = last_name
        deadline = time.monotonic() + 60
        while True:
            status, _, _ = self._request(
                user,
                "API create",
                "POST",
                "/api/v1/contacts",
                api=True,
                payload=payload,
                headers={"Idempotency-Key": key},
            )
            if status not in (0, 503) or time.monotonic() > deadline:
                return
            # Retried with the same key and body, as a well-behaved integration does.
            with self.tally.lock:
                self.tally.creates_retried += 1
            time.sleep(0.5)


# ------------------------------------------------------------------------------ the results


@dataclass
class KindResult:
    kind: str
    n: int
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int


def summary(samples: list[Sample], seconds: float) -> list[KindResult]:
    from bench.measure import percentile

    results = []
    kinds = [*EXPECTED]
    for kind in [*kinds, "all"]:
        chosen = [s for s in samples if kind in ("all", s.kind)]
        if not chosen:
            continue
        times = [s.ended - s.started for s in chosen]
        results.append(
            KindResult(
                kind=kind,
                n=len(chosen),
                per_second=len(chosen) / seconds,
                p50_ms=1000 * percentile(times, 50),
                p95_ms=1000 * percentile(times, 95),
                p99_ms=1000 * percentile(times, 99),
                errors=sum(not s.ok for s in chosen),
            )
        )
    return results


def table(results: list[KindResult]) -> str:
    lines = [
        "| kind | requests | per second | p50 ms | p95 ms | p99 ms | errors |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        lines.append(
            f"| {r.kind} | {r.n:,} | {r.per_second:.1f} | {r.p50_ms:.0f} | {r.p95_ms:.0f} "
            f"| {r.p99_ms:.0f} | {r.errors} |"
        )
    return "\n".join(lines)


def check_errors(samples: list[Sample], outage: Outage | None) -> list[str]:
    """What the statuses break: without an outage, any error; with one, an error outside the
    outage (from the stop until RECOVERY_SECONDS after the database is back) or one that is not
    a 503."""
    problems = []
    wrong = [s for s in samples if not s.ok]
    if outage is None:
        for s in wrong[:10]:
            problems.append(f"{s.kind}: {s.status} at {s.started:.1f} s")
        if len(wrong) > 10:
            problems.append(f"… {len(wrong) - 10} more errors")
        return problems
    until = outage.back + RECOVERY_SECONDS
    outside = [s for s in wrong if s.ended < outage.stopped or s.started > until]
    not_503 = [s for s in wrong if s.status != 503]
    for s in outside[:10]:
        problems.append(
            f"{s.kind}: {s.status} at {s.started:.1f}-{s.ended:.1f} s, outside the outage "
            f"({outage.stopped:.1f} s until {until:.1f} s)"
        )
    for s in not_503[:10]:
        problems.append(f"{s.kind}: {s.status} (not a 503) at {s.started:.1f} s")
    return problems


def recovery_seconds(samples: list[Sample], outage: Outage) -> float | None:
    """From the database answering again to the end of the last error (0: none after it)."""
    errors = [s.ended for s in samples if not s.ok and s.ended >= outage.stopped]
    if not errors:
        return None
    return max(0.0, max(errors) - outage.back)


# ------------------------------------------------------------------------------ the data side


def sign_in(count: int, *, run_id: str, seed: int) -> tuple[list[VirtualUser], list[str]]:
    """`count` users with a session and a token each, made in the database the server reads.

    Account managers and the managers of their teams take turns (about three of four users are
    account managers); several users may share a login, each with a session of their own. Every
    account manager user edits a slice of its portfolio that no other user edits.
    """
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from bench.apps import app_modules
    from bench.run import choose_subjects
    from koers.accounts.models import Account
    from koers.api.services import api_token_create
    from koers.core import access
    from koers.core.models import Role, User

    subjects = choose_subjects(app_modules())
    ams = list(
        User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True, owned_accounts__isnull=False)
        .distinct()
        .order_by("username")
    )
    managers = list(User.objects.filter(role=Role.MANAGER, is_active=True).order_by("username"))
    logins: list[User] = []
    while len(logins) < count:
        for i, am in enumerate(ams):
            logins.append(am)
            if managers and i % 3 == 2:
                logins.append(managers[(i // 3) % len(managers)])
    logins = logins[:count]
    rng = random.Random(seed)
    backend = settings.AUTHENTICATION_BACKENDS[-1]
    users = []
    for number, login in enumerate(logins):
        session = SessionStore()
        session[SESSION_KEY] = str(login.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = login.get_session_auth_hash()
        session.create()
        _token, token = api_token_create(user=login, name=f"load {run_id} {number}")
        readable = list(access.accounts_readable(login).order_by("pk").values_list("pk", flat=True))
        contacts = list(
            access.contacts_readable(login).order_by("pk").values_list("pk", flat=True)[:2000]
        )
        own = list(Account.objects.filter(owner=login).order_by("pk").values_list("pk", flat=True))
        edit_ids: list[int] = []
        if login.role == Role.ACCOUNT_MANAGER:
            sharing = [i for i, other in enumerate(logins) if other.pk == login.pk]
            edit_ids = own[sharing.index(number) :: len(sharing)][:50]
        users.append(
            VirtualUser(
                number=number,
                username=login.username,
                role=EDITING_ROLE if login.role == Role.ACCOUNT_MANAGER else "manager",
                cookie=session.session_key or "",
                token=token,
                account_ids=rng.sample(readable, min(len(readable), 500)),
                contact_ids=contacts,
                edit_ids=edit_ids,
                own_account_ids=own[:200]
                or list(access.accounts_writable(login).values_list("pk", flat=True)[:200]),
            )
        )
    return users, list(subjects.search_terms)


def snapshot(account_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Per account: its version and its number of history rows."""
    from django.db.models import Count

    from koers.accounts.models import Account

    history = dict(
        Account.history.filter(id__in=account_ids)
        .values("id")
        .annotate(n=Count("history_id"))
        .values_list("id", "n")
    )
    return {
        pk: (version, history.get(pk, 0))
        for pk, version in Account.objects.filter(pk__in=account_ids).values_list("pk", "version")
    }


def check_data(
    load: Load, before: dict[int, tuple[int, int]], after: dict[int, tuple[int, int]]
) -> list[str]:
    """No partial write and no duplicate: what the database holds against what the client saw."""
    from django.db.models import Count

    from koers.accounts.models import Contact

    problems = []
    for pk, (version, rows) in after.items():
        landed = load.tally.edits_landed.get(pk, 0)
        old_version, old_rows = before[pk]
        if version - old_version != landed:
            problems.append(
                f"account {pk}: version {old_version} -> {version}, but {landed} edits landed"
            )
        if rows - old_rows != version - old_version:
            problems.append(
                f"account {pk}: {version - old_version} versions, {rows - old_rows} history rows"
            )
    names = list(load.tally.keys.values())
    found = dict(
        Contact.objects.filter(last_name__in=names)
        .values("last_name")
        .annotate(n=Count("pk"))
        .values_list("last_name", "n")
    )
    for key, name in load.tally.keys.items():
        if found.get(name, 0) != 1:
            problems.append(f"Idempotency-Key {key}: {found.get(name, 0)} contacts, expected 1")
    return problems


# ------------------------------------------------------------------------------ the restart


def pg_isready(host: str, port: int) -> bool:
    result = subprocess.run(  # noqa: S603
        ["pg_isready", "-q", "-h", host, "-p", str(port)],  # noqa: S607
        check=False,
    )
    return result.returncode == 0


def restart_database(
    outage: Outage, *, at: float, down: float, cluster: str, host: str, port: int
) -> Callable[[Load], None]:
    """The `during` of a run: stops the cluster at `at` seconds, starts it `down` seconds later,
    and notes when it answers again. Starts it also when something fails in between."""
    version, name = cluster.split("/", 1)
    base = ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]

    def during(load: Load) -> None:
        while load.now() < at:
            time.sleep(0.1)
        outage.stopped = load.now()
        stop = [*base, "stop", "--", "-m", "fast"]
        outage.commands.append(shlex.join(stop))
        try:
            subprocess.run(stop, check=True)  # noqa: S603
            time.sleep(down)
        finally:
            start = [*base, "start"]
            outage.commands.append(shlex.join(start))
            subprocess.run(start, check=True)  # noqa: S603
            while not pg_isready(host, port):
                time.sleep(0.1)
            outage.back = load.now()

    return during


# ------------------------------------------------------------------------------ the command


@contextmanager
def _quiet_connection() -> Iterator[None]:
    """Closes this process's database connection around the run (a restart would break it)."""
    from django.db import connection

    connection.close()
    try:
        yield
    finally:
        connection.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="M", help="the size the database was generated with")
    parser.add_argument(
        "--database-url", help="default: $BENCH_DATABASE_URL, $DATABASE_URL, else the SQLite file"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=300, help="seconds (default 300)")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds between a user's requests"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--restart-db",
        action="store_true",
        help="stop PostgreSQL during the run and start it again (pg_ctlcluster, as root)",
    )
    parser.add_argument("--restart-at", type=float, default=20, help="seconds into the run")
    parser.add_argument("--outage", type=float, default=4, help="seconds the database is down")
    parser.add_argument("--cluster", default="", help="e.g. 15/main (default: the only one)")
    args = parser.parse_args(argv)

    url = args.database_url or env.default_database_url(args.size)
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).exists():
        raise SystemExit(f"no database at {url}: run `python -m bench.generate` first")
    if args.restart_db and not url.startswith("postgres"):
        raise SystemExit("--restart-db needs PostgreSQL (--database-url or BENCH_DATABASE_URL)")
    if args.restart_db and not 0 < args.restart_at < args.duration:
        raise SystemExit("--restart-at: a moment inside the run (0 < seconds < --duration)")
    if args.restart_db and args.outage >= 10:
        raise SystemExit("--outage: keep it under 10 seconds (the server may be shared)")
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    env.setup_django(url, debug=False)

    from django.core.management import call_command
    from django.db import connection

    from bench.http import gunicorn
    from bench.run import machine

    call_command("migrate", verbosity=0, interactive=False)
    run_id = uuid.uuid4().hex[:8]
    users, terms = sign_in(args.users, run_id=run_id, seed=args.seed)
    edited = sorted({pk for u in users for pk in u.edit_ids})
    before = snapshot(edited)
    started_on = machine()
    outage = Outage() if args.restart_db else None
    during = None
    if outage is not None:
        settings_db = connection.settings_dict
        host, port = settings_db["HOST"] or "127.0.0.1", int(settings_db["PORT"] or 5432)
        cluster = args.cluster or _only_cluster()
        during = restart_database(
            outage, at=args.restart_at, down=args.outage, cluster=cluster, host=host, port=port
        )
    print(
        f"{len(users)} users ({sum(u.role == EDITING_ROLE for u in users)} account managers) for "
        f"{args.duration:.0f} s, think time {args.think} s, gunicorn with {args.workers} workers, "
        f"{env.database_label(url)}, load average {started_on['load']}",
        flush=True,
    )
    with _quiet_connection(), gunicorn(url, workers=args.workers) as (port_, _cpu):
        from django.conf import settings

        load = Load(
            Server("127.0.0.1", port_, cookie_name=settings.SESSION_COOKIE_NAME),
            users,
            search_terms=terms,
            duration=args.duration,
            think=args.think,
            seed=args.seed,
            run_id=run_id,
        )
        seconds = load.run(during)
    if outage is not None:
        _wait_ready(connection.settings_dict)
    results = summary(load.samples, seconds)
    after = snapshot(edited)
    problems = [
        *load.failures,
        *check_errors(load.samples, outage),
        *check_data(load, before, after),
    ]
    recovery = recovery_seconds(load.samples, outage) if outage is not None else None
    if outage is not None and recovery is not None and recovery > RECOVERY_SECONDS:
        problems.append(f"recovered {recovery:.1f} s after the database was back")
    print(table(results))
    edits = sum(load.tally.edits_landed.values())
    print(
        f"\n{edits} edits landed on {len(load.tally.edits_landed)} accounts "
        f"({load.tally.edits_resolved_after_503} found landed after a 503); "
        f"{len(load.tally.keys)} API creates with an Idempotency-Key "
        f"({load.tally.creates_retried} retries after a 503); "
        f"load average at the end {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    if outage is not None:
        errors = [s for s in load.samples if not s.ok]
        print(
            f"database stopped at {outage.stopped:.1f} s, answering again at {outage.back:.1f} s "
            f"({outage.back - outage.stopped:.1f} s down); {len(errors)} errors, statuses "
            f"{sorted({s.status for s in errors})}; last error "
            + (f"{recovery:.1f} s after it was back" if recovery is not None else ": none")
        )
    data = {
        "date": datetime.now().astimezone().isoformat(timespec="minutes"),
        "database": env.database_label(url),
        "size": args.size,
        "users": len(users),
        "duration": args.duration,
        "seconds": seconds,
        "think": args.think,
        "workers": args.workers,
        "machine": started_on,
        "load_at_end": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        "results": [asdict(r) for r in results],
        "edits_landed": edits,
        "edits_resolved_after_503": load.tally.edits_resolved_after_503,
        "creates": len(load.tally.keys),
        "creates_retried": load.tally.creates_retried,
        "outage": asdict(outage) if outage is not None else None,
        "recovery_seconds": recovery,
        "problems": problems,
    }
    suffix = "-restart" if outage is not None else ""
    path = env.BENCH_DIR / f"load-{args.size}-{connection.vendor}{suffix}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, default=str))
    if problems:
        print("\nFAILED:\n  " + "\n  ".join(problems[:30]))
        return 1
    print("\nall checks passed")
    return 0


def _only_cluster() -> str:
    clusters = sorted(p.parent.name + "/" + p.name for p in Path("/etc/postgresql").glob("*/*"))
    if len(clusters) != 1:
        raise SystemExit(f"--cluster: one of {clusters}")
    return clusters[0]


def _wait_ready(settings_db: dict[str, Any]) -> None:
    host, port = settings_db["HOST"] or "127.0.0.1", int(settings_db["PORT"] or 5432)
    deadline = time.monotonic() + 60
    while not pg_isready(host, port) and time.monotonic() < deadline:
        time.sleep(0.5)


if __name__ == "__main__":
    sys.exit(main())
