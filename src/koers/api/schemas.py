"""The building blocks of every app's API schemas: string and id types a database will store,
request bodies that refuse unknown fields, the error and page shapes, and `dump`.

Each app keeps its own schemas in `<app>/api/` (e.g. `accounts/api/account_schemas.py`).
Responses are built by plain functions (`account_data` ...) from objects whose relations were
loaded by the query, so that serialising a page never triggers a query per row, and a stored
idempotent response has exactly the same shape as a fresh one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.responses import NinjaJSONEncoder
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
)
from pydantic_core import PydanticCustomError

from koers.api.error_codes import BEYOND_SCHEMA_CODES

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
        raise PydanticCustomError("nul", _("Text may not contain NUL characters."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise PydanticCustomError("unicode", _("Text must be valid Unicode.")) from exc
    return value


# What `Text` refuses, stated in the OpenAPI document: a NUL character.
NO_NUL = r"^[^\x00]*$"
# A required name: besides no NUL, one character that is neither white space nor a control
# character (the services strip names; Python's strip() also removes \x1c-\x1f).
NAME = r"^[^\x00]*[^\s\x00-\x1f][^\x00]*$"


def _matching(pattern: str, message: Callable[[], str]) -> Callable[[str], str]:
    # Python's `re`, as schemathesis uses to generate from the pattern; the message is the
    # server's own (translated) one instead of pydantic's "should match pattern '…'".
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if not regex.search(value):
            raise PydanticCustomError("pattern", message())
        return value

    return check


def Text(
    max_length: int,
    min_length: int = 0,
    *,
    pattern: str = NO_NUL,
    message: Callable[[], str] | None = None,
    examples: list[str] | None = None,
) -> Any:
    """A string type of at most `max_length` characters that a database will store.

    `pattern` is what the server checks, stated in the schema (the default refuses NUL only),
    with `message()` as the error; with `min_length` 1 it is `NAME`: blank is refused, as the
    services refuse it. A format of its own (`message` given) states its length in the pattern
    (a lookahead) instead of `maxLength`: schemathesis cannot generate the longest value of
    such a format and then sends one that breaks the pattern as if it were valid.
    """
    length_in_pattern = message is not None and pattern not in (NO_NUL, NAME)
    if length_in_pattern and re.fullmatch(r"\^\[[^\]]*\]\*\$", pattern):
        # One character class: the length as its quantifier (schemathesis generates from a
        # lookahead values that break the class, e.g. for a postcode or a phone).
        pattern = pattern.removesuffix("*$") + f"{{0,{max_length}}}$"
    elif length_in_pattern:
        pattern = f"^(?=.{{0,{max_length}}}$)" + pattern.removeprefix("^")
    if min_length and pattern == NO_NUL:
        pattern = NAME
        message = message or (lambda: _("This field is required."))
    check = _matching(pattern, message or (lambda: _("Text may not contain NUL characters.")))
    return Annotated[
        str,
        StringConstraints(
            max_length=None if length_in_pattern else max_length, min_length=min_length
        ),
        AfterValidator(_plain_text),
        AfterValidator(check),
        Field(examples=examples, json_schema_extra={"pattern": pattern})
        if examples
        else Field(json_schema_extra={"pattern": pattern}),
    ]


# Fields whose values the models check: each pattern is a part of what the check accepts, so
# that a value the schema allows passes it; beyond the pattern only the checks named in
# BEYOND_SCHEMA_CODES (a phone's numbering plan, a Dutch postcode) can still refuse one.
_ATOM = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
Email = Text(
    254,
    pattern=rf"^(?:{_ATOM}(?:\.{_ATOM})*@(?:{_LABEL}\.)+[A-Za-z]{{2,63}})?$",
    message=lambda: _("Enter a valid email address."),
    examples=["inkoop@example.nl"],
)
Phone = Text(
    32,
    pattern=r"^[0-9+() .-]*$",
    message=lambda: _("This is not a phone number."),
    examples=["+31 20 123 4567"],
)
Website = Text(
    200,
    pattern=rf"^(?:https?://(?:{_LABEL}\.)+[A-Za-z]{{2,63}}(?::[0-9]{{1,5}})?(?:[/?#][!-~]*)?)?$",
    message=lambda: _("Enter a valid URL."),
    examples=["https://www.example.nl"],
)
Postcode = Text(
    16,
    pattern=r"^[0-9A-Za-z -]*$",
    message=lambda: _("A postcode has only letters, digits, spaces and hyphens."),
    examples=["1234 AB"],
)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_as_text(value: Any) -> Any:
    # pydantic's lax mode reads 0 or "1700000000" as seconds since 1970: refuse anything but the
    # text of a date, as the schema's `format: date` says (issue 8, fault 9).
    if isinstance(value, date) and not isinstance(value, datetime):
        return value  # from Python, not from a request
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise PydanticCustomError("date_text", _("Give a date as text: YYYY-MM-DD."))
    return value


# A date in a request: only "YYYY-MM-DD" (RFC 3339 full-date), never a number.
IsoDate = Annotated[
    date, BeforeValidator(_date_as_text), Strict(False), Field(examples=["2026-03-01"])
]

# Dates and times a person plans or keeps: a year out of this range is a typing error, and near
# the ends of Python's calendar adding a duration or converting to UTC would overflow.
FIRST_YEAR, LAST_YEAR = 1900, 2199
_ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
    r"(?:[Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _in_range(value: date) -> date:
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise PydanticCustomError(
            "date_range",
            _("Give a date between {first} and {last}.").format(first=FIRST_YEAR, last=LAST_YEAR),
        )
    return value


def _datetime_as_text(value: Any) -> Any:
    if isinstance(value, datetime):
        return value  # from Python, not from a request
    if not isinstance(value, str) or not _ISO_DATETIME.fullmatch(value):
        raise PydanticCustomError(
            "datetime_text", _("Give a date and time with its offset: 2026-03-02T10:00:00+01:00.")
        )
    return value


def _in_range_utc(value: datetime) -> datetime:
    _in_range(value)
    return value.astimezone(UTC)


# A date a person plans or keeps (a due date, the next step), "YYYY-MM-DD" from 1900 to 2199.
PlanDate = Annotated[
    date,
    BeforeValidator(_date_as_text),
    Strict(False),
    AfterValidator(_in_range),
    Field(examples=["2026-03-01"]),
]
# A moment (a planned start): RFC 3339 with its offset, from 1900 to 2199; stored in UTC.
PlanDateTime = Annotated[
    AwareDatetime,
    BeforeValidator(_datetime_as_text),
    Strict(False),
    AfterValidator(_in_range_utc),
    Field(examples=["2026-03-02T10:00:00+01:00"]),
]


def SearchText(max_length: int = 200) -> Any:
    """A search's words: `Text` without control characters, refused by a pattern the OpenAPI
    document states (the list pages ignore them instead: core/lists.search_text)."""
    return Text(
        max_length,
        pattern=r"^[^\x00-\x1f\x7f-\x9f]*$",
        message=lambda: _("A search may not contain control characters."),
    )


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


def _json_integer(value: Any) -> Any:
    # JSON Schema's integer: 5 or 5.0, never true or "5" (a strict body refuses 5.0 otherwise).
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise PydanticCustomError("int_type", _("Give a whole number."))
    return value


def Integer(ge: int, le: int, **kwargs: Any) -> Any:
    """A whole number of a request body between `ge` and `le` (5 or 5.0; never true or "5")."""
    return Annotated[
        int, Field(ge=ge, le=le, **kwargs), BeforeValidator(_json_integer), Strict(False)
    ]


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
# An id in a request body.
BodyId = Annotated[int, Field(ge=1, le=MAX_ID), BeforeValidator(_json_integer), Strict(False)]
Version = Annotated[
    int,
    Field(ge=1, le=MAX_VERSION, description="The version you last read."),
    BeforeValidator(_json_integer),
    Strict(False),
]
Country = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z]{2}$"),
    Field(description="ISO 3166 code, any case.", examples=["NL"]),
]
Notes = Text(MAX_NOTES)


def optional(*, extra: dict[str, Any] | None = None, **kwargs: Any) -> Any:
    """A field that may be left out of a PATCH; its schema shows no default. `extra`: JSON
    Schema keywords of the field (a `Text`'s pattern)."""

    def without_default(schema: dict[str, Any]) -> None:
        schema.pop("default", None)
        schema.update(extra or {})

    return Field(None, json_schema_extra=without_default, **kwargs)


class In(Schema):
    """A request body: a field the API does not know is an error, not silently ignored.

    Strict, as the schema is: `0` is no boolean and `"5"` no integer. A date (`IsoDate`) and a
    choice (`Choice`) are read from their JSON text by their own types.
    """

    model_config = ConfigDict(extra="forbid", strict=True)


class NoBody(In):
    """An action without a body (the key of a retry is checked against an empty one)."""


def Choice(choices: type[Enum]) -> Any:
    """A choice field of a request body: one of the values of `choices` (stated as an enum)."""
    return Annotated[choices, Strict(False)]


# --- errors ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str | None = Field(description="The field, query parameter or header; null if none.")
    message: str
    code: str = Field(
        description="What was wrong: `schema` for a rule this document states; one of the "
        "following for a rule it cannot state: "
        + "; ".join(f"`{code}`: {text}" for code, text in BEYOND_SCHEMA_CODES.items())
        + "; anything else is a fault of ours.",
        examples=["schema", "not_found"],
    )


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
