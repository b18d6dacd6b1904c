"""`field = ANY(ARRAY(subquery))` for PostgreSQL (see docs/performance.md, finding 2).

Inside an OR, PostgreSQL runs `field IN (subquery)` as a hashed subplan over a full scan of the
table; with the list as one array the planner can combine the indexes of both sides (BitmapOr).
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.models import Field, ForeignObject, Lookup, Q, QuerySet


class AnyArray(Lookup):
    lookup_name = "any_array"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        from django.contrib.postgres.expressions import ArraySubquery

        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(ArraySubquery(self.rhs))
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def register() -> None:
    # Related fields take their lookups from ForeignObject, not from Field.
    for field_class in (Field, ForeignObject):
        field_class.register_lookup(AnyArray)


def in_subquery(field: str, subquery: QuerySet[Any]) -> Q:
    """`field IN (subquery)`, written so that each database can use its indexes in an OR."""
    if connection.vendor == "postgresql":
        return Q(**{f"{field}__any_array": subquery})
    return Q(**{f"{field}__in": subquery})
