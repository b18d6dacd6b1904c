"""The steps of the restore drill that run as Koers itself, in a process of their own
(tests/core/test_backup.py starts them with DATABASE_URL pointing at a scratch database):

    python tests/core/restore_drill.py fill DIR     # migrate, demo, `manage.py backup DIR`
    python tests/core/restore_drill.py change       # change and delete real rows, as users do

The restore in between is `manage.py backup DIR --restore`, as an operator runs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A small demo, to keep the drill fast: every app's demo step still runs.
DEMO = ["--accounts", "40", "--contacts", "120"]


def fill(directory: str) -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    _search_in_place()
    call_command("demo", *DEMO, verbosity=0)
    call_command("backup", directory, verbosity=0)


def _search_in_place() -> None:
    """After every migration on a new database, the account search's triggers (SQLite) or
    trigram indexes (PostgreSQL) are there: a later migration that makes Django rebuild
    accounts_account or accounts_contact on SQLite drops the triggers with the old table and
    must create them again (accounts migration 0002)."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            wanted = {
                f"accounts_{table}_fts_{event}"
                for table in ("account", "contact")
                for event in ("insert", "update", "delete")
            }
        else:
            cursor.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s", ["accounts_%_trgm"]
            )
            wanted = {
                f"accounts_{name}_trgm"
                for name in (
                    "account_name",
                    "account_visit_city",
                    "contact_email",
                    "contact_first_name",
                    "contact_last_name",
                )
            }
        missing = wanted - {row[0] for row in cursor.fetchall()}
    assert not missing, f"after all migrations the account search lacks {sorted(missing)}"


def change() -> None:
    """Changes and deletes accounts, contacts and history through the services, and adds an
    account: the restore must undo all of it."""
    from django.db.models import ProtectedError, RestrictedError

    from koers.accounts import services
    from koers.accounts.models import Account, Contact
    from koers.core.models import Role, User

    admin = User.objects.filter(role=Role.ADMIN, is_active=True).order_by("pk").first()
    assert admin is not None, "the demo has an administrator"
    for account in Account.objects.order_by("pk")[:5]:
        services.account_update(
            actor=admin,
            account=account,
            expected_version=account.version,
            data={"name": f"{account.name} (changed after the backup)", "notes": "changed"},
        )
    for contact in Contact.objects.order_by("pk")[:10]:
        services.contact_delete(actor=admin, contact=contact)
    deleted = 0
    for account in Account.objects.filter(parent__isnull=True, children__isnull=True).order_by(
        "-pk"
    ):
        try:
            services.account_delete(actor=admin, account=account)
        except (ProtectedError, RestrictedError):  # held by other rows: try the next one
            continue
        deleted += 1
        if deleted == 3:
            break
    assert deleted == 3, "three standalone accounts could be deleted"
    # History is data too: a purge of old rows after the backup must be undone.
    Account.history.filter(history_type="+").order_by("history_id")[:1].get().delete()
    services.account_create(actor=admin, data={"name": "Na de back-up B.V."})


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    if sys.argv[1] == "fill":
        fill(sys.argv[2])
    else:
        change()
