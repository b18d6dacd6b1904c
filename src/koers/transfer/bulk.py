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
from functools import partial
from typing import Any, cast

from django.db import connections, models, router
from django.db.models import Field, Model
from simple_history.utils import get_history_model_for_model

# Field classes whose value reaches the database as it is on the model (a str, int or bool):
# get_db_prep_save() changes nothing for them, at about 3 µs a call, a million calls in a
# 10,000-row import. Exact classes only: a subclass (ours in accounts/fields.py) may convert.
_AS_IS = (
    models.AutoField,
    models.BigAutoField,
    models.BigIntegerField,
    models.BooleanField,
    models.CharField,
    models.EmailField,
    models.IntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.SlugField,
    models.SmallIntegerField,
    models.TextField,
    models.URLField,
)


def _as_is(field: Field) -> bool:
    if type(field) is models.ForeignKey:
        return _as_is(field.target_field)
    return type(field) in _AS_IS


def _executemany(
    model: type[Model], sql: str, columns: Sequence[Field], rows: Sequence[Sequence[Any]]
) -> None:
    connection = connections[router.db_for_write(model)]
    prepare = [
        None if _as_is(c) else partial(c.get_db_prep_save, connection=connection) for c in columns
    ]
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [
                [
                    value if p is None or value is None else p(value)
                    for p, value in zip(prepare, row, strict=True)
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


def _insert_returning_ids(model: type[Model], objs: Sequence[Model], *, batch_size: int) -> None:
    """What Django's bulk_create() does for these models (pre_save, one INSERT per batch with
    RETURNING, the ids set in order, the objects marked as saved), with the prepared values
    from `_as_is`. Both databases return the ids in the order of the VALUES, which Django's own
    bulk_create() relies on too."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    columns = [f for f in model._meta.concrete_fields if f is not pk]
    prepare = [
        None if _as_is(c) else partial(c.get_db_prep_save, connection=connection) for c in columns
    ]
    size = max(1, min(batch_size, connection.ops.bulk_batch_size(columns, objs)))
    head = "INSERT INTO {} ({}) VALUES ".format(  # noqa: S608
        quote(model._meta.db_table), ", ".join(quote(c.column) for c in columns)
    )
    one = "({})".format(", ".join(["%s"] * len(columns)))
    tail = f" RETURNING {quote(pk.column)}"
    with connection.cursor() as cursor:
        for start in range(0, len(objs), size):
            batch = objs[start : start + size]
            params: list[Any] = []
            for obj in batch:
                for c, p in zip(columns, prepare, strict=True):
                    value = c.pre_save(obj, True)
                    params.append(value if p is None or value is None else p(value))
            cursor.execute(head + ", ".join([one] * len(batch)) + tail, params)
            ids = [row[0] for row in cursor.fetchall()]
            for obj, new_id in zip(batch, ids, strict=True):
                setattr(obj, pk.attname, new_id)
                obj._state.adding = False
                obj._state.db = connection.alias


def bulk_create(
    model: type[Model], objs: Sequence[Model], *, user: Any, date: datetime, batch_size: int
) -> None:
    """bulk_create() (which sets the primary keys) and the history rows of the new objects."""
    if not objs:
        return
    _insert_returning_ids(model, objs, batch_size=batch_size)
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
