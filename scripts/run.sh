#!/usr/bin/env bash
# Installs Koers, builds the database with demo data (first time only) and starts the server
# together with a background-task worker (large imports, the daily digest) and the scheduler
# that starts the daily jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python manage.py migrate -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py demo --if-empty
.venv/bin/python manage.py db_worker >var/worker.log 2>&1 &
worker=$!
.venv/bin/python manage.py scheduler >var/scheduler.log 2>&1 &
scheduler=$!
trap 'kill $worker $scheduler 2>/dev/null || true' EXIT INT TERM
echo "== Koers runs on http://127.0.0.1:8000 (stop with Ctrl-C); logs: var/worker.log, var/scheduler.log"
.venv/bin/python manage.py runserver 127.0.0.1:8000
