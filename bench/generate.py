"""Fills a database with a realistic customer file of a given size, fast.

    .venv/bin/python -m bench.generate --size L       # SQLite: var/bench/koers-L.sqlite3
    .venv/bin/python -m bench.generate --size L \\
        --database-url postgres://postgres@127.0.0.1:5432/koers_bench

The target database is created when missing and migrated first; `--fresh` starts it empty.
Everything comes from one seeded random generator, so a size always gives the same data.

This module is the generic driver (sizes, the shared random source and name pools, the writer,
indexes set aside, ANALYZE); the rows themselves come from each app's steps, `GENERATE` in
`bench/apps/<app>.py`, run in the order of INSTALLED_APPS (core's people, then accounts').

Why it is fast (see bench/README.md for the numbers):
- ids of accounts and contacts are decided here, so every row is built in Python once and written
  in one pass, with no read-back of generated keys;
- the big tables bypass model instances: SQLite gets `executemany` on the driver's cursor (Django's
  bulk_create is limited to 999 parameters per statement there, about 30 account rows), PostgreSQL
  gets COPY through psycopg; `--method orm` uses bulk_create instead, for comparison;
- Faker (nl_NL) only fills small pools of names, streets and cities, which are then combined;
- all writes are one transaction; SQLite loads with `synchronous=OFF`.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bench import env
from bench.writer import Writer, indexes_deferred


@dataclass(frozen=True)
class Size:
    accounts: int
    contacts: int
    account_managers: int
    teams: int
    inside_sales_per_team: int = 1
    marketing: int = 1
    admins: int = 1
    # A tenth of the accounts are branches (vestigingen) of chains.
    branch_share: float = 0.1


SIZES: dict[str, Size] = {
    "XS": Size(accounts=50, contacts=150, account_managers=3, teams=1),
    "S": Size(accounts=1_000, contacts=3_000, account_managers=6, teams=2),
    "M": Size(accounts=10_000, contacts=30_000, account_managers=20, teams=3, marketing=2),
    "L": Size(
        accounts=100_000,
        contacts=300_000,
        account_managers=60,
        teams=6,
        inside_sales_per_team=2,
        marketing=3,
        admins=2,
    ),
}

# Every benchmark user can sign in with this password (hashed once, shared by all).
PASSWORD = "koers-bench"
HISTORY_LEVELS = ("none", "accounts", "all")


@dataclass
class Result:
    size: str
    database: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of this process: on a busy machine wall time says little about the generator.
    cpu: dict[str, float] = field(default_factory=dict)

    def begin(self, label: str) -> Callable[[], None]:
        """Starts timing `label`; call the returned function to stop."""
        wall, cpu = time.perf_counter(), time.process_time()

        def end() -> None:
            self.seconds[label] = self.seconds.get(label, 0) + time.perf_counter() - wall
            self.cpu[label] = self.cpu.get(label, 0) + time.process_time() - cpu

        return end

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        end = self.begin(label)
        yield
        end()

    def report(self) -> str:
        lines = [f"  {'step':<24}{'rows':>10}{'wall s':>9}{'cpu s':>8}"]
        for label, seconds in self.seconds.items():
            count = self.counts.get(label)
            shown = f"{count:,}" if count is not None else ""
            lines.append(f"  {label:<24}{shown:>10}{seconds:>9.1f}{self.cpu[label]:>8.1f}")
        total = f"{sum(self.counts.values()):,}"
        lines.append(
            f"  {'total':<24}{total:>10}{sum(self.seconds.values()):>9.1f}"
            f"{sum(self.cpu.values()):>8.1f}"
        )
        return "\n".join(lines)


class FastRandom(random.Random):
    """Seeded like random.Random, with choice and randrange from one float draw.

    The stdlib versions loop in Python over getrandbits; with millions of calls this halves the
    time to build the rows. The tiny bias of scaling a float does not matter for test data.
    """

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:  # type: ignore[override]
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))


@dataclass
class Pools:
    first_names: list[str]
    last_names: list[str]
    cities: list[str]
    streets: list[str]


def make_pools(seed: int) -> Pools:
    """Small pools of Dutch names; combining them is much faster than 300,000 Faker calls."""
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(seed)

    def pool(func: Callable[[], str], n: int) -> list[str]:
        return list(dict.fromkeys(func() for _ in range(n)))

    return Pools(
        first_names=pool(fake.first_name, 2_000),
        last_names=pool(fake.last_name, 3_000),
        cities=pool(fake.city, 1_000)[:300],
        streets=pool(fake.street_name, 1_500)[:600],
    )


_SLUG = str.maketrans("", "", " .&'-,/()")


def slug(text: str) -> str:
    return text.lower().translate(_SLUG).encode("ascii", "ignore").decode() or "bedrijf"


class Generator:
    """The generator's shared state: the seeded random source, the size, the row writer, the
    name pools and "now". Each app's steps (bench/apps/<app>.py, GENERATE) read it and leave on
    it what later steps need (core: `am_ids`, `team_of`, …; accounts: `plan`, …)."""

    def __init__(
        self, size: Size, *, seed: int, method: str, history: str, defer_indexes: bool = True
    ) -> None:
        self.defer_indexes = defer_indexes
        self.size = size
        self.rng = FastRandom(seed)
        self.seed = seed
        self.writer = Writer(method)
        self.history = history
        self.now = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
        self.dt, self.day = self.writer.temporal()
        self.pools = make_pools(seed)

    def moment(self, days_back: int) -> datetime:
        return self.now - timedelta(seconds=self.rng.randrange(1, days_back * 86_400))

    def pick_weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def run(self, result: Result) -> None:
        """Every app's steps in INSTALLED_APPS order, with the indexes set aside meanwhile."""
        from bench.apps import app_modules

        steps = [step for module in app_modules() for step in getattr(module, "GENERATE", [])]
        with indexes_deferred(loaded_models() if self.defer_indexes else []):
            for label, step in steps:
                with result.step(label):
                    result.counts[label] = step(self)
            # Leaving the block builds the indexes again.
            end = result.begin("indexes")
        end()


def generate(
    size: str,
    *,
    seed: int = 20260501,
    method: str = "auto",
    history: str = "accounts",
    defer_indexes: bool = True,
) -> Result:
    """Fills the (migrated, empty) default database. Usable inside a test transaction."""
    from django.db import connection, transaction

    from koers.accounts.models import Account

    if Account.objects.exists():
        raise SystemExit("the database already holds accounts; use --fresh to start empty")
    result = Result(size=size, database=connection.vendor)
    generator = Generator(
        SIZES[size], seed=seed, method=method, history=history, defer_indexes=defer_indexes
    )
    # SQLite checks a deferred foreign key that points ahead (a quote version's successor, written
    # before it) by scanning the child table on every later insert of the parent, and the
    # indexes that would make that a lookup are set aside during the load: 750,000 versions
    # never finished. So SQLite loads without foreign key checks (a no-op inside a test's
    # transaction, where the sizes are tiny); PostgreSQL checks the same rows at its commit.
    with connection.constraint_checks_disabled(), transaction.atomic():
        generator.run(result)
        reset_sequences()
        end = result.begin("commit")
    end()
    with result.step("vacuum, analyze"):
        analyze()
    return result


def reset_sequences(models: list[Any] | None = None) -> None:
    """PostgreSQL's id sequences must move past the ids chosen here (SQLite's do by themselves):
    at the end for every app's `CHOSEN_IDS`, or midway for the models a step is about to write
    through the ORM."""
    from django.core.management.color import no_style
    from django.db import connection

    from bench.apps import app_modules

    if connection.vendor != "postgresql":
        return
    if models is None:
        models = [m for module in app_modules() for m in getattr(module, "CHOSEN_IDS", [])]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def loaded_models() -> list[Any]:
    """The tables that the generator fills in bulk: every app's `loaded_models()`."""
    from bench.apps import app_modules

    return [
        model
        for module in app_modules()
        if hasattr(module, "loaded_models")
        for model in module.loaded_models()
    ]


def analyze() -> None:
    """Fresh planner statistics: a just-loaded table otherwise looks empty to the planner.

    On PostgreSQL also VACUUM, as autovacuum soon would on a real database: it marks the pages
    all-visible, without which an index-only scan still reads every row from the table.
    """
    from django.db import connection

    tables = [connection.ops.quote_name(m._meta.db_table) for m in loaded_models()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM cannot run in a transaction (the generator's own tests run in one).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
            cursor.execute("PRAGMA optimize")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=list(SIZES), default="S")
    parser.add_argument(
        "--database-url",
        help="default: $DATABASE_URL, else sqlite:///var/bench/koers-<size>.sqlite3",
    )
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--seed", type=int, default=20260501)
    parser.add_argument(
        "--method",
        choices=["auto", "executemany", "copy", "orm", "dry"],
        default="auto",
        help="auto: COPY on PostgreSQL, executemany on SQLite; orm: Django's bulk_create; "
        "dry: build the rows but write only users (to time the Python side)",
    )
    parser.add_argument(
        "--history",
        choices=HISTORY_LEVELS,
        default="accounts",
        help="history rows to write: 'created' rows for accounts only (default), all, or none",
    )
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="load with the secondary indexes in place (default: drop them, rebuild after)",
    )
    args = parser.parse_args(argv)

    url = args.database_url or env.default_database_url(args.size)
    env.prepare_database(url, fresh=args.fresh)
    env.setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    migrated = Result(size=args.size, database=connection.vendor)
    with migrated.step("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Safe for a throw-away load: a crash would just mean running the generator again.
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
            cursor.execute("PRAGMA temp_store=MEMORY")
    result = generate(
        args.size,
        seed=args.seed,
        method=args.method,
        history=args.history,
        defer_indexes=not args.keep_indexes,
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    print(f"size {args.size} into {env.database_label(url)} ({url}), method {args.method}")
    result.seconds = {**migrated.seconds, **result.seconds}
    result.cpu = {**migrated.cpu, **result.cpu}
    print(result.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
