"""The customer file a check needs, read up front in a few queries (checking.py): owners,
segments, the existing accounts the rows may update, and their current contacts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Q

from koers.accounts.models import Account, Position, Segment
from koers.core import access
from koers.core.models import Role, User

# Identifier lists longer than this are looked up in several queries (SQLite's bound-parameter
# limit); files up to this size need one query per lookup.
LOOKUP_CHUNK = 5000

_T = TypeVar("_T")

OWNER_ROLES = (Role.ACCOUNT_MANAGER, Role.MANAGER, Role.ADMIN)


@dataclass
class Lookups:
    owners: dict[str, list[User]]
    users: dict[int, User]
    segments: dict[str, Segment]
    segments_by_pk: dict[int, Segment]
    by_id: dict[int, Account]
    by_external_id: dict[str, Account]
    by_kvk: dict[str, list[Account]]
    writable: set[int]
    positions: dict[int, list[Position]]


def _chunks(items: list[_T], size: int = LOOKUP_CHUNK) -> Iterable[list[_T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_lookups(
    *, actor: User, prepared: list[dict[str, Any]], with_contacts: bool, lock: bool
) -> Lookups:
    owners: dict[str, list[User]] = {}
    users: dict[int, User] = {}
    for user in User.objects.filter(is_active=True, role__in=OWNER_ROLES):
        users[user.pk] = user
        keys = {user.username.lower(), user.get_full_name().lower()}
        if user.email:
            keys.add(user.email.lower())
        for key in keys - {""}:
            owners.setdefault(key, []).append(user)
    all_segments = list(Segment.objects.all())
    segments = {s.name.lower(): s for s in all_segments}

    ext_ids = sorted({p["ext"] for p in prepared if p["ext"]})
    kvks = sorted({p["kvk"] for p in prepared if p["kvk"]})
    pks = sorted({p["id"] for p in prepared if p.get("id")})
    found: dict[int, Account] = {}
    for part in range(max(len(ext_ids), len(kvks), len(pks), 1) // LOOKUP_CHUNK + 1):
        ext_part = ext_ids[part * LOOKUP_CHUNK : (part + 1) * LOOKUP_CHUNK]
        kvk_part = kvks[part * LOOKUP_CHUNK : (part + 1) * LOOKUP_CHUNK]
        pk_part = pks[part * LOOKUP_CHUNK : (part + 1) * LOOKUP_CHUNK]
        if not ext_part and not kvk_part and not pk_part:
            continue
        query = Account.objects.filter(
            Q(external_id__in=ext_part) | Q(kvk_number__in=kvk_part) | Q(pk__in=pk_part)
        )
        if lock:
            query = query.select_for_update(of=("self",))
        found.update((a.pk, a) for a in query.order_by("pk"))
    by_external_id: dict[str, Account] = {}
    by_kvk: dict[str, list[Account]] = {}
    for account in found.values():
        if account.external_id:
            by_external_id.setdefault(account.external_id, account)
        if account.kvk_number:
            by_kvk.setdefault(account.kvk_number, []).append(account)

    writable: set[int] = set()
    positions: dict[int, list[Position]] = {}
    ids = sorted(found)
    for id_part in _chunks(ids):
        writable.update(
            access.accounts_writable(actor).filter(pk__in=id_part).values_list("pk", flat=True)
        )
        if with_contacts:
            current = Position.objects.filter(account_id__in=id_part, end_date__isnull=True)
            for position in current.select_related("contact").order_by("pk"):
                positions.setdefault(position.account_id, []).append(position)
    return Lookups(
        owners=owners,
        users=users,
        segments=segments,
        segments_by_pk={s.pk: s for s in all_segments},
        by_id=found,
        by_external_id=by_external_id,
        by_kvk=by_kvk,
        writable=writable,
        positions=positions,
    )
