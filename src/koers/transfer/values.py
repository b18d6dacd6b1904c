"""Value mapping: the values of a file that must match something in Koers (an account manager, a
segment, a tier, a status, a buying role, a country, a language) are one decision per distinct
value, not one error per row.

The dry run lists each such column's distinct values with their counts and what they match
(`value_report`, stored in the job's report); the user maps the unknown ones on the preview
(`koers_choices` are the selects), and the mapping is kept with the job's options and its saved
column mapping as {field key: {value_key(value): Koers value}} (docs/decisions.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.conf import settings
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from koers.accounts.models import AccountStatus, BuyingRole, Segment, Tier
from koers.core import access
from koers.core.models import User
from koers.transfer.choices import Tables, value_key
from koers.transfer.lookups import OWNER_ROLES
from koers.transfer.preparing import row_values

# The columns whose values must match something in Koers, in the order the preview shows them.
VALUE_KEYS = (
    "owner",
    "segment",
    "tier",
    "status",
    "visit_country",
    "contact_buying_role",
    "contact_preferred_language",
)
# Distinct values listed per column (a column of free text mapped here by mistake would
# otherwise list every row); the rest still count, and their rows name the value.
VALUES_LISTED = 100
Choices = dict[str, list[tuple[str, str]]]


def _countries() -> list[tuple[str, str]]:
    names = {
        "NL": _("Netherlands"),
        "BE": _("Belgium"),
        "DE": _("Germany"),
        "FR": _("France"),
        "LU": _("Luxembourg"),
        "GB": _("United Kingdom"),
    }
    return [(code, f"{code} · {name}") for code, name in names.items()]


def owner_choices(actor: User) -> list[User]:
    """Whom the importer may make an account's manager: anyone who owns accounts for a manager
    or administrator, themselves for an account manager (one query)."""
    if not access.can_assign_owner(actor):
        return [actor]
    users = User.objects.filter(is_active=True, role__in=OWNER_ROLES)
    return list(users.order_by("first_name", "last_name", "username"))


def koers_choices(actor: User, keys: Iterable[str] = VALUE_KEYS) -> Choices:
    """The Koers values each of `keys` may be mapped to, as (value, label); a query for the
    owners and one for the segments, when asked."""
    makers: dict[str, Callable[[], list[tuple[str, str]]]] = {
        "owner": lambda: [
            (str(u.pk), u.get_full_name() or u.username) for u in owner_choices(actor)
        ],
        "segment": lambda: [(str(s.pk), s.name) for s in Segment.objects.order_by("name")],
        "tier": lambda: [(str(c.value), str(c.label)) for c in Tier],
        "status": lambda: [(str(c.value), str(c.label)) for c in AccountStatus],
        "visit_country": _countries,
        "contact_buying_role": lambda: [(str(c.value), str(c.label)) for c in BuyingRole],
        "contact_preferred_language": lambda: [
            (code, capfirst(str(name))) for code, name in settings.LANGUAGES
        ],
    }
    return {key: makers[key]() for key in dict.fromkeys(keys)}


def _owner_guesses() -> dict[str, str]:
    """value_key of a username, full name or e-mail address -> the user, when only one fits."""
    found: dict[str, set[str]] = {}
    for user in User.objects.filter(is_active=True, role__in=OWNER_ROLES):
        for name in (user.username, user.get_full_name(), user.email):
            if name:
                found.setdefault(value_key(name), set()).add(str(user.pk))
    return {key: next(iter(pks)) for key, pks in found.items() if len(pks) == 1}


def _distinct(
    headers: list[str], mapping: dict[str, str], rows: list[list[str]]
) -> dict[str, dict[str, list[Any]]]:
    """{field key: {value_key: [the value as first written, rows]}} of the value columns."""
    keys = [k for k in VALUE_KEYS if k in mapping.values()]
    out: dict[str, dict[str, list[Any]]] = {k: {} for k in keys}
    for row in rows:
        if not row:
            continue
        values = row_values(headers, mapping, row)
        for key in keys:
            value = values.get(key, "")
            if value:
                entry = out[key].setdefault(value_key(value), [value, 0])
                entry[1] += 1
    return out


def value_report(
    *,
    headers: list[str],
    mapping: dict[str, str],
    rows: list[list[str]],
    values: Mapping[str, Mapping[str, str]] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Per value column, its distinct values: the value, its rows, Koers's own match ("guess")
    and the user's ("chosen"); unknown ones first, then by rows. Two queries at most."""
    distinct = _distinct(headers, mapping, rows)
    tables = Tables()
    chosen_all = values or {}
    owners = _owner_guesses() if distinct.get("owner") else {}
    segments = (
        {value_key(s.name): str(s.pk) for s in Segment.objects.all()}
        if distinct.get("segment")
        else {}
    )
    report: dict[str, list[dict[str, Any]]] = {}
    for key, found in distinct.items():
        if not found:
            continue
        chosen = chosen_all.get(key, {})
        entries = []
        for norm, (value, count) in found.items():
            if key == "owner":
                guess = owners.get(norm)
            elif key == "segment":
                guess = segments.get(norm)
            else:
                guess = tables.guess(key, value)
            entries.append(
                {
                    "key": norm,
                    "value": value,
                    "count": count,
                    "guess": guess or "",
                    "chosen": chosen.get(norm, ""),
                }
            )
        entries.sort(key=lambda e: (bool(e["guess"] or e["chosen"]), -e["count"], e["value"]))
        report[key] = entries[:VALUES_LISTED]
    return report


def clean_values(
    *, actor: User, posted: Mapping[str, Mapping[str, str]], choices: Choices | None = None
) -> dict[str, dict[str, str]]:
    """The user's value mappings, each checked against what they may choose; an empty choice
    drops the mapping. Raises ValueError naming the first value that may not be chosen."""
    for key in posted:
        if key not in VALUE_KEYS:
            raise ValueError(key)
    choices = choices if choices is not None else koers_choices(actor, posted)
    out: dict[str, dict[str, str]] = {}
    for key, mapped in posted.items():
        allowed = {value for value, _label in choices[key]}
        for norm, koers_value in mapped.items():
            if not koers_value:
                continue
            if koers_value not in allowed:
                raise ValueError(key)
            out.setdefault(key, {})[norm] = koers_value
    return out


DEFAULT_KEYS = ("status", "tier", "owner")


def clean_defaults(
    *, actor: User, posted: Mapping[str, str], choices: Choices | None = None
) -> dict[str, str]:
    """The defaults for new accounts (status, tier, owner), each one the user may choose; an
    empty one is no default. Raises ValueError naming the first that may not be chosen."""
    for key in posted:
        if key not in DEFAULT_KEYS:
            raise ValueError(key)
    choices = choices if choices is not None else koers_choices(actor, posted)
    out: dict[str, str] = {}
    for key, value in posted.items():
        if not value:
            continue
        if value not in {v for v, _label in choices[key]}:
            raise ValueError(key)
        out[key] = value
    return out
