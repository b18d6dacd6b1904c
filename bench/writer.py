"""Writing generated rows fast: executemany on SQLite, COPY on PostgreSQL, or bulk_create."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any


class Writer:
    """Writes rows (tuples in the order of `columns`) to a model's table, as fast as it can."""

    def __init__(self, method: str) -> None:
        from django.db import connection

        self.connection = connection
        self.vendor = connection.vendor
        if method == "auto":
            method = "copy" if self.vendor == "postgresql" else "executemany"
        if method == "copy" and self.vendor != "postgresql":
            raise SystemExit("--method copy needs PostgreSQL")
        self.method = method
        self._columns: dict[Any, list[str]] = {}

    def row_maker(self, model: Any, columns: Sequence[str]) -> Callable[[dict], tuple]:
        """A function turning a dict of values into a full row; missing fields get defaults.

        A field added to the model later gets its default instead of breaking the generator.
        """
        fields = {f.attname: f for f in model._meta.concrete_fields}
        missing = [c for c in columns if c not in fields]
        if missing:
            raise ValueError(f"{model.__name__} has no columns {missing}")
        defaults = {name: f.get_default() for name, f in fields.items() if name != "id"}
        names = list(dict.fromkeys([*columns, *defaults]))
        self._columns[model] = names
        getter = operator.itemgetter(*names)

        def make(values: dict) -> tuple:
            return getter({**defaults, **values})

        return make

    def write(self, model: Any, rows: Iterable[tuple]) -> int:
        columns = self._columns[model]
        if self.method == "orm":
            return self._orm(model, columns, rows)
        if self.method == "dry":
            # Builds the rows without writing them: the cost of the Python side alone.
            return sum(1 for _ in rows)
        raw = self.connection.connection
        table = self.connection.ops.quote_name(model._meta.db_table)
        cols = ", ".join(self.connection.ops.quote_name(c) for c in columns)
        count = 0
        if self.method == "copy":
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = (
            ", ".join("?" * len(columns))
            if self.vendor == "sqlite"
            else ", ".join(["%s"] * len(columns))
        )
        cursor = raw.cursor()
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
        for batch in _batches(rows, 20_000):
            cursor.executemany(sql, batch)
            count += len(batch)
        cursor.close()
        return count

    def temporal(self) -> tuple[Callable[[datetime], Any], Callable[[date], Any]]:
        """Converters for datetimes and dates into what the chosen write path stores.

        Rows for executemany on SQLite carry text, as Django stores it (naive UTC, ISO dates);
        COPY and the ORM take Python values.
        """
        if self.method == "executemany" and self.vendor == "sqlite":
            return (lambda d: str(d.replace(tzinfo=None))), date.isoformat
        return (lambda d: d), (lambda d: d)

    def _orm(self, model: Any, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        count = 0
        for batch in _batches(rows, 5_000):
            model.objects.bulk_create(
                [model(**dict(zip(columns, row, strict=True))) for row in batch],
                batch_size=5_000,
            )
            count += len(batch)
        return count


def _batches(rows: Iterable[tuple], size: int) -> Iterable[list[tuple]]:
    it = iter(rows)
    while batch := list(itertools.islice(it, size)):
        yield batch


@contextmanager
def indexes_deferred(models: Sequence[Any]) -> Iterator[None]:
    """Drops the secondary indexes of `models` (on PostgreSQL also their foreign keys, on SQLite
    their triggers) and adds them again afterwards.

    Building an index once over the loaded rows is cheaper than keeping it up to date row by
    row; adding a foreign key checks all rows with one join, where a loaded row otherwise queues
    one trigger call each. On SQLite the triggers keep the FTS5 search tables of migration
    accounts/0002 current, row by row; instead, every FTS5 table whose content is a loaded table
    is rebuilt once at the end. Indexes that back a primary key or unique constraint stay. DDL
    is transactional on both databases, so an error inside leaves the schema as it was.
    """
    from django.db import connection

    if not models:
        yield
        return
    tables = [m._meta.db_table for m in models]
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        foreign_keys: list[tuple[str, str, str]] = []
        triggers: list[tuple[str, str]] = []
        fts_tables: list[str] = []
        if connection.vendor == "sqlite":
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                f"AND tbl_name IN ({marks})",
                tables,
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name IN ({marks})",
                tables,
            )
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f"DROP TRIGGER {qn(name)}")
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                "AND sql LIKE 'CREATE VIRTUAL TABLE%USING fts5%'"
            )
            fts_tables = [
                name
                for name, sql in cursor.fetchall()
                if any(f"content='{table}'" in sql for table in tables)
            ]
        else:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "
                "WHERE i.schemaname = current_schema() AND i.tablename = ANY(%s) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
                "WHERE c.conindid = (quote_ident(i.schemaname) || '.' || "
                "quote_ident(i.indexname))::regclass)",
                [tables],
            )
            indexes = cursor.fetchall()
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) "
                "FROM pg_constraint c WHERE c.contype = 'f' "
                "AND c.conrelid = ANY(%s::text[]::regclass[])",
                [tables],
            )
            foreign_keys = cursor.fetchall()
            for table, name, _definition in foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn(name)}")
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {qn(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
        for table, name, definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")
        for name in fts_tables:
            cursor.execute(f"INSERT INTO {qn(name)}({qn(name)}) VALUES ('rebuild')")
        for _name, sql in triggers:
            cursor.execute(sql)
