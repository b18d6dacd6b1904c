"""Backups of the SQLite database and uploaded files, with a manifest to check a restore against.

The manifest holds, per table, its row count and a checksum of its rows in primary-key order, so a
restore drill can prove that the restored database equals the state at backup time.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any


def sqlite_table_state(conn: sqlite3.Connection) -> dict[str, dict[str, Any]]:
    """Row count and sha256 of every user table, rows ordered by rowid for a stable checksum."""
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master"
            " WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    state: dict[str, dict[str, Any]] = {}
    for table in tables:
        digest = hashlib.sha256()
        count = 0
        # Tables without rowid are rare in Django; ordering by all columns keeps those stable too.
        for row in conn.execute(f'SELECT * FROM "{table}" ORDER BY 1'):  # noqa: S608 - names from sqlite_master
            digest.update(repr(row).encode())
            count += 1
        state[table] = {"rows": count, "checksum": digest.hexdigest()}
    return state


def sqlite_backup(
    *, database: Path, destination: Path, media_root: Path | None = None
) -> dict[str, Any]:
    """Copy `database` online (sqlite3 backup API, safe while Koers runs), media, a manifest."""
    destination.mkdir(parents=True, exist_ok=True)
    target = destination / "koers.sqlite3"
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
        state = sqlite_table_state(copy)
    finally:
        copy.close()
        source.close()
    if media_root is not None and media_root.exists():
        shutil.copytree(media_root, destination / "media", dirs_exist_ok=True)
    manifest = {
        "created": datetime.now(UTC).isoformat(),
        "database": "sqlite",
        "tables": state,
    }
    (destination / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def sqlite_check(*, backup: Path) -> list[str]:
    """Differences between a backup's database and its manifest; empty when the backup is sound."""
    manifest = json.loads((backup / "manifest.json").read_text())
    conn = sqlite3.connect(backup / "koers.sqlite3")
    try:
        return state_differences(manifest["tables"], sqlite_table_state(conn))
    finally:
        conn.close()


def sqlite_restore(*, backup: Path, database: Path, media_root: Path | None = None) -> None:
    """Write the backup into `database` with the backup API (run while Koers is stopped)."""
    source = sqlite3.connect(backup / "koers.sqlite3")
    target = sqlite3.connect(database)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()
    if media_root is not None and (backup / "media").exists():
        shutil.copytree(backup / "media", media_root, dirs_exist_ok=True)


def state_differences(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Tables whose row count or checksum differ, named, for a readable --check answer."""
    return [
        f"{table}: expected {expected.get(table)}, found {actual.get(table)}"
        for table in sorted(set(expected) | set(actual))
        if expected.get(table) != actual.get(table)
    ]


def postgres_table_state(dsn: str) -> dict[str, dict[str, Any]]:
    """Row count and md5 of every table in the public schema, rows in a stable order."""
    import psycopg  # only needed on PostgreSQL

    state: dict[str, dict[str, Any]] = {}
    with psycopg.connect(dsn) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        for table in tables:
            row = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), ''))"  # noqa: S608
                f' FROM "{table}" t'
            ).fetchone()
            assert row is not None
            state[table] = {"rows": row[0], "checksum": row[1]}
    return state


def postgres_backup(
    *, dsn: str, destination: Path, media_root: Path | None = None
) -> dict[str, Any]:
    """`pg_dump --format=custom` into `destination`, media, a manifest of the state dumped."""
    import subprocess

    destination.mkdir(parents=True, exist_ok=True)
    state = postgres_table_state(dsn)
    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [_tool("pg_dump"), "--format=custom", "--file", str(destination / "koers.dump"), dsn],
        check=True,
    )
    if media_root is not None and media_root.exists():
        shutil.copytree(media_root, destination / "media", dirs_exist_ok=True)
    manifest = {"created": datetime.now(UTC).isoformat(), "database": "postgresql", "tables": state}
    (destination / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return manifest


def postgres_restore(*, backup: Path, dsn: str, media_root: Path | None = None) -> None:
    """`pg_restore --clean` the dump into the database at `dsn`, and the media back."""
    import subprocess

    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "-d",
            dsn,
            str(backup / "koers.dump"),
        ],
        check=True,
    )
    if media_root is not None and (backup / "media").exists():
        shutil.copytree(backup / "media", media_root, dirs_exist_ok=True)


def _tool(name: str) -> str:
    """Full path of a PostgreSQL client program (Debian package postgresql-client)."""
    path = shutil.which(name)
    if path is None:
        raise FileNotFoundError(f"{name} not found: install postgresql-client")
    return path


def postgres_check(*, backup: Path, dsn: str) -> list[str]:
    """Restore the dump into a scratch database, compare it with the manifest, drop it."""
    import os

    import psycopg

    manifest = json.loads((backup / "manifest.json").read_text())
    server = dsn.rsplit("/", 1)[0]
    scratch = f"koers_backup_check_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
        admin.execute(f'CREATE DATABASE "{scratch}"')
    try:
        postgres_restore(backup=backup, dsn=f"{server}/{scratch}")
        return state_differences(manifest["tables"], postgres_table_state(f"{server}/{scratch}"))
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{scratch}"')
