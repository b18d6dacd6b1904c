"""The restore drill: fill a scratch database with the demo, back it up, change and delete
accounts, contacts and history, restore, and every table equals the backup (rows and checksum);
on SQLite, and on PostgreSQL when the suite runs there (DATABASE_URL).

The drill runs Koers in processes of its own (tests/core/restore_drill.py and `manage.py backup
--restore`) against a scratch database, never the test database: pytest-django's transactions
would hide what a restore does, and a restore replaces the whole database.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from koers.core import backup

ROOT = Path(__file__).resolve().parents[2]
DRILL = Path(__file__).with_name("restore_drill.py")
# What the changes after the backup touch; the restore must put every one of them back.
CHANGED = {
    "accounts_account",
    "accounts_contact",
    "accounts_position",
    "accounts_historicalaccount",
}


def _run(database_url: str, media: Path, *args: str) -> None:
    environ = {k: v for k, v in os.environ.items() if k not in ("TEST_DB_NAME",)}
    environ.update(
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(media),
        DJANGO_SETTINGS_MODULE="koers.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
    )
    done = subprocess.run(
        [sys.executable, *args], env=environ, cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-4000:]


def _drill(
    tmp_path: Path, database_url: str, state: Callable[[], dict[str, Any]]
) -> dict[str, Any]:
    media = tmp_path / "media"
    media.mkdir()
    (media / "logo.txt").write_text("logo")
    saved = tmp_path / "backup"

    _run(database_url, media, str(DRILL), "fill", str(saved))
    manifest = json.loads((saved / "manifest.json").read_text())
    tables = manifest["tables"]
    # The manifest covers every table, with the demo in it.
    assert set(tables) == set(state())
    assert tables["accounts_account"]["rows"] == 40
    assert tables["accounts_contact"]["rows"] >= 120
    assert tables["accounts_historicalaccount"]["rows"] >= 40

    _run(database_url, media, str(DRILL), "change")
    (media / "logo.txt").unlink()
    changed = {t for t, v in state().items() if tables.get(t) != v}
    assert changed >= CHANGED

    _run(database_url, media, "manage.py", "backup", str(saved), "--restore")

    assert state() == tables
    assert (media / "logo.txt").read_text() == "logo"
    return manifest


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="the SQLite drill does not depend on the suite's database: it runs in the SQLite run",
)
def test_a_restored_sqlite_database_equals_the_demo_at_backup_time(tmp_path: Path) -> None:
    database = tmp_path / "koers.sqlite3"

    def state() -> dict[str, Any]:
        conn = sqlite3.connect(database)
        try:
            return backup.sqlite_table_state(conn)
        finally:
            conn.close()

    _drill(tmp_path, f"sqlite:///{database}", state)
    assert backup.sqlite_check(backup=tmp_path / "backup") == []


@pytest.fixture
def scratch_postgres() -> Iterator[str]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("the suite runs on SQLite; the PostgreSQL drill runs with DATABASE_URL")
    import psycopg

    server = url.rsplit("/", 1)[0]
    name = f"koers_restore_drill_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_restored_postgres_database_equals_the_demo_at_backup_time(
    tmp_path: Path, scratch_postgres: str
) -> None:
    _drill(tmp_path, scratch_postgres, lambda: backup.postgres_table_state(scratch_postgres))
    assert backup.postgres_check(backup=tmp_path / "backup", dsn=scratch_postgres) == []


def _fill(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT)")
    conn.executemany(
        "INSERT INTO account (name) VALUES (?)", [(f"Account {i}",) for i in range(50)]
    )
    conn.commit()
    conn.close()


def test_check_names_a_table_that_differs_from_the_manifest(tmp_path: Path) -> None:
    database = tmp_path / "koers.sqlite3"
    _fill(database)
    backup.sqlite_backup(database=database, destination=tmp_path / "backup")
    conn = sqlite3.connect(tmp_path / "backup" / "koers.sqlite3")
    conn.execute("DELETE FROM account WHERE id = 1")
    conn.commit()
    conn.close()
    assert [d.split(":")[0] for d in backup.sqlite_check(backup=tmp_path / "backup")] == ["account"]
