"""Measures the main pages and endpoints on a generated database, in-process or over HTTP.

    .venv/bin/python -m bench.generate --size L                       # once
    .venv/bin/python -m bench.run --size L                             # SQLite, in-process
    .venv/bin/python -m bench.run --size L --http                      # through gunicorn
    .venv/bin/python -m bench.run --size L \\
        --database-url postgres://postgres@127.0.0.1:5432/koers_bench   # PostgreSQL

The scenarios are rows of data in each app's `bench/apps/<app>.py` (SCENARIOS), measured in the
order of INSTALLED_APPS. In-process, each request goes through the whole middleware stack
(django.test.Client, DEBUG off): the "server time" is its wall time, without a network or a WSGI
server; every scenario is warmed up and then timed over --requests requests. With --http the
same scenarios go to gunicorn with the production settings on loopback, interleaved, next to
the floor (a signed-in "ok" page), see bench/http.py. The results are printed, kept as JSON
under var/bench/ and (in-process, size L or --docs) written for every database measured so far
into docs/performance.md between the `bench:results` markers; the rest of that file is prose.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import sys
import time
import warnings
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Any

from bench import env
from bench.measure import TARGET_P95_MS, Runner, header, label
from bench.scenario import Scenario, Subjects

RESULTS_START = "<!-- bench:results:start -->"
RESULTS_END = "<!-- bench:results:end -->"
DOC_PATH = env.PROJECT_DIR / "docs" / "performance.md"


def choose_subjects(modules: list[Any]) -> Subjects:
    """Every app picks its subjects from the data, in INSTALLED_APPS order."""
    subjects = Subjects(personas={})
    for module in modules:
        if hasattr(module, "subjects"):
            module.subjects(subjects)
    return subjects


def scenarios(
    modules: list[Any],
    *,
    size: str,
    only: str = "",
    skip_import: bool = False,
    keep: tuple[str, ...] = (),
) -> list[Scenario]:
    """The scenario rows of every app that apply to this size (and to --only; those named in
    `keep` always, as the HTTP mode keeps its floor)."""
    rows: list[Scenario] = []
    for module in modules:
        rows.extend(getattr(module, "SCENARIOS", []))
    words = [w.strip().lower() for w in only.split(",")]
    return [
        s
        for s in rows
        if size in s.sizes
        and (any(w in s.name.lower() for w in words) or s.name in keep)
        and not (skip_import and s.call is not None)
    ]


def run_in_process(runner: Runner, subjects: Subjects, rows: list[Scenario], args: Any) -> None:
    from bench.measure import Sessions

    sessions = Sessions(subjects)
    for scenario in rows:
        if scenario.call is not None:
            scenario.call(runner, subjects, args)
        else:
            runner.measure(scenario, sessions)


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
        "reference_ms": round(reference_ms(), 1),
    }


def reference_ms() -> float:
    """CPU ms to render a fixed template of 1,000 options (the median of 7): Django's template
    engine on this machine's CPU and Python. Results from two machines compare after dividing
    by it; it is what a page's Python time scales with (docs/performance.md)."""
    from django.template import Context, Engine

    template = Engine().from_string(
        '{% for i in items %}<option value="{{ i }}"{% if i == 7 %} selected{% endif %}>'
        "{{ i|stringformat:'05d' }}</option>{% endfor %}"
    )
    context = Context({"items": list(range(1_000))})
    times = []
    for _ in range(7):
        started = time.process_time()
        template.render(context)
        times.append(time.process_time() - started)
    return 1000 * sorted(times)[3]


def database_version() -> str:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return "PostgreSQL " + cursor.fetchone()[0].split()[0]
    return "SQLite " + sqlite3.sqlite_version


def result_path(vendor: str, size: str, mode: str = "") -> Path:
    suffix = f"-{mode}" if mode else ""
    return env.BENCH_DIR / f"results-{size}-{vendor}{suffix}.json"


def save(
    runner: Runner,
    size: str,
    counts: dict[str, int],
    *,
    started: dict[str, Any],
    mode: str = "",
) -> dict[str, Any]:
    vendor = runner.connection.vendor
    data = {
        "size": size,
        "database": label(vendor),
        "version": database_version(),
        "date": datetime.now().astimezone().isoformat(timespec="minutes"),
        # The load average when the measurements started.
        "machine": started,
        "counts": counts,
        "requests": runner.requests,
        "warmup": runner.warmup,
        "mode": mode or "in-process",
        "results": [asdict(r) for r in runner.results],
    }
    path = result_path(vendor, size, mode)
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
        "| scenario | database | n | p50 ms | p95 ms | p99 ms | queries per request "
        "| CPU p50 ms | notes |",
        "|---|---|--:|--:|--:|--:|--:|--:|---|",
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
                p99 = f"{r['p99_ms']:.1f}" if "p99_ms" in r else "-"
                lines.append(
                    f"| {scenario} | {run['database']} | {r['n']} | {r['p50_ms']:.1f} | {p95} "
                    f"| {p99} | {shown} | {r.get('cpu_p50_ms', 0):.1f} | {r['note']} |"
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
        f"SQLite {m['sqlite']}"
        + (
            f"; reference workload {m['reference_ms']} ms (bench/run.py, `reference_ms`)."
            if "reference_ms" in m
            else "."
        ),
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


def data_counts(modules: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for module in modules:
        if hasattr(module, "counts"):
            counts.update(module.counts())
    return counts


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
    parser.add_argument(
        "--no-import", action="store_true", help="leave out the scenarios that are no request"
    )
    parser.add_argument(
        "--only",
        default="",
        help="only the scenarios whose name contains this (or, comma-separated, any of these)",
    )
    parser.add_argument("--explain", type=int, default=2, help="plans of the N slowest queries")
    parser.add_argument(
        "--http",
        action="store_true",
        help="send the scenarios over HTTP to gunicorn (production settings, loopback), "
        "interleaved with the floor, instead of in-process",
    )
    parser.add_argument(
        "--time-limit",
        type=float,
        default=600,
        metavar="SECONDS",
        help="--http: stop measuring after this long (the rounds done so far count)",
    )
    parser.add_argument(
        "--workers", type=int, default=1, help="--http: gunicorn worker processes (default 1)"
    )
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

    from bench.apps import app_modules

    # Other migrations may have arrived since the data was generated.
    call_command("migrate", verbosity=0, interactive=False)
    vacuum()
    modules = app_modules()
    runner = Runner(requests=args.requests, warmup=args.warmup, explain=args.explain)
    subjects = choose_subjects(modules)
    from bench.http import FLOOR

    rows = scenarios(
        modules,
        size=args.size,
        only=args.only,
        skip_import=args.no_import,
        keep=(FLOOR,) if args.http else (),
    )
    counts = data_counts(modules)
    print(f"size {args.size}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    if args.wait_quiet:
        wait_for_quiet(args.wait_quiet)
    started = machine()
    print(header())
    if args.http:
        from bench import http

        http.run_over_http(runner, subjects, rows, url=url, args=args)
    else:
        run_in_process(runner, subjects, rows, args)
    mode = "http" if args.http else ""
    save(runner, args.size, counts, started=started, mode=mode)
    if not args.http and (args.docs or (args.docs is None and args.size == "L")):
        write_docs(args.size)
        print(f"written to {DOC_PATH.relative_to(env.PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
