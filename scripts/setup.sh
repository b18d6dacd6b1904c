#!/usr/bin/env bash
# Installs everything Koers needs into this checkout: Python packages (.venv), front-end packages
# (node_modules) and, for the test suite, Debian's Chromium. Safe to run again; skips what is there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_dev=${1:-}
PY=${PYTHON:-python3}

need_apt=()
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
if [ "$want_dev" = "--dev" ] && [ ! -x /usr/bin/chromium ]; then need_apt+=(chromium); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PY" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi
stamp=.venv/.installed$want_dev
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  echo "== installing Python packages"
  if [ "$want_dev" = "--dev" ]; then
    .venv/bin/pip install -q -e '.[dev]'
  else
    .venv/bin/pip install -q -e .
  fi
  touch "$stamp"
fi

if [ ! -d node_modules/htmx.org ] || [ package.json -nt node_modules/.package-lock.json ]; then
  echo "== installing front-end packages"
  npm install --no-audit --no-fund --silent
fi

.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0
