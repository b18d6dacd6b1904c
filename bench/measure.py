"""Measuring scenarios in-process: timings, query counts and the plans of the slowest queries."""

from __future__ import annotations

import json
import math
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from bench.scenario import Scenario, Subjects

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
    # shared machine; it leaves out the PostgreSQL server's own work. In the HTTP mode: the
    # mean CPU time of the gunicorn worker per request (bench/http.py, ServerCpu).
    cpu_p50_ms: float = 0.0
    note: str = ""
    slowest: list[dict[str, Any]] = field(default_factory=list)
    p99_ms: float = 0.0
    # HTTP mode: the p50 as a multiple of the floor's p50 (a signed-in "ok" page).
    floor_multiple: float | None = None


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: a value that was actually measured."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summarise(
    scenario: str, path: str, samples: list[float], *, queries: float, **extra: Any
) -> Measurement:
    return Measurement(
        scenario=scenario,
        path=path,
        n=len(samples),
        p50_ms=1000 * statistics.median(samples),
        p95_ms=1000 * percentile(samples, 95),
        p99_ms=1000 * percentile(samples, 99),
        max_ms=1000 * max(samples),
        queries=queries,
        **extra,
    )


def label(vendor: str) -> str:
    return "PostgreSQL" if vendor == "postgresql" else "SQLite"


def header() -> str:
    return (
        f"{'scenario':<36}{'database':<12}{'n':>4}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'queries':>9}{'cpu ms':>8}{'x floor':>9}"
    )


def row(m: Measurement, vendor: str) -> str:
    flag = " !" if m.n > 1 and m.p95_ms > TARGET_P95_MS else ""
    multiple = f"{m.floor_multiple:.1f}" if m.floor_multiple is not None else ""
    return (
        f"{m.scenario:<36}{label(vendor):<12}{m.n:>4}{m.p50_ms:>9.1f}{m.p95_ms:>9.1f}"
        f"{m.p99_ms:>9.1f}{m.queries:>9.1f}{m.cpu_p50_ms:>8.1f}{multiple:>9}{flag}"
    )


class Sessions:
    """A signed-in django.test.Client or a bearer token per persona, made once."""

    def __init__(self, subjects: Subjects) -> None:
        self.subjects = subjects
        self._clients: dict[str, Any] = {}
        self._tokens: dict[str, str] = {}

    def client(self, persona: str) -> Any:
        from django.test import Client

        if persona not in self._clients:
            client = Client()
            if persona:  # none: an anonymous visitor (a customer's public page)
                client.force_login(self.subjects.personas[persona])
            self._clients[persona] = client
        return self._clients[persona]

    def token(self, persona: str) -> str:
        from koers.api.services import api_token_create

        if persona not in self._tokens:
            _token, plaintext = api_token_create(
                user=self.subjects.personas[persona], name="benchmark"
            )
            self._tokens[persona] = plaintext
        return self._tokens[persona]

    def request(self, scenario: Scenario, i: int) -> Any:
        """Request i of `scenario`, in-process through the whole middleware stack."""
        from django.test import Client

        s = self.subjects
        headers = {}
        if scenario.api:
            client = self._clients.setdefault("", Client())
            headers["Authorization"] = f"Bearer {self.token(scenario.persona)}"
        else:
            client = self.client(scenario.persona)
        path = scenario.path(s)
        params = scenario.params(s, i) if scenario.params else None
        if scenario.body is not None:
            return client.generic(
                scenario.method,
                path,
                json.dumps(scenario.body(s, i)),
                content_type="application/json",
                headers=headers,
            )
        return client.get(path, params, headers=headers)


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

    def report(self, result: Measurement) -> None:
        self.results.append(result)
        print(row(result, self.connection.vendor), flush=True)

    def measure(self, scenario: Scenario, sessions: Sessions) -> Measurement:
        """Warm-up requests, then `requests` timed ones, with their queries counted."""
        for i in range(self.warmup):
            check(scenario, sessions.request(scenario, -1 - i))
        samples, cpu = [], []
        with self.recording() as recorder:
            for i in range(self.requests):
                started, cpu_started = time.perf_counter(), time.process_time()
                response = sessions.request(scenario, i)
                samples.append(time.perf_counter() - started)
                cpu.append(time.process_time() - cpu_started)
                check(scenario, response)
        result = summarise(
            scenario.name,
            shown_path(scenario),
            samples,
            queries=recorder.count / len(samples),
            cpu_p50_ms=1000 * statistics.median(cpu),
            note=scenario.describe(sessions.subjects),
            slowest=self.slowest(recorder),
        )
        self.report(result)
        return result

    def slowest(self, recorder: QueryRecorder, runs: int | None = None) -> list[dict[str, Any]]:
        """The queries that took the most time per request, with their plans."""
        runs = runs or self.requests
        per_request = sorted(recorder.stats.values(), key=lambda s: s.seconds, reverse=True)
        return [
            {
                "sql": stat.sql,
                "calls": stat.calls,
                "mean_ms": round(stat.mean_ms, 2),
                "ms_per_request": round(1000 * stat.seconds / max(runs, 1), 2),
                "plan": self._plan(stat),
            }
            for stat in per_request[: self.explain]
        ]

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


def check(scenario: Scenario, response: Any) -> None:
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    if status != scenario.expect:
        body = getattr(response, "content", b"")[:500]
        raise SystemExit(f"{scenario.name}: expected {scenario.expect}, got {status}: {body!r}")


def shown_path(scenario: Scenario) -> str:
    """The URL pattern as the results show it: `/accounts/<id>/`, `/accounts/?q=…`."""
    path = scenario.url
    while "{" in path:
        start = path.index("{")
        path = path[:start] + "<id>" + path[path.index("}", start) + 1 :]
    if scenario.params:
        sample = scenario.params(_Anything(), 0)
        path += "?" + "&".join(f"{k}=…" if k == "q" else f"{k}={v}" for k, v in sample.items())
    return f"{scenario.method} {path}" if scenario.method != "GET" else path


class _Anything(Subjects):
    """Stands in for the subjects when only the shape of the parameters is wanted."""

    def __init__(self) -> None:
        super().__init__(personas={}, search_terms=["…"])
