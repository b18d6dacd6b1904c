"""The HTTP mode of the benchmark: what a user gets from a real server.

`bench.run --http` starts gunicorn with the production settings (DEBUG off, SECRET_KEY set,
ALLOWED_HOSTS 127.0.0.1) on a free port of the loopback interface, signs the
personas in (sessions made directly in the database, sent as cookies; bearer tokens for the
API) and sends the scenarios over HTTP, interleaved: round after round, one request of every
scenario per round, the floor (a signed-in "ok" page, koers/core/floor.py) among them. Load on a
shared machine then hits every scenario alike, and each is reported as a multiple of the floor.

The only production setting changed for the run is SECURE_SSL_REDIRECT (off): in production a
proxy terminates TLS, and this client speaks plain HTTP on 127.0.0.1. Bounded by --requests
rounds and --time-limit seconds; gunicorn is stopped at the end, also after an error.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from bench import env
from bench.measure import Runner, Sessions, check, shown_path, summarise
from bench.scenario import Scenario, Subjects

FLOOR = "floor: signed-in 'ok'"
LOOPBACK = "127.0.0.1"


@dataclass
class HttpResponse:
    status_code: int
    content: bytes


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


def server_environment(database_url: str) -> dict[str, str]:
    """The production settings, on this database, for a loopback run."""
    from django.conf import settings

    environ = dict(os.environ)
    environ.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="koers.settings",
        DEBUG="false",
        # The sessions made here carry an HMAC keyed with SECRET_KEY: the server needs the same.
        SECRET_KEY=settings.SECRET_KEY,
        ALLOWED_HOSTS=LOOPBACK,
        # Plain HTTP on loopback; in production the proxy in front terminates TLS.
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        # This checkout's code: the shared virtualenv's editable install points at the main
        # checkout, so a worktree's server would otherwise run main's code.
        PYTHONPATH=os.pathsep.join(
            p for p in (str(env.PROJECT_DIR / "src"), os.environ.get("PYTHONPATH", "")) if p
        ),
    )
    return environ


class ServerCpu:
    """CPU seconds used so far by gunicorn's workers (Linux /proc; 0 elsewhere).

    The kernel counts in ticks of 10 ms, too coarse for one request, so the runner adds up the
    ticks around each request of a scenario and reports the mean: over 50 requests that is
    exact to 0.2 ms. Unlike wall time, hardly changed by other load on a shared machine.
    """

    def __init__(self, master_pid: int) -> None:
        self.master_pid = master_pid
        self.tick = 1 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.0

    def _workers(self) -> list[int]:
        try:
            children = Path(f"/proc/{self.master_pid}/task/{self.master_pid}/children").read_text()
        except OSError:
            return []
        return [int(pid) for pid in children.split()]

    def seconds(self) -> float:
        total = 0
        for pid in self._workers():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total * self.tick


@contextmanager
def gunicorn(database_url: str, *, workers: int) -> Iterator[tuple[int, ServerCpu]]:
    """A gunicorn on a free loopback port, stopped when the block ends; yields the port and a
    reader of its workers' CPU time."""
    port = free_port()
    env.BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log_path = env.BENCH_DIR / "gunicorn.log"
    with open(log_path, "w") as log:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter and arguments)
            [
                sys.executable,
                "-m",
                "gunicorn",
                "koers.wsgi:application",
                f"--bind={LOOPBACK}:{port}",
                f"--workers={workers}",
                "--timeout=60",
                "--graceful-timeout=5",
            ],
            env=server_environment(database_url),
            cwd=env.PROJECT_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            _wait_until_up(port, process, log_path)
            yield port, ServerCpu(process.pid)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_up(port: int, process: subprocess.Popen, log_path: Any) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn stopped; see {log_path}:\n{log_path.read_text()[-2000:]}")
        try:
            if fetch(port, "GET", "/healthz", {}).status_code == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer within 30 s; see {log_path}")


def fetch(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes | None = None
) -> HttpResponse:
    """One request on a new connection (gunicorn's sync workers close it after each answer)."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return HttpResponse(response.status, response.read())
    finally:
        connection.close()


class HttpClient:
    """Sends request i of a scenario as the persona: a session cookie or a bearer token."""

    def __init__(self, port: int, sessions: Sessions) -> None:
        from django.conf import settings

        self.port = port
        self.sessions = sessions
        self.cookie_name = settings.SESSION_COOKIE_NAME
        self.cookies: dict[str, str] = {}

    def _cookie(self, persona: str) -> str:
        if persona not in self.cookies:
            # force_login writes the session to the database the server reads.
            client = self.sessions.client(persona)
            self.cookies[persona] = client.cookies[self.cookie_name].value
        return self.cookies[persona]

    def request(self, scenario: Scenario, i: int) -> HttpResponse:
        s = self.sessions.subjects
        headers = {"Accept-Language": "nl"}
        if scenario.api:
            headers["Authorization"] = f"Bearer {self.sessions.token(scenario.persona)}"
        elif scenario.persona:  # none: an anonymous visitor, no cookie
            headers["Cookie"] = f"{self.cookie_name}={self._cookie(scenario.persona)}"
        path = scenario.path(s)
        if scenario.params:
            path += "?" + urlencode(scenario.params(s, i))
        body = None
        if scenario.body is not None:
            body = json.dumps(scenario.body(s, i)).encode()
            headers["Content-Type"] = "application/json"
        return fetch(self.port, scenario.method, path, headers, body)


def query_counts(runner: Runner, sessions: Sessions, rows: list[Scenario]) -> dict[str, float]:
    """Queries per request, counted in-process (a server's queries are not visible from here):
    the second of two requests, so that per-process caches are warm as in the server."""
    counts = {}
    for scenario in rows:
        sessions.request(scenario, -100)
        with runner.recording() as recorder:
            check(scenario, sessions.request(scenario, -101))
        counts[scenario.name] = float(recorder.count)
    return counts


def run_over_http(
    runner: Runner, subjects: Subjects, rows: list[Scenario], *, url: str, args: Any
) -> None:
    rows = [s for s in rows if s.http and s.call is None]
    if not any(s.name == FLOOR for s in rows):
        raise SystemExit(f"the HTTP mode needs the floor scenario ({FLOOR!r}) in the run")
    sessions = Sessions(subjects)
    queries = query_counts(runner, sessions, rows)
    samples: dict[str, list[float]] = {s.name: [] for s in rows}
    cpu: dict[str, float] = dict.fromkeys(samples, 0.0)
    with gunicorn(url, workers=args.workers) as (port, server_cpu):
        client = HttpClient(port, sessions)
        for i in range(args.warmup):
            for scenario in rows:
                check(scenario, client.request(scenario, -1 - i))
        deadline = time.monotonic() + args.time_limit
        for i in range(args.requests):
            if time.monotonic() > deadline:
                print(f"time limit reached after {i} rounds", flush=True)
                break
            for scenario in rows:
                cpu_started = server_cpu.seconds()
                started = time.perf_counter()
                response = client.request(scenario, i)
                samples[scenario.name].append(time.perf_counter() - started)
                cpu[scenario.name] += server_cpu.seconds() - cpu_started
                check(scenario, response)
    results = [
        summarise(
            scenario.name,
            shown_path(scenario),
            samples[scenario.name],
            queries=queries[scenario.name],
            note=scenario.describe(subjects),
            cpu_p50_ms=1000 * cpu[scenario.name] / len(samples[scenario.name]),
        )
        for scenario in rows
        if samples[scenario.name]
    ]
    floor_p50 = next(r.p50_ms for r in results if r.scenario == FLOOR)
    for result in results:
        result.floor_multiple = result.p50_ms / floor_p50
        runner.report(result)
