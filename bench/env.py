"""Starting Django for the benchmark scripts, against a database of their choice.

The scripts run as `python -m bench.<name>` from the checkout, outside manage.py, so they put
`src` on the path and choose the database (through DATABASE_URL, the normal settings) before
Django reads its settings.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = PROJECT_DIR / "var" / "bench"
# Databases that the benchmark must never drop or fill: the server's own and the shared test one.
PROTECTED_DATABASES = {"postgres", "template0", "template1", "test"}


def default_database_url(size: str) -> str:
    """$BENCH_DATABASE_URL or $DATABASE_URL, else a SQLite file per size under var/bench/."""
    return (
        os.environ.get("BENCH_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or f"sqlite:///{BENCH_DIR / f'koers-{size}.sqlite3'}"
    )


def database_label(url: str) -> str:
    return "PostgreSQL" if url.startswith(("postgres://", "postgresql://")) else "SQLite"


def prepare_database(url: str, *, fresh: bool) -> None:
    """Creates the target database when missing; with `fresh`, starts it empty."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = Path(parts.path[1:] if parts.path.startswith("//") else parts.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for suffix in ("", "-wal", "-shm", "-journal"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    import psycopg

    name = parts.path.lstrip("/")
    if not name or name in PROTECTED_DATABASES:
        raise SystemExit(f"refusing to use the database {name!r} for the benchmark")
    if fresh and "bench" not in name:
        # A DATABASE_URL left pointing at a real database must not be wiped by --fresh.
        raise SystemExit(f"--fresh drops the database: its name must contain 'bench', not {name!r}")
    server = parts._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url: str, *, debug: bool | None = None) -> None:
    """Points the normal settings at `url` and starts Django."""
    src = str(PROJECT_DIR / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "koers.settings")
    # The customer's online quote page allows QUOTE_LINK_RATE_LIMIT requests a minute per
    # address; the runner sends all of its requests from one (gunicorn inherits it too).
    os.environ.setdefault("QUOTE_LINK_RATE_LIMIT", "1000000")
    if debug is not None:
        os.environ["DEBUG"] = "true" if debug else "false"
        if not debug:
            os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-use")
            # The test client speaks plain HTTP; in production a proxy terminates TLS.
            os.environ["SECURE_SSL_REDIRECT"] = "false"
    import django

    django.setup()
