"""The restore drill: back up, change and delete, restore, and the database equals the backup."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from koers.core import backup


def _fill(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany(
        "INSERT INTO account (name) VALUES (?)", [(f"Account {i}",) for i in range(50)]
    )
    conn.commit()
    conn.close()


def test_a_restored_sqlite_database_equals_the_state_at_backup_time(tmp_path: Path) -> None:
    database = tmp_path / "koers.sqlite3"
    media = tmp_path / "media"
    media.mkdir()
    (media / "logo.txt").write_text("logo")
    _fill(database)
    manifest = backup.sqlite_backup(
        database=database, destination=tmp_path / "backup", media_root=media
    )
    assert manifest["tables"]["account"]["rows"] == 50
    assert backup.sqlite_check(backup=tmp_path / "backup") == []

    conn = sqlite3.connect(database)
    conn.execute("DELETE FROM account WHERE id < 10")
    conn.execute("UPDATE account SET name = 'changed'")
    conn.commit()
    conn.close()
    (media / "logo.txt").unlink()

    backup.sqlite_restore(backup=tmp_path / "backup", database=database, media_root=media)

    conn = sqlite3.connect(database)
    assert backup.sqlite_table_state(conn) == manifest["tables"]
    conn.close()
    assert (media / "logo.txt").read_text() == "logo"


def test_check_names_a_table_that_differs_from_the_manifest(tmp_path: Path) -> None:
    database = tmp_path / "koers.sqlite3"
    _fill(database)
    backup.sqlite_backup(database=database, destination=tmp_path / "backup")
    conn = sqlite3.connect(tmp_path / "backup" / "koers.sqlite3")
    conn.execute("DELETE FROM account WHERE id = 1")
    conn.commit()
    conn.close()
    assert [d.split(":")[0] for d in backup.sqlite_check(backup=tmp_path / "backup")] == ["account"]


def test_a_restored_postgres_database_equals_the_state_at_backup_time(tmp_path: Path) -> None:
    import os

    import pytest

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        pytest.skip("the suite runs on SQLite")
    import psycopg

    server = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    name = f"koers_restore_drill_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    dsn = f"{server}/{name}"
    try:
        with psycopg.connect(dsn) as conn:
            conn.execute("CREATE TABLE account (id serial PRIMARY KEY, name text)")
            for i in range(50):
                conn.execute("INSERT INTO account (name) VALUES (%s)", (f"Account {i}",))
        manifest = backup.postgres_backup(dsn=dsn, destination=tmp_path / "backup")
        assert manifest["tables"]["account"]["rows"] == 50
        with psycopg.connect(dsn) as conn:
            conn.execute("DELETE FROM account WHERE id < 10")
            conn.execute("UPDATE account SET name = 'changed'")
        backup.postgres_restore(backup=tmp_path / "backup", dsn=dsn)
        assert backup.postgres_table_state(dsn) == manifest["tables"]
        assert backup.postgres_check(backup=tmp_path / "backup", dsn=dsn) == []
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
