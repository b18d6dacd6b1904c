"""Indexes for the account search (docs/performance.md, finding 3; docs/decisions.md).

`icontains` is LIKE '%word%', which no B-tree index can answer. Per database:

- PostgreSQL: pg_trgm GIN indexes on the expressions `icontains` compares, UPPER(column).
- SQLite: FTS5 external-content tables with the trigram tokenizer (SQLite 3.34+), kept current
  by triggers, so that raw SQL writes (the import's executemany) keep them right too.

Neither can be expressed in Meta.indexes for both databases, so this is raw SQL that leaves the
model state alone. NB: when a later migration makes Django rebuild accounts_account or
accounts_contact on SQLite (most AlterField/RemoveField do), the table is dropped and with it
its triggers: such a migration must call `create_sqlite_fts` of the latest search-index
migration (0003 adds the e-mail address) again (tests/accounts/test_account_search.py checks
the triggers exist).
"""

from __future__ import annotations

import sqlite3
from typing import Any

from django.db import migrations

# (table, the columns the search looks in); migration 0003 adds accounts_contact.email.
Searched = list[tuple[str, tuple[str, ...]]]
SEARCHED: Searched = [
    ("accounts_account", ("name", "visit_city")),
    ("accounts_contact", ("first_name", "last_name")),
]


def _postgresql_forwards() -> list[str]:
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for table, columns in SEARCHED:
        for column in columns:
            statements.append(
                f'CREATE INDEX IF NOT EXISTS "{table}_{column}_trgm" ON "{table}" '
                f'USING gin (UPPER("{column}") gin_trgm_ops)'
            )
    return statements


def _postgresql_backwards() -> list[str]:
    # The extension stays: other objects may have come to depend on it since.
    return [
        f'DROP INDEX IF EXISTS "{table}_{column}_trgm"'
        for table, columns in SEARCHED
        for column in columns
    ]


def _sqlite_forwards(searched: Searched = SEARCHED) -> list[str]:
    statements = []
    for table, columns in searched:
        fts = f"{table}_fts"
        cols = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        changed = " OR ".join(f"old.{c} IS NOT new.{c}" for c in columns)
        delete_old = f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old});"
        insert_new = f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new});"
        statements += [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING fts5({cols}, "
            f"content='{table}', content_rowid='id', tokenize='trigram')",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_insert AFTER INSERT ON {table} "
            f"BEGIN {insert_new} END",
            f"CREATE TRIGGER IF NOT EXISTS {fts}_delete AFTER DELETE ON {table} "
            f"BEGIN {delete_old} END",
            # Django's save() writes every column; only a real change touches the index.
            f"CREATE TRIGGER IF NOT EXISTS {fts}_update AFTER UPDATE OF {cols} ON {table} "
            f"WHEN {changed} BEGIN {delete_old} {insert_new} END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]
    return statements


def _sqlite_backwards(searched: Searched = SEARCHED) -> list[str]:
    statements = []
    for table, _columns in searched:
        fts = f"{table}_fts"
        statements += [f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete")]
        statements += [f"DROP TRIGGER IF EXISTS {fts}_update", f"DROP TABLE IF EXISTS {fts}"]
    return statements


def _run(schema_editor: Any, statements: list[str]) -> None:
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_sqlite_fts(schema_editor: Any, searched: Searched = SEARCHED) -> None:
    """Creates (or completes) the FTS tables and triggers and refills the tables."""
    if sqlite3.sqlite_version_info < (3, 34, 0):
        raise RuntimeError(
            f"The account search needs SQLite 3.34 or newer (FTS5 trigram tokenizer); "
            f"this is {sqlite3.sqlite_version}."
        )
    _run(schema_editor, _sqlite_forwards(searched))


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, _postgresql_forwards())
    elif vendor == "sqlite":
        create_sqlite_fts(schema_editor)


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, _postgresql_backwards())
    elif vendor == "sqlite":
        _run(schema_editor, _sqlite_backwards())


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
