.PHONY: help run test lint messages bench load worker

help:  ## this list
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

run:  ## install, load demo data and start on http://127.0.0.1:8000
	scripts/run.sh

test:  ## install and run the whole test suite (SQLite, and PostgreSQL with DATABASE_URL or in CI)
	scripts/test.sh

lint:  ## ruff, mypy and Django's checks
	.venv/bin/ruff check src tests bench
	.venv/bin/mypy
	.venv/bin/python manage.py check

messages:  ## extract the Dutch messages into src/koers/locale/nl (then translate the new ones)
	cd src/koers && ../../.venv/bin/python ../../manage.py makemessages -l nl --no-obsolete --no-location

bench:  ## generate size $(SIZE) (default S) and measure it (HTTP=1: through gunicorn); BENCH_DATABASE_URL=postgres://…/koers_bench for PostgreSQL
	.venv/bin/python -m bench.generate --size $(or $(SIZE),S) --fresh
	.venv/bin/python -m bench.run --size $(or $(SIZE),S) $(if $(HTTP),--http)

load:  ## $(USERS) users (50) for $(DURATION) s (300) through gunicorn on size $(SIZE) (M); RESTART_DB=1: PostgreSQL restarts midway
	.venv/bin/python -m bench.load --size $(or $(SIZE),M) --users $(or $(USERS),50) --duration $(or $(DURATION),300) $(if $(RESTART_DB),--restart-db)

worker:  ## run the background task worker
	.venv/bin/python manage.py db_worker
