"""The first stage of the dry run: each row's values checked on their own.

The values are checked and normalised with the validators and `account_normalize` /
`contact_normalize` of the account and contact forms, and with the model fields' own checks
(lengths, e-mail address, website, choices), so that an imported row is judged exactly like a
form. This stage needs no database; its result is stored with the job, since the values of a
file cannot change after its dry run (see checking.py for the second stage).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact, Position
from koers.accounts.services import (
    NORMALIZED_ACCOUNT_FIELDS,
    NORMALIZED_CONTACT_FIELDS,
    account_normalize,
    contact_normalize,
)
from koers.transfer.choices import Tables
from koers.transfer.columns import ACCOUNT_KEYS, CONTACT_KEYS

PROGRESS_EVERY = 500
# Optional fields whose bad value may be left out instead of the row (the user's choice): the
# account is still the right account without its phone number, website or postal address.
DROPPABLE = frozenset(
    {
        "phone",
        "website",
        "postal_street",
        "postal_postcode",
        "postal_city",
        "postal_country",
        "contact_phone",
        "contact_mobile",
    }
)
_SEPARATORS = re.compile(r"[\s.-]")


def _pad_digits(value: str, length: int, shortest: int) -> str:
    # Excel drops leading zeros of a number: 012345678 arrives as 12345678.
    compact = _SEPARATORS.sub("", value)
    if compact.isdigit() and shortest <= len(compact) < length:
        return compact.zfill(length)
    return value


def row_values(headers: list[str], mapping: dict[str, str], row: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for index, header in enumerate(headers):
        key = mapping.get(header, "")
        if key and index < len(row):
            values[key] = (row[index] or "").strip()
    for key, length, shortest in (("kvk_number", 8, 6), ("establishment_number", 12, 4)):
        if values.get(key):
            values[key] = _pad_digits(values[key], length, shortest)
    return values


def _identifiers(values: dict[str, str]) -> tuple[str, str, str]:
    """(external id, kvk, establishment number), compacted as the validators store them."""
    kvk = _SEPARATORS.sub("", values.get("kvk_number", ""))
    est = _SEPARATORS.sub("", values.get("establishment_number", ""))
    return values.get("external_id", ""), kvk, est


def _check_fields(
    errors: list[dict[str, str]],
    model: type[models.Model],
    data: dict[str, Any],
    prefix: str = "",
    skip: Iterable = (),
) -> None:
    """The model field checks a form runs (length, e-mail, URL, choices) on the given values."""
    for key, value in data.items():
        if key in skip:
            continue
        try:
            # `data` holds the model's own (concrete) fields.
            cast(models.Field, model._meta.get_field(key)).clean(value, None)
        except ValidationError as exc:
            errors.extend({"field": prefix + key, "message": m} for m in exc.messages)


def _normalized(
    errors: list[dict[str, str]], func: Callable, data: dict[str, Any], prefix: str = ""
) -> tuple[dict[str, Any], set[str]]:
    """Runs account_normalize / contact_normalize; returns the data and the fields that failed."""
    try:
        return func(data), set()
    except ValidationError as exc:
        failed = set()
        for name, messages in exc.message_dict.items():
            failed.add(name)
            errors.extend({"field": prefix + name, "message": str(m)} for m in messages)
    # The other values normalised all the same (a row imported without its bad phone number
    # still gets its KvK number in the stored form).
    rest = {k: v for k, v in data.items() if k not in failed}
    try:
        return func(rest), failed
    except ValidationError:
        return rest, failed


def _prepare_account(values: dict[str, str], errors: list, tables: Tables) -> dict[str, Any]:
    data: dict[str, Any] = {k: values[k] for k in ACCOUNT_KEYS if values.get(k)}
    data["name"] = values.get("name", "")
    for key in ("segment", "tier", "status", "owner", "koers_id", "parent"):
        data.pop(key, None)
    if data.get("website") and "://" not in data["website"]:
        data["website"] = "https://" + data["website"]
    if values.get("visit_country"):
        country = tables.mapped("visit_country", values["visit_country"])
        if country is None:
            errors.append(
                {
                    "field": "visit_country",
                    "message": _("Use a two-letter country code such as NL."),
                }
            )
            data.pop("visit_country")
        else:
            data["visit_country"] = country
            if data.get("postal_postcode"):
                data["postal_country"] = country
    data, failed = _normalized(errors, account_normalize, data)
    if values.get("tier"):
        tier = tables.mapped("tier", values["tier"])
        if tier is None:
            message = _("Unknown tier “%(value)s”: use A, B or C.") % {"value": values["tier"]}
            errors.append({"field": "tier", "message": message})
        else:
            data["tier"] = tier
    if values.get("status"):
        status = tables.mapped("status", values["status"])
        if status is None:
            message = _(
                "Unknown status “%(value)s”: use prospect, customer or former customer."
            ) % {"value": values["status"]}
            errors.append({"field": "status", "message": message})
        else:
            data["status"] = status
    _check_fields(errors, Account, data, skip={*NORMALIZED_ACCOUNT_FIELDS, *failed})
    return data


def _prepare_contact(
    values: dict[str, str], errors: list, tables: Tables
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    if not any(values.get(k) for k in CONTACT_KEYS if k != "contact_koers_id"):
        return None, {}
    first = values.get("contact_first_name", "")
    last = values.get("contact_last_name", "")
    if values.get("contact_name") and not (first or last):
        first, _sep, last = values["contact_name"].partition(" ")
        if not last:
            first, last = "", first
    data: dict[str, Any] = {"first_name": first, "last_name": last}
    for key in ("email", "phone", "mobile"):
        if values.get(f"contact_{key}"):
            data[key] = values[f"contact_{key}"]
    if values.get("contact_preferred_language"):
        raw = values["contact_preferred_language"]
        language = tables.mapped("contact_preferred_language", raw)
        if language is None:
            message = _("Unknown language “%(value)s”: use nl or en.") % {"value": raw}
            errors.append({"field": "contact_preferred_language", "message": message})
        else:
            data["preferred_language"] = language
    data, failed = _normalized(errors, contact_normalize, data, prefix="contact_")
    skip = {*NORMALIZED_CONTACT_FIELDS, *failed}
    _check_fields(errors, Contact, data, prefix="contact_", skip=skip)
    position: dict[str, str] = {}
    if values.get("contact_job_title"):
        position["job_title"] = values["contact_job_title"]
    if values.get("contact_buying_role"):
        role = tables.mapped("contact_buying_role", values["contact_buying_role"])
        if role is None:
            message = _("Unknown buying role “%(value)s”.") % {
                "value": values["contact_buying_role"]
            }
            errors.append({"field": "contact_buying_role", "message": message})
        else:
            position["buying_role"] = role
    _check_fields(errors, Position, position, prefix="contact_")
    return data, position


def _koers_id(key: str, value: str, errors: list[dict[str, str]]) -> int | None:
    if not value:
        return None
    if value.isascii() and value.isdigit() and 0 < len(value) < 19:
        return int(value)
    message = _("A Koers id is a number, as in Koers's own export.")
    errors.append({"field": key, "message": message, "value": value})
    return None


def _formulas_by_row(
    headers: list[str], mapping: dict[str, str], formulas: Mapping[str, str]
) -> dict[int, dict[str, str]]:
    """{row index: {field key: formula}} of the mapped cells that hold a formula."""
    out: dict[int, dict[str, str]] = {}
    for where, formula in formulas.items():
        row, _sep, column = where.partition(":")
        col = int(column)
        key = mapping.get(headers[col], "") if col < len(headers) else ""
        if key:
            out.setdefault(int(row), {})[key] = formula
    return out


def _formula_error(key: str, formula: str) -> dict[str, str]:
    message = _(
        "This cell holds the formula %(formula)s and no value. Replace the formula by its "
        "value (copy, paste as values) or save the file in Excel again."
    ) % {"formula": formula}
    return {"field": key, "message": message, "value": formula}


def _drop(
    errors: list[dict[str, str]], account: dict[str, Any], contact: dict[str, Any] | None
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(the errors left, the values dropped): a bad optional value is left out of the row."""
    kept, dropped = [], []
    for error in errors:
        key = error["field"]
        if key not in DROPPABLE:
            kept.append(error)
            continue
        dropped.append(error)
        if key.startswith("contact_"):
            (contact or {}).pop(key.removeprefix("contact_"), None)
        else:
            account.pop(key, None)
    return kept, dropped


def prepare_rows(
    *,
    headers: list[str],
    rows: list[list[str]],
    mapping: dict[str, str],
    progress: Callable[[int], None] | None = None,
    formulas: Mapping[str, str] | None = None,
    drop_values: bool = False,
    value_maps: Mapping[str, Mapping[str, str]] | None = None,
) -> list[dict[str, Any]]:
    """Each row checked on its own; JSON-serialisable, kept with the job for the import.

    Each error names the field, the message and the value from the file. With `drop_values` a
    bad value in an optional field (DROPPABLE) is left out of the row instead of keeping the
    row out: it is listed under "dropped". `value_maps` are the user's value mappings
    ({field key: {value_key: Koers value}}, values.py)."""
    tables = Tables(value_maps)
    by_row = _formulas_by_row(headers, mapping, formulas or {})
    prepared = []
    for index, row in enumerate(rows):
        if not row:
            continue
        values = row_values(headers, mapping, row)
        raw = dict(values)
        in_formula = by_row.get(index, {})
        for key in in_formula:
            values[key] = ""
        errors: list[dict[str, str]] = []
        # A row with a contact's Koers id and no account name changes that contact only.
        contact_only = bool(values.get("contact_koers_id")) and not values.get("name")
        account = {} if contact_only else _prepare_account(values, errors, tables)
        contact, position = _prepare_contact(values, errors, tables)
        errors = [
            *(_formula_error(key, formula) for key, formula in in_formula.items()),
            *(e for e in errors if e["field"] not in in_formula),
        ]
        for error in errors:
            error.setdefault("value", raw.get(error["field"], ""))
        dropped: list[dict[str, str]] = []
        if drop_values:
            errors, dropped = _drop(errors, account, contact)
        ext, kvk, est = _identifiers(values)
        koers_id = _koers_id("koers_id", values.get("koers_id", ""), errors)
        contact_id = _koers_id("contact_koers_id", values.get("contact_koers_id", ""), errors)
        prepared.append(
            {
                "row": index + 2,
                "errors": errors,
                "dropped": dropped,
                "account": account,
                "segment": values.get("segment", ""),
                "owner": values.get("owner", ""),
                "parent": values.get("parent", ""),
                "id": koers_id,
                "contact_id": contact_id,
                "contact_only": contact_only,
                "ext": ext,
                "kvk": kvk,
                "est": est,
                "contact": contact,
                "position": position,
            }
        )
        if progress is not None and len(prepared) % PROGRESS_EVERY == 0:
            progress(len(prepared))
    return prepared
