#!/usr/bin/env bash
# The whole test suite: lint, checks, then pytest on SQLite and, when DATABASE_URL is set or in
# CI, again on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dev

PG_URL=${DATABASE_URL:-}
if [ -z "$PG_URL" ] && [ "${CI:-}" = "true" ]; then
  PG_URL="postgres://postgres@127.0.0.1:5432/test"
fi
unset DATABASE_URL
# Some machines set PYTHONDONTWRITEBYTECODE; then every test process (both xdist workers, the
# restore drill's and the deploy check's subprocesses) compiles Koers and the tests from source
# again, several seconds each.
unset PYTHONDONTWRITEBYTECODE

echo "== ruff"
.venv/bin/ruff check src tests bench
echo "== mypy"
# Configured in pyproject.toml ([tool.mypy]: src/ with the django-stubs plugin); the cache in
# .mypy_cache makes a run after a small change take seconds.
.venv/bin/mypy
echo "== django checks"
.venv/bin/python manage.py check --fail-level WARNING
.venv/bin/python manage.py makemigrations --check --dry-run >/dev/null

echo "== tests on SQLite"
.venv/bin/python -m pytest -q -n 2 --dist loadgroup "$@"

if [ -n "$PG_URL" ]; then
  echo "== tests on PostgreSQL"
  DATABASE_URL="$PG_URL" .venv/bin/python -m pytest -q -n 2 --dist loadgroup "$@"
fi
