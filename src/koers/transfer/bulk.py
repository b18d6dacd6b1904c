"""Writing many rows at once with their django-simple-history rows.

Django's ORM spends several microseconds on every value it inserts and milliseconds per row in
bulk_update()'s CASE WHEN expressions; for a 10,000-row import that was most of the time. The
history rows need no primary keys back, and updates address rows by primary key, so both are sent
as one parameterised statement per table with executemany(): a C loop in sqlite3, a pipeline in
psycopg. The history rows hold exactly what simple_history's bulk_history_create() writes
(tracked fields, date, user, type, an empty change reason).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from django.db import connections, router
from django.db.models import Field, Model
from simple_history.utils import get_history_model_for_model


def _executemany(
    model: type[Model], sql: str, columns: Sequence[Field], rows: Sequence[Sequence[Any]]
) -> None:
    connection = connections[router.db_for_write(model)]
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [
                    c.get_db_prep_save(value, connection)
                    for c, value in zip(columns, row, strict=True)
                ]
                for row in rows
            ],
        )


def insert_history(
    model: type[Model],
    objs: Sequence[Model],
    *,
    history_type: str,
    user: Any,
    date: datetime,
    batch_size: int,
) -> None:
    """History rows for objects just created ("+") or updated ("~")."""
    if not objs:
        return
    history_model = get_history_model_for_model(model)
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    tracked = [f.attname for f in history_model.tracked_fields]
    names = [*tracked, "history_date", "history_user_id", "history_change_reason", "history_type"]
    by_attname = {f.attname: f for f in history_model._meta.concrete_fields}
    columns = [by_attname[name] for name in names]
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        quote(history_model._meta.db_table),
        ", ".join(quote(c.column) for c in columns),
        ", ".join(["%s"] * len(columns)),
    )
    user_id = getattr(user, "pk", None)
    for start in range(0, len(objs), batch_size):
        rows = [
            [*(getattr(obj, name) for name in tracked), date, user_id, "", history_type]
            for obj in objs[start : start + batch_size]
        ]
        _executemany(model, sql, columns, rows)


def bulk_create(
    model: type[Model], objs: Sequence[Model], *, user: Any, date: datetime, batch_size: int
) -> None:
    """bulk_create() (which sets the primary keys) and the history rows of the new objects."""
    if not objs:
        return
    model._default_manager.bulk_create(objs, batch_size=batch_size)
    insert_history(model, objs, history_type="+", user=user, date=date, batch_size=batch_size)


def bulk_update(
    model: type[Model],
    objs: Sequence[Model],
    fields: Sequence[str],
    *,
    user: Any,
    date: datetime,
    batch_size: int,
) -> None:
    """Writes `fields` of each object by primary key, and an update history row for each."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    # `fields` names concrete columns (never a relation's reverse side).
    columns = [cast(Field, model._meta.get_field(name)) for name in fields]
    pk = model._meta.pk
    assignments = ", ".join(f"{quote(c.column)} = %s" for c in columns)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk.column)} = %s"  # noqa: S608
    for start in range(0, len(objs), batch_size):
        rows = [
            [*(getattr(obj, c.attname) for c in columns), obj.pk]
            for obj in objs[start : start + batch_size]
        ]
        _executemany(model, sql, [*columns, pk], rows)
    insert_history(model, objs, history_type="~", user=user, date=date, batch_size=batch_size)
