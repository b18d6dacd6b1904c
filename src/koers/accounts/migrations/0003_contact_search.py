"""The contact list at scale (docs/performance.md, finding 9).

- An index in the list's order, so that a page stops after its rows instead of sorting every
  readable contact.
- The e-mail address joins the contact search indexes: a pg_trgm GIN index on PostgreSQL, a
  third column of the FTS5 trigram table on SQLite (the table and its triggers are made anew).

A later migration that makes Django rebuild accounts_contact or accounts_account on SQLite must
call `create_sqlite_fts(schema_editor)` of this module again (see migration 0002).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations, models
from django.db.models.functions import Lower

_0002 = importlib.import_module("koers.accounts.migrations.0002_search_indexes")

BEFORE = [("accounts_contact", ("first_name", "last_name"))]
AFTER = [("accounts_contact", ("first_name", "last_name", "email"))]
EMAIL_TRGM = "accounts_contact_email_trgm"


def create_sqlite_fts(schema_editor: Any) -> None:
    """The FTS tables and triggers as they are since this migration."""
    _0002.create_sqlite_fts(schema_editor, [_0002.SEARCHED[0], *AFTER])


def _swap_contact_fts(schema_editor: Any, old: Any, new: Any) -> None:
    _0002._run(schema_editor, _0002._sqlite_backwards(old))
    _0002.create_sqlite_fts(schema_editor, new)


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{EMAIL_TRGM}" ON "accounts_contact" '
            'USING gin (UPPER("email") gin_trgm_ops)'
        )
    elif vendor == "sqlite":
        _swap_contact_fts(schema_editor, BEFORE, AFTER)


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{EMAIL_TRGM}"')
    elif vendor == "sqlite":
        _swap_contact_fts(schema_editor, AFTER, BEFORE)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_search_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                Lower("last_name"), Lower("first_name"), "id", name="contact_name_order"
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
