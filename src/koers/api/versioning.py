"""Changing a record that carries a `version` (optimistic locking), the same for every endpoint,
and the schemas of such a change.

A versioned resource writes its create schema (`AccountIn`) and its read schema
(`AccountDetailOut`) by hand; `versioned_schemas` derives the rest from them:

- the PATCH body (`AccountPatch`): every field of the create schema, optional, plus the
  `version` the client read; a field sent as null is refused unless it is named in `nullable`
  (those clear the field), and the schema says which may be null;
- the 409 body (`AccountConflictOut`): the current record and what changed since that version.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Collection
from typing import Annotated, Any, ClassVar, NamedTuple, Union, get_args, get_origin

from ninja import Schema, Status
from pydantic import ConfigDict, create_model
from pydantic.fields import FieldInfo
from pydantic.json_schema import SkipJsonSchema

from koers.api.errors import conflict_body, refuse_nulls
from koers.api.schemas import ChangeOut, In, Version, optional
from koers.core.errors import StaleVersionError


class PatchIn(In):
    """A PATCH body: only the fields sent change; `nullable_fields` may be sent as null."""

    nullable_fields: ClassVar[frozenset[str]] = frozenset()

    def changes(self) -> dict[str, Any]:
        """The fields sent, without `version`; a null where none is allowed is a 422."""
        data = self.model_dump(exclude_unset=True, exclude={"version"})
        refuse_nulls(data, self.nullable_fields)
        return data


class VersionedSchemas(NamedTuple):
    patch: type[PatchIn]
    conflict: type[Schema]


def versioned_schemas(
    resource: str,
    *,
    create: type[In],
    read: type[Schema],
    nullable: Collection[str] = (),
    exclude: Collection[str] = (),
    doc: str | None = None,
    rules: dict[str, Any] | None = None,
) -> VersionedSchemas:
    """`<resource>Patch` and `<resource>ConflictOut`, from the create and the read schema.

    `exclude`: fields of the create schema that a PATCH cannot change (a new contact's
    `position`); `doc`: the PATCH body's description in the OpenAPI document; `rules`: JSON
    Schema keywords for the PATCH body's rules across fields (`allOf` of `if`/`then`).
    """
    patch = patch_schema(
        f"{resource}Patch",
        create,
        nullable=nullable,
        exclude=exclude,
        versioned=True,
        doc=doc,
        rules=rules,
    )
    return VersionedSchemas(patch, conflict_schema(f"{resource}ConflictOut", read))


def patch_schema(
    name: str,
    create: type[In],
    *,
    nullable: Collection[str] = (),
    exclude: Collection[str] = (),
    versioned: bool = True,
    doc: str | None = None,
    rules: dict[str, Any] | None = None,
) -> type[PatchIn]:
    """A PATCH body named `name` with the fields of `create` (a `version` first, if versioned)."""
    unknown = (set(nullable) | set(exclude)) - set(create.model_fields)
    if unknown:
        raise ValueError(f"{name}: {create.__name__} has no fields {sorted(unknown)}")
    fields: dict[str, Any] = {"version": (Version, ...)} if versioned else {}
    for field_name, info in create.model_fields.items():
        if field_name not in exclude:
            fields[field_name] = _optional_field(info, nullable=field_name in nullable)
    base: type[PatchIn] = PatchIn
    if rules:
        config = ConfigDict(extra="forbid", json_schema_extra=rules)
        base = type(f"{name}Rules", (PatchIn,), {"model_config": config})
    patch = create_model(name, __base__=base, __doc__=doc, __module__=create.__module__, **fields)
    patch.nullable_fields = frozenset(nullable)
    return patch


def _optional_field(info: FieldInfo, *, nullable: bool) -> tuple[Any, Any]:
    """The type of a create field, its constraints kept, as a field that may be left out.

    Only a nullable field shows null in the schema; any other null is refused by `changes()`.
    """
    annotation = _without_none(info.annotation)
    if info.metadata:
        annotation = Annotated[(annotation, *info.metadata)]
    # What the create field states beside its type (a pattern, examples, a description) is the
    # PATCH field's too: without it a PATCH body's schema allowed values the server refuses.
    stated = {"description": info.description, "examples": info.examples}
    extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else None
    field = optional(extra=extra, **{k: v for k, v in stated.items() if v is not None})
    if nullable:
        return annotation | None, field
    # A type built at run time for pydantic (SkipJsonSchema is a type alias to mypy, not a class).
    return annotation | SkipJsonSchema[None], field  # type: ignore[misc]


def _without_none(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [arg for arg in get_args(annotation) if arg is not type(None)]
        return Union[tuple(args)] if len(args) > 1 else args[0]  # noqa: UP007
    return annotation


def conflict_schema(name: str, read: type[Schema]) -> type[Schema]:
    """The 409 body for a stale `version`: the current record and the changes since."""
    return create_model(
        name,
        __base__=Schema,
        __module__=read.__module__,
        detail=(str, ...),
        current_version=(int, ...),
        current=(read, ...),
        changes=(list[ChangeOut], ...),
    )


def patch_versioned(
    payload: PatchIn,
    *,
    save: Callable[[int, dict[str, Any]], object],
    read: Callable[[], dict[str, Any]],
) -> Status[dict[str, Any]]:
    """Changes only the fields sent, when `payload.version` is still the stored one.

    `save(version, data)` calls the service; `read()` gives the record as the API shows it. If
    someone saved in between, nothing is changed and the answer is a 409 with the current record
    and what changed since that version.
    """
    data = payload.changes()
    try:
        save(payload.version, data)  # type: ignore[attr-defined]
    except StaleVersionError as exc:
        return Status(409, conflict_body(read(), exc))
    return Status(200, read())
