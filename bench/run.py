"""Measures the server time of the main pages and endpoints on a generated database.

    .venv/bin/python -m bench.generate --size L                       # once
    .venv/bin/python -m bench.run --size L                             # SQLite
    .venv/bin/python -m bench.run --size L \\
        --database-url postgres://postgres@127.0.0.1:5432/koers_bench   # PostgreSQL

Each request goes in-process through the whole middleware stack (django.test.Client, DEBUG off):
the "server time" is its wall time, without a network or a WSGI server. Every scenario is warmed
up first and then timed over --requests requests. The results are printed, kept as JSON under
var/bench/ and written (for every database measured so far) into docs/performance.md between the
`bench:results` markers; the rest of that file is prose by hand.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import os
import platform
import sqlite3
import statistics
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import env

RESULTS_START = "<!-- bench:results:start -->"
RESULTS_END = "<!-- bench:results:end -->"
DOC_PATH = env.PROJECT_DIR / "docs" / "performance.md"
TARGET_P95_MS = 100.0


@dataclass
class QueryStat:
    sql: str
    params: Any
    calls: int = 0
    seconds: float = 0.0

    @property
    def mean_ms(self) -> float:
        return 1000 * self.seconds / max(self.calls, 1)


class QueryRecorder:
    """Counts and times every query through Django's execute_wrapper; cheap enough to stay on."""

    def __init__(self) -> None:
        self.count = 0
        self.stats: dict[str, QueryStat] = {}

    def __call__(self, execute: Callable, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - started
            self.count += 1
            stat = self.stats.get(sql)
            if stat is None:
                stat = self.stats[sql] = QueryStat(sql, None if many else params)
            stat.calls += 1
            stat.seconds += elapsed


@dataclass
class Measurement:
    scenario: str
    path: str
    n: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    queries: float
    # CPU time of this process (median): unlike wall time, hardly affected by other load on a
    # shared machine; it leaves out the PostgreSQL server's own work.
    cpu_p50_ms: float = 0.0
    note: str = ""
    slowest: list[dict[str, Any]] = field(default_factory=list)


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


class Runner:
    def __init__(self, *, requests: int, warmup: int, explain: int) -> None:
        from django.db import connection

        self.connection = connection
        self.requests = requests
        self.warmup = warmup
        self.explain = explain
        self.results: list[Measurement] = []

    @contextmanager
    def recording(self) -> Iterator[QueryRecorder]:
        recorder = QueryRecorder()
        with self.connection.execute_wrapper(recorder):
            yield recorder

    def measure(
        self,
        scenario: str,
        call: Callable[[int], Any],
        *,
        path: str,
        expect: int = 200,
        note: str = "",
    ) -> Measurement:
        for i in range(self.warmup):
            self._check(scenario, call(-1 - i), expect)
        samples, cpu = [], []
        with self.recording() as recorder:
            for i in range(self.requests):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = call(i)
                samples.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
                self._check(scenario, response, expect)
        result = Measurement(
            scenario=scenario,
            path=path,
            n=len(samples),
            p50_ms=1000 * statistics.median(samples),
            p95_ms=1000 * percentile(samples, 95),
            max_ms=1000 * max(samples),
            queries=recorder.count / len(samples),
            cpu_p50_ms=1000 * statistics.median(cpu),
            note=note,
            slowest=self._slowest(recorder),
        )
        self.results.append(result)
        print(_row(result, self.connection.vendor), flush=True)
        return result

    @staticmethod
    def _check(scenario: str, response: Any, expect: int) -> None:
        status = getattr(response, "status_code", expect)
        if status != expect:
            body = getattr(response, "content", b"")[:500]
            raise SystemExit(f"{scenario}: expected {expect}, got {status}: {body!r}")

    def _slowest(self, recorder: QueryRecorder, runs: int | None = None) -> list[dict[str, Any]]:
        """The queries that took the most time per request, with their plans."""
        runs = runs or self.requests
        per_request = sorted(recorder.stats.values(), key=lambda s: s.seconds, reverse=True)
        out = []
        for stat in per_request[: self.explain]:
            out.append(
                {
                    "sql": stat.sql,
                    "calls": stat.calls,
                    "mean_ms": round(stat.mean_ms, 2),
                    "ms_per_request": round(1000 * stat.seconds / max(runs, 1), 2),
                    "plan": self._plan(stat),
                }
            )
        return out

    def _plan(self, stat: QueryStat) -> str:
        if not stat.sql.lstrip().upper().startswith("SELECT") or stat.params is None:
            return ""
        prefix = (
            "EXPLAIN (ANALYZE, BUFFERS) "
            if self.connection.vendor == "postgresql"
            else "EXPLAIN QUERY PLAN "
        )
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(prefix + stat.sql, stat.params)
                rows = cursor.fetchall()
        except Exception as exc:  # a plan is a nicety; never let it stop the benchmark
            return f"(no plan: {exc})"
        if self.connection.vendor == "postgresql":
            return "\n".join(r[0] for r in rows)
        # SQLite: (id, parent, notused, detail) rows, indented by depth.
        depth: dict[int, int] = {0: -1}
        lines = []
        for node_id, parent, _unused, detail in rows:
            depth[node_id] = depth.get(parent, -1) + 1
            lines.append("  " * depth[node_id] + detail)
        return "\n".join(lines)


# ------------------------------------------------------------------------------ the subjects


@dataclass
class Subjects:
    """Who and what the scenarios use, chosen from the data so that every size works."""

    account_manager: Any
    portfolio: int
    manager: Any
    team_size: int
    chain_root: Any
    chain_size: int
    chain_contacts: int
    largest_root: Any
    largest_size: int
    search_terms: list[str]
    own_account_ids: list[int]


def choose_subjects() -> Subjects:
    from django.db.models import Count, Q

    from koers.accounts.models import Account, Position
    from koers.core import access
    from koers.core.models import Role, Team, User

    portfolios = list(
        User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True)
        .annotate(n=Count("owned_accounts"))
        .filter(n__gt=0)
        .order_by("n", "pk")
    )
    if not portfolios:
        raise SystemExit("no accounts: run `python -m bench.generate` on this database first")
    # The account manager with the median portfolio: a realistic, not a best or worst, case.
    am = portfolios[len(portfolios) // 2]
    team = Team.objects.filter(members=am, manager__isnull=False).select_related("manager").first()
    if team is None:
        raise SystemExit(f"{am.username} is in no team with a manager")
    manager = team.manager

    chains = (
        Account.objects.filter(root__isnull=False)
        .values("root_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "root_id")
    )
    own_chain = chains.filter(root__owner=am).first()
    largest = chains.first()
    if own_chain is None or largest is None:
        raise SystemExit("the data holds no chains with branches")
    chain_root = Account.objects.get(pk=own_chain["root_id"])
    largest_root = Account.objects.select_related("owner").get(pk=largest["root_id"])
    chain_contacts = Position.objects.filter(
        Q(account=chain_root) | Q(account__root=chain_root), end_date__isnull=True
    ).count()

    # Parts of names as someone types them: the middle of a word, in lower case.
    names = list(
        access.accounts_readable(manager).order_by("pk").values_list("name", flat=True)[:5000:500]
    )
    terms = []
    for name in names:
        word = max(name.split(), key=len)
        start = max(0, len(word) // 2 - 2)
        terms.append(word[start : start + 4].lower())
    own = list(Account.objects.filter(owner=am).order_by("pk").values_list("pk", flat=True)[:200])
    return Subjects(
        account_manager=am,
        portfolio=am.n,
        manager=manager,
        team_size=access.accounts_readable(manager).count(),
        chain_root=chain_root,
        chain_size=own_chain["n"],
        chain_contacts=chain_contacts,
        largest_root=largest_root,
        largest_size=largest["n"],
        search_terms=terms,
        own_account_ids=own,
    )


# ---------------------------------------------------------------------------- the scenarios


def client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def api_client(user: Any) -> tuple[Any, dict[str, str]]:
    from django.test import Client

    from koers.api.services import api_token_create

    _token, plaintext = api_token_create(user=user, name="benchmark")
    return Client(), {"Authorization": f"Bearer {plaintext}"}


def run_scenarios(runner: Runner, s: Subjects, *, with_import: bool, import_rows: int) -> None:
    am, manager = s.account_manager, s.manager
    am_client, manager_client = client_for(am), client_for(manager)
    largest_client = client_for(s.largest_root.owner)

    runner.measure(
        "account list, account manager",
        lambda i: am_client.get("/accounts/"),
        path="/accounts/",
        note=f"{am.username}: own portfolio of {s.portfolio:,} accounts",
    )
    runner.measure(
        "account list, manager",
        lambda i: manager_client.get("/accounts/"),
        path="/accounts/",
        note=f"{manager.username}: sees {s.team_size:,} accounts of the team",
    )
    runner.measure(
        "account list, page 20, manager",
        lambda i: manager_client.get("/accounts/", {"page": 20}),
        path="/accounts/?page=20",
    )
    terms = s.search_terms
    runner.measure(
        "search, manager",
        lambda i: manager_client.get("/accounts/", {"q": terms[i % len(terms)]}),
        path="/accounts/?q=…",
        note="terms: " + ", ".join(terms[:5]),
    )
    runner.measure(
        "search, account manager",
        lambda i: am_client.get("/accounts/", {"q": terms[i % len(terms)], "scope": "all"}),
        path="/accounts/?q=…&scope=all",
    )
    runner.measure(
        "account detail, chain root",
        lambda i: am_client.get(f"/accounts/{s.chain_root.pk}/"),
        path="/accounts/<id>/",
        note=f"{s.chain_size} branches, {s.chain_contacts} current contacts",
    )
    runner.measure(
        "account detail, largest chain",
        lambda i: largest_client.get(f"/accounts/{s.largest_root.pk}/"),
        path="/accounts/<id>/",
        note=f"{s.largest_size} branches",
    )

    runner.measure(
        "whole chain, largest chain",
        lambda i: largest_client.get(f"/accounts/{s.largest_root.pk}/chain/"),
        path="/accounts/<id>/chain/",
        note=f"all {s.largest_size} branches ('show all' of the detail page)",
    )

    api, auth = api_client(am)
    api_manager, manager_auth = api_client(manager)
    runner.measure(
        "API account list, account manager",
        lambda i: api.get("/api/v1/accounts", headers=auth),
        path="/api/v1/accounts",
        note="token auth, 25 per page",
    )
    runner.measure(
        "API account list, manager",
        lambda i: api_manager.get("/api/v1/accounts", headers=manager_auth),
        path="/api/v1/accounts",
    )
    runner.measure(
        "contact list, account manager",
        lambda i: am_client.get("/contacts/"),
        path="/contacts/",
    )
    runner.measure(
        "contact list, manager",
        lambda i: manager_client.get("/contacts/"),
        path="/contacts/",
        note="a team's contacts: about 60,000 at size L",
    )
    runner.measure(
        "contact search, manager",
        lambda i: manager_client.get("/contacts/", {"q": terms[i % len(terms)]}),
        path="/contacts/?q=…",
    )
    runner.measure(
        "API contact list, manager",
        lambda i: api_manager.get("/api/v1/contacts", headers=manager_auth),
        path="/api/v1/contacts",
        note="with the exact count",
    )
    own = s.own_account_ids

    def create_contact(i: int) -> Any:
        body = {
            "first_name": "Bench",
            "last_name": f"Contact {time.time_ns()}",
            "email": f"bench{time.time_ns()}@example.nl",
            "account_id": own[i % len(own)],
            "position": {"job_title": "Inkoper", "buying_role": "buyer"},
        }
        return api.post(
            "/api/v1/contacts", data=json.dumps(body), content_type="application/json", headers=auth
        )

    runner.measure(
        "API contact create",
        create_contact,
        path="POST /api/v1/contacts",
        expect=201,
        note="with a position at an own account",
    )
    if with_import:
        measure_import(runner, am, rows=import_rows)


# ------------------------------------------------------------------------------- the import

IMPORT_MAPPING = {
    "Naam": "name",
    "KvK-nummer": "kvk_number",
    "Klantnummer": "external_id",
    "Straat": "visit_street",
    "Postcode": "visit_postcode",
    "Plaats": "visit_city",
    "Telefoon": "phone",
    "E-mail": "email",
    "Website": "website",
    "Segment": "segment",
    "Klasse": "tier",
    "Status": "status",
    "Voornaam contact": "contact_first_name",
    "Achternaam contact": "contact_last_name",
    "E-mail contact": "contact_email",
    "Functie contact": "contact_job_title",
    "Rol contact": "contact_buying_role",
}


def import_file(user: Any, rows: int, seed: int = 7) -> bytes:
    """A CSV as an account manager exports it from a spreadsheet: a fifth updates accounts of
    their own portfolio (matched by customer number), the rest are new (KvK numbers starting
    with 0, which the generator never uses, so that none matches a colleague's account)."""
    import random

    from bench.generate import make_pools, slug
    from bench.words import SEGMENTS, TRADES
    from koers.accounts.models import Account

    rng = random.Random(seed)
    pools = make_pools(seed)
    existing = list(
        Account.objects.filter(owner=user)
        .exclude(external_id="")
        .order_by("pk")
        .values_list("name", "external_id", "visit_city")[: rows // 5]
    )
    kvks = rng.sample(range(1_000_000, 9_999_999), rows)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(IMPORT_MAPPING)
    roles = ["Beslisser", "Inkoper", "Gebruiker", "Beïnvloeder", ""]
    for i in range(rows):
        first = rng.choice(pools.first_names)
        last = rng.choice(pools.last_names)
        if i < len(existing):
            name, external_id, city = existing[i]
            kvk = ""
        else:
            city = rng.choice(pools.cities)
            name = f"{rng.choice(pools.last_names)} {rng.choice(TRADES)} {city} {i}"
            external_id = f"IMP-{i:06d}"
            kvk = f"0{kvks[i]}"
        domain = f"import{i}.nl"
        writer.writerow(
            [
                name,
                kvk,
                external_id,
                f"{rng.choice(pools.streets)} {rng.randrange(1, 200)}",
                f"{rng.randrange(1000, 9999)} {rng.choice('ABCDEGHJKLMN')}{rng.choice('PRTVWXZ')}",
                city,
                f"0{rng.choice(['20', '30', '10', '40'])}-{rng.randrange(2_000_000, 9_999_999)}",
                f"info@{domain}",
                f"https://www.{domain}",
                rng.choice(SEGMENTS),
                rng.choice("ABC"),
                rng.choice(["klant", "prospect"]),
                first,
                last,
                f"{slug(first)[:1]}.{slug(last)}@{domain}",
                rng.choice(["Inkoper", "Directeur", "Office manager"]),
                rng.choice(roles),
            ]
        )
    return out.getvalue().encode("utf-8")


def measure_import(runner: Runner, user: Any, *, rows: int) -> None:
    """Upload, check (dry run) and import of a file, through the services the worker runs.

    Everything happens inside a transaction that is rolled back at the end, so the benchmark
    database stays as generated and the measurement can be repeated; the final COMMIT of the
    import is therefore not in the time.
    """
    from django.db import transaction

    from koers.transfer import services
    from koers.transfer.models import ImportStatus

    data = import_file(user, rows)
    phases: dict[str, float] = {}
    cpu_started = time.process_time()
    with runner.recording() as recorder, transaction.atomic():
        started = time.perf_counter()
        job = services.import_upload(actor=user, upload=io.BytesIO(data), name="bench.csv")
        phases["upload"] = time.perf_counter() - started
        job = services.import_set_mapping(actor=user, job=job, mapping=IMPORT_MAPPING)
        started = time.perf_counter()
        job = services.import_check(job_id=job.pk)
        phases["check"] = time.perf_counter() - started
        if job.status != ImportStatus.READY:
            raise SystemExit(f"import check found errors: {json.dumps(job.error_report)[:2000]}")
        started = time.perf_counter()
        job = services.import_run(job_id=job.pk)
        phases["import"] = time.perf_counter() - started
        if job.status != ImportStatus.DONE:
            raise SystemExit(f"import failed: {job.status} {job.message}")
        counts = f"{job.created_count:,} created, {job.updated_count:,} updated"
        transaction.set_rollback(True)
    total = sum(phases.values())
    cpu = time.process_time() - cpu_started
    result = Measurement(
        scenario=f"import {rows:,} rows",
        path="transfer.services",
        n=1,
        p50_ms=1000 * total,
        p95_ms=1000 * total,
        max_ms=1000 * total,
        queries=recorder.count,
        cpu_p50_ms=1000 * cpu,
        note=counts + "; " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items()),
        slowest=runner._slowest(recorder, runs=1),
    )
    runner.results.append(result)
    print(_row(result, runner.connection.vendor), flush=True)


# ------------------------------------------------------------------------------- reporting


def machine() -> dict[str, Any]:
    def cpuinfo() -> str:
        try:
            for line in Path("/proc/cpuinfo").read_text().splitlines():
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return platform.processor() or "unknown"

    def memory() -> str:
        try:
            for line in Path("/proc/meminfo").read_text().splitlines():
                if line.startswith("MemTotal"):
                    return f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
        except OSError:
            pass
        return "unknown"

    return {
        "nproc": os.cpu_count(),
        "cpu": cpuinfo(),
        "memory": memory(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
    }


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
    return "SQLite " + sqlite3.sqlite_version


def _label(vendor: str) -> str:
    return "PostgreSQL" if vendor == "postgresql" else "SQLite"


def _row(m: Measurement, vendor: str) -> str:
    flag = " !" if m.n > 1 and m.p95_ms > TARGET_P95_MS else ""
    return (
        f"{m.scenario:<36}{_label(vendor):<12}{m.n:>4}{m.p50_ms:>10.1f}{m.p95_ms:>10.1f}"
        f"{m.queries:>9.1f}{m.cpu_p50_ms:>9.1f}{flag}"
    )


def header() -> str:
    return (
        f"{'scenario':<36}{'database':<12}{'n':>4}{'p50 ms':>10}{'p95 ms':>10}"
        f"{'queries':>9}{'cpu ms':>9}"
    )


def result_path(vendor: str, size: str) -> Path:
    return env.BENCH_DIR / f"results-{size}-{vendor}.json"


def save(
    runner: Runner,
    size: str,
    counts: dict[str, int],
    *,
    started: dict[str, Any],
) -> dict[str, Any]:
    vendor = runner.connection.vendor
    data = {
        "size": size,
        "database": _label(vendor),
        "version": database_version(),
        "date": datetime.now().astimezone().isoformat(timespec="minutes"),
        # The load average when the measurements started.
        "machine": started,
        "counts": counts,
        "requests": runner.requests,
        "warmup": runner.warmup,
        "results": [asdict(r) for r in runner.results],
    }
    path = result_path(vendor, size)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, default=str))
    return data


def _load_runs(size: str) -> list[dict[str, Any]]:
    runs = []
    for vendor in ("sqlite", "postgresql"):
        path = result_path(vendor, size)
        if path.exists():
            runs.append(json.loads(path.read_text()))
    return runs


def _table(runs: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| scenario | database | n | p50 ms | p95 ms | queries per request | CPU p50 ms | notes |",
        "|---|---|--:|--:|--:|--:|--:|---|",
    ]
    scenarios: list[str] = []
    for run in runs:
        for r in run["results"]:
            if r["scenario"] not in scenarios:
                scenarios.append(r["scenario"])
    for scenario in scenarios:
        for run in runs:
            for r in run["results"]:
                if r["scenario"] != scenario:
                    continue
                p95 = f"{r['p95_ms']:.1f}"
                if r["n"] > 1 and r["p95_ms"] > TARGET_P95_MS:
                    p95 = f"**{p95}**"
                queries = r["queries"]
                shown = f"{queries:.0f}" if queries == int(queries) else f"{queries:.1f}"
                lines.append(
                    f"| {scenario} | {run['database']} | {r['n']} | {r['p50_ms']:.1f} | {p95} "
                    f"| {shown} | {r.get('cpu_p50_ms', 0):.1f} | {r['note']} |"
                )
    return lines


def _slow_queries(runs: list[dict[str, Any]]) -> list[str]:
    lines = []
    for run in runs:
        for r in run["results"]:
            for q in r["slowest"][:1]:
                # Only queries that matter for the time of the request.
                if q["ms_per_request"] < 5 or not q["sql"].lstrip().startswith("SELECT"):
                    continue
                plan = q["plan"].splitlines()
                lines += [
                    f"**{r['scenario']}, {run['database']}**: {q['mean_ms']} ms per call, "
                    f"{q['calls']} calls",
                    "",
                    "```sql",
                    _shorten_select(q["sql"]),
                    "```",
                    "",
                ]
                if plan:
                    cut = ["  …"] if len(plan) > PLAN_LINES else []
                    lines += ["```", *plan[:PLAN_LINES], *cut, "```", ""]
    return lines


PLAN_LINES = 40


def _shorten_select(sql: str) -> str:
    """`SELECT <forty columns> FROM …` reads better as `SELECT … FROM …`."""
    head, sep, rest = sql.partition(" FROM ")
    if sep and head.startswith("SELECT ") and len(head) > 120:
        sql = f"SELECT … FROM {rest}"
    return sql[:2000]


def render_results(size: str) -> str:
    """The generated part of docs/performance.md: every database measured at this size."""
    runs = _load_runs(size)
    if not runs:
        return ""
    m = runs[0]["machine"]
    lines = [
        f"Size **{size}**: " + ", ".join(f"{v:,} {k}" for k, v in runs[0]["counts"].items()) + ".",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory']} memory, Python {m['python']}, "
        f"SQLite {m['sqlite']}.",
        "",
        *[
            f"- {r['version']}, measured {r['date']}, load average {r['machine']['load']}"
            for r in runs
        ],
        "",
        f"Each scenario: warm-up requests, then n timed ones; the time is the server time of one "
        "request through the whole middleware stack (in-process, DEBUG off). "
        f"**Bold**: p95 over the target of {TARGET_P95_MS:.0f} ms. CPU p50 is the CPU time of "
        "the Django process alone (not PostgreSQL's), which other load on the machine hardly "
        "changes.",
        "",
        *_table(runs),
    ]
    slow = _slow_queries(runs)
    if slow:
        lines += [
            "",
            "<details><summary>The slowest query of each scenario, with its plan</summary>",
            "",
            *slow,
            "</details>",
        ]
    return "\n".join(lines)


def write_docs(size: str) -> None:
    block = render_results(size)
    text = DOC_PATH.read_text() if DOC_PATH.exists() else ""
    if RESULTS_START not in text:
        text = f"# Performance\n\n{RESULTS_START}\n{RESULTS_END}\n" + text
    before, rest = text.split(RESULTS_START, 1)
    _old, after = rest.split(RESULTS_END, 1)
    DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
    DOC_PATH.write_text(f"{before}{RESULTS_START}\n{block}\n{RESULTS_END}{after}")


def vacuum() -> None:
    """PostgreSQL: clean up after earlier runs first. The import scenario is rolled back, which
    leaves 10,000 dead rows and their index entries per run until autovacuum comes by; they
    made later runs slower than the first (the account manager's owner index grew 20-fold)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE)")


def wait_for_quiet(limit: float) -> None:
    """Waits (up to `limit` seconds) until the machine's load is below its number of CPUs: on a
    shared machine, other work inflates every wall-clock time."""
    deadline = time.monotonic() + limit
    cpus = os.cpu_count() or 1
    while os.getloadavg()[0] >= cpus and time.monotonic() < deadline:
        print(f"load {os.getloadavg()[0]:.1f} on {cpus} CPUs: waiting", flush=True)
        time.sleep(15)


def data_counts() -> dict[str, int]:
    from koers.accounts.models import Account, Contact, Position
    from koers.core.models import User

    return {
        "accounts": Account.objects.count(),
        "branches": Account.objects.filter(parent__isnull=False).count(),
        "contacts": Contact.objects.count(),
        "positions": Position.objects.count(),
        "users": User.objects.count(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="S", help="the size the database was generated with")
    parser.add_argument(
        "--database-url",
        help="default: $DATABASE_URL, else sqlite:///var/bench/koers-<size>.sqlite3",
    )
    parser.add_argument("--requests", type=int, default=50, help="timed requests per scenario")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--no-import", action="store_true")
    parser.add_argument("--explain", type=int, default=2, help="plans of the N slowest queries")
    parser.add_argument(
        "--docs",
        action=argparse.BooleanOptionalAction,
        help="write the results into docs/performance.md (default: for size L only)",
    )
    parser.add_argument(
        "--wait-quiet",
        type=float,
        default=0,
        metavar="SECONDS",
        help="first wait up to this long for the load average to drop below the CPU count",
    )
    args = parser.parse_args(argv)

    url = args.database_url or env.default_database_url(args.size)
    if url.startswith("sqlite") and not Path(url.split("///", 1)[-1]).exists():
        raise SystemExit(f"no database at {url}: run `python -m bench.generate` first")
    # WhiteNoise warns that collectstatic has not run; static files are not measured here.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    env.setup_django(url, debug=False)

    from django.core.management import call_command

    # Other migrations may have arrived since the data was generated.
    call_command("migrate", verbosity=0, interactive=False)
    vacuum()
    runner = Runner(requests=args.requests, warmup=args.warmup, explain=args.explain)
    subjects = choose_subjects()
    counts = data_counts()
    print(f"size {args.size}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    if args.wait_quiet:
        wait_for_quiet(args.wait_quiet)
    started = machine()
    print(header())
    run_scenarios(runner, subjects, with_import=not args.no_import, import_rows=args.import_rows)
    save(runner, args.size, counts, started=started)
    if args.docs or (args.docs is None and args.size == "L"):
        write_docs(args.size)
        print(f"written to {DOC_PATH.relative_to(env.PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
