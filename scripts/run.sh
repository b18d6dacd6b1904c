#!/usr/bin/env bash
# Installs Koers, builds the database with demo data (first time only) and starts the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/python manage.py migrate -v 0
.venv/bin/python manage.py collectstatic --noinput -v 0
.venv/bin/python manage.py demo --if-empty
echo "== Koers runs on http://127.0.0.1:8000 (stop with Ctrl-C)"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
