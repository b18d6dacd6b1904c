"""The test databases are built from the models plus tests/migration_data.py: it must account
for every step of the migrations that is not a change of the schema, and leave a database on
which `migrate` has nothing left to do."""

from __future__ import annotations

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.operations import RunPython, RunSQL
from django.test import override_settings

from koers.relations.models import ContactNorm
from koers.sales.models import VatRate
from tests.migration_data import (
    NOTHING_ON_AN_EMPTY_DATABASE,
    RUN,
    WRITTEN_HERE,
    migrations_on_disk,
)


def test_every_runpython_or_runsql_step_of_the_migrations_is_accounted_for():
    loader = migrations_on_disk()
    with_steps = {
        key
        for key, migration in loader.disk_migrations.items()
        if migration.__module__.startswith("koers.")
        and any(isinstance(op, RunPython | RunSQL) for op in migration.operations)
    }

    assert with_steps == set(RUN) | WRITTEN_HERE | NOTHING_ON_AN_EMPTY_DATABASE


def test_the_test_database_has_every_migration_applied(db):
    with override_settings(MIGRATION_MODULES={}):
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())

    assert plan == []


def test_the_test_database_holds_the_rows_the_migrations_put_in(db):
    assert set(VatRate.objects.values_list("vat_category", flat=True)) == {"high", "low", "zero"}
    assert ContactNorm.objects.filter(tier="A", days=28).exists()
