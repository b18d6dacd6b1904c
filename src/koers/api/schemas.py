"""The building blocks of every app's API schemas: string and id types a database will store,
request bodies that refuse unknown fields, the error and page shapes, and `dump`.

Each app keeps its own schemas in `<app>/api/` (e.g. `accounts/api/account_schemas.py`).
Responses are built by plain functions (`account_data` ...) from objects whose relations were
loaded by the query, so that serialising a page never triggers a query per row, and a stored
idempotent response has exactly the same shape as a fresh one.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.conf import settings
from django.db import models
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints

# The largest id a 64-bit primary key column holds: larger numbers are refused before any query.
MAX_ID = 2**63 - 1
MAX_VERSION = 2**31 - 1
MAX_NOTES = 20_000

if TYPE_CHECKING:  # a Literal of the settings' languages, built at run time; to mypy, a str
    Language = str
else:
    Language = Literal[tuple(code for code, _label in settings.LANGUAGES)]


def _plain_text(value: str) -> str:
    # PostgreSQL refuses NUL characters and no database stores lone surrogates: refuse both here
    # so that they become a 422 naming the field instead of a database error.
    if "\x00" in value:
        raise ValueError("Text may not contain NUL characters.")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("Text must be valid Unicode.") from exc
    return value


def Text(max_length: int, min_length: int = 0) -> Any:
    """A string type of at most `max_length` characters that a database will store."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length, min_length=min_length),
        AfterValidator(_plain_text),
    ]


def SearchText(max_length: int = 200) -> Any:
    """A search's words: `Text` without control characters, refused by a pattern the OpenAPI
    document states (the list pages ignore them instead: core/lists.search_text)."""
    return Annotated[
        str,
        StringConstraints(max_length=max_length, pattern=r"^[^\x00-\x1f\x7f-\x9f]*$"),
        AfterValidator(_plain_text),
    ]


def dump(schema: type[Schema], data: dict[str, Any]) -> dict[str, Any]:
    """`data` checked against `schema` and made plain JSON (to store or to send as it is).

    Encoded as ninja encodes every other response, so that both look the same.
    """
    python = schema.model_validate(data).model_dump()
    return json.loads(json.dumps(python, cls=NinjaJSONEncoder))


def max_len(model: type[models.Model], name: str) -> int:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    length = field.max_length
    assert length is not None
    return length


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Version = Annotated[int, Field(ge=1, le=MAX_VERSION, description="The version you last read.")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Za-z]{2}$")]
Notes = Text(MAX_NOTES)


def optional(**kwargs: Any) -> Any:
    """A field that may be left out of a PATCH; its schema shows no default."""
    return Field(None, json_schema_extra=_without_default, **kwargs)


def _without_default(schema: dict[str, Any]) -> None:
    schema.pop("default", None)


class In(Schema):
    """A request body: a field the API does not know is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


# --- errors ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str | None = Field(description="The field, query parameter or header; null if none.")
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class ChangeOut(Schema):
    field: str
    label: str
    old: Any
    new: Any
    by: str | None
    at: datetime


# --- pages ----------------------------------------------------------------------------------


# A page of a list; each list adds `results: list[<its schema>]`.
class PageOut(Schema):
    count: int = Field(
        description="The number of results on all pages together, counted up to 1000: with more, "
        "it is 1000 and `count_capped` is true."
    )
    count_capped: bool = Field(
        description="True when there are more than 1000 results; follow `next` to read them all."
    )
    next: str | None = Field(description="The URL of the next page, if any.")
    previous: str | None = Field(description="The URL of the previous page, if any.")
