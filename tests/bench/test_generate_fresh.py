"""The benchmark's data generator on an empty database: repeatable, and it leaves no trace.

Apart from test_generate.py, whose tests share one generated database.
"""

from __future__ import annotations

import pytest
from bench.generate import generate
from django.db import connection, transaction

from koers.accounts.models import Account

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_data():
    def generated() -> list[tuple[str, str]]:
        with transaction.atomic():
            generate("XS")
            rows = list(Account.objects.order_by("pk").values_list("name", "visit_postcode"))
            transaction.set_rollback(True)
        return rows

    assert generated() == generated()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="FTS5 triggers exist on SQLite only")
def test_it_puts_back_the_search_triggers_it_set_aside_for_the_load():
    def triggers() -> set[str]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            return {row[0] for row in cursor.fetchall()}

    before = triggers()
    generate("XS")
    assert triggers() == before
    assert "accounts_account_fts_insert" in before
