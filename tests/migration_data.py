"""The test databases are built from the models; this adds what the migrations add besides.

Running the project's migrations to build a test database costs about a minute of CPU (Django
renders the model states again for almost every operation), for each xdist worker and for every
`pytest` run. The tests therefore build their databases from the models (`--nomigrations`, set
in tests/conftest.py), and `add_what_the_migrations_add` then runs the migrations' RunPython
steps that leave something in a new database (the search indexes, default norms, stages,
mandates and VAT rates) and records every migration as applied, as on a database that ran them.

The migrations themselves still run in the suite: `tests/accounts/test_account_search.py`
migrates back to the first migration of accounts and forward again (which runs every migration
of every app built on accounts), and the restore drill (tests/core/test_backup.py) migrates a
new database from nothing. `tests/core/test_migration_data.py` fails when a migration gets a
RunPython or RunSQL step that is not accounted for here.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings

# (app, migration) -> the name of its forwards function, run as the migration runs it.
RUN: dict[tuple[str, str], str] = {
    ("accounts", "0002_search_indexes"): "forwards",
    ("accounts", "0003_contact_search"): "forwards",
    ("relations", "0002_default_norms"): "forwards",
    ("sales", "0005_stage_settings"): "add_defaults",
    ("sales", "0008_mandate_defaults"): "add_defaults",
}
# Steps whose effect is put in differently: the VAT rates' function knows the field by the name
# it had then (`category`), so the rates of that migration are written with today's model.
WRITTEN_HERE = {("sales", "0002_vat_rates")}
# Steps that change existing rows or refresh statistics: nothing to do in a new database.
NOTHING_ON_AN_EMPTY_DATABASE = {
    ("accounts", "0004_merge_tags_differing_in_case"),
    ("relations", "0009_bench_indexes"),
    ("relations", "0010_contact_state_due_index"),
    ("relations", "0012_agenda_speed"),
}


# The models whose rows add_defaults writes.
DEFAULTS_MODELS = (
    "relations.ContactNorm",
    "relations.RoleNorm",
    "relations.CountingKind",
    "sales.StageSetting",
    "sales.LevelMandate",
    "sales.VatRate",
)


def migration_module(app: str, name: str) -> Any:
    return importlib.import_module(f"koers.{app}.migrations.{name}")


def add_defaults(connection: BaseDatabaseWrapper) -> None:
    """The rows the migrations put in: also after a transactional test emptied the tables."""
    for app, name in (
        ("relations", "0002_default_norms"),
        ("sales", "0005_stage_settings"),
        ("sales", "0008_mandate_defaults"),
    ):
        getattr(migration_module(app, name), RUN[app, name])(apps, None)
    vat_rate = apps.get_model("sales", "VatRate")
    for vat_category, percentage, valid_from in migration_module("sales", "0002_vat_rates").RATES:
        vat_rate.objects.get_or_create(
            vat_category=vat_category, valid_from=valid_from, defaults={"percentage": percentage}
        )
    # The migrations write through historical models, which keep no history: neither do these
    # (a test that travels to an earlier day would otherwise find them newer than its change).
    for label in DEFAULTS_MODELS:
        history = getattr(apps.get_model(label), "history", None)
        if history is not None:
            history.model.objects.all().delete()


def add_what_the_migrations_add(connection: BaseDatabaseWrapper) -> None:
    with connection.schema_editor() as editor:
        for app, name in (("accounts", "0002_search_indexes"), ("accounts", "0003_contact_search")):
            getattr(migration_module(app, name), RUN[app, name])(apps, editor)
    add_defaults(connection)
    record_every_migration_as_applied(connection)


def migrations_on_disk(connection: BaseDatabaseWrapper | None = None) -> MigrationLoader:
    # pytest-django's --nomigrations hides the migrations for the whole session.
    with override_settings(MIGRATION_MODULES={}):
        return MigrationLoader(connection, ignore_no_migrations=True)


def record_every_migration_as_applied(connection: BaseDatabaseWrapper) -> None:
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = set(recorder.applied_migrations())
    recorder.migration_qs.bulk_create(
        recorder.Migration(app=app, name=name)
        for app, name in sorted(migrations_on_disk(connection).graph.nodes)
        if (app, name) not in applied
    )
