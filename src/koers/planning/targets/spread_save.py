"""Saving a spread's parts in bulk (docs/decisions.md, 156): an account manager's target spread
over 34,000 account x product group rows made as many targets one `save()` at a time, each
with its own lock, read and history row (1,000 parts about 2 s on SQLite).

Here the targets of the spread's level and period are read and locked in one query, the new
ones are inserted with `bulk_create` and the changed ones written with `bulk_update`, each in
batches and each with its history rows (simple_history's bulk helpers, so the history shows
what one save at a time showed: a "+" row per new target, a "~" row per changed one, none for
an unchanged one). The caller (`services.target_spread_parts`) runs it inside its transaction,
after the checks of `targets_upsert` (`services._check`) and of the spread's parts: it writes
what it is given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from koers.accounts.models import Account
from koers.core.models import User
from koers.planning.models.targets import Target, TargetLevel, target_key

# Rows per INSERT or UPDATE; Django lowers it further where the database allows fewer
# parameters per statement (SQLite: 999).
BATCH = 500
CHANGED_FIELDS = ["amount", "stretch", "updated_by", "version", "updated_at"]


@dataclass(frozen=True, slots=True)
class Planned:
    """One part's target: its level, its checked ids (every link, None where the level has
    none) and its amount."""

    level: str
    ids: dict[str, int | None]
    amount: Decimal

    @property
    def key(self) -> str:
        return target_key(self.level, self.ids)


def _stored(source: Target, level: str) -> QuerySet[Target]:
    """The targets of `level` for the source's measure and period that a spread of `source`
    may touch, locked: every part is the account manager's own (checked before), so their
    own accounts that are not branches, or their own product groups. A scope rather than a
    list of thousands of keys, which SQLite could not even take as parameters."""
    found = Target.objects.select_for_update().filter(
        measure=source.measure,
        level=level,
        year=source.year,
        period_kind=source.period_kind,
        period=source.period,
    )
    if level == TargetLevel.USER_GROUP:
        return found.filter(user=source.user_id)
    own = Account.objects.filter(owner=source.user_id, parent__isnull=True)
    return found.filter(account__in=own.values("pk"))


def save_parts(actor: User, source: Target, planned: Sequence[Planned]) -> list[Target]:
    """Makes or changes the target of each planned part (the source's measure and period, no
    stretch, as `targets_upsert` sets a row without one), in the order given. An unchanged
    target is not written: the same spread twice writes nothing the second time."""
    if not planned:
        return []
    levels = {p.level for p in planned}
    stored = {t.key: t for level in levels for t in _stored(source, level)}
    now = timezone.now()
    new: list[Target] = []
    changed: list[Target] = []
    saved: list[Target] = []
    for part in planned:
        found = stored.get(part.key)
        if found is None:
            found = Target(
                measure=source.measure,
                level=part.level,
                key=part.key,
                year=source.year,
                period_kind=source.period_kind,
                period=source.period,
                **{f"{name}_id": value for name, value in part.ids.items()},
                amount=part.amount,
                stretch=None,
                updated_by=actor,
            )
            new.append(found)
        elif found.amount != part.amount or found.stretch is not None:
            found.amount, found.stretch, found.updated_by = part.amount, None, actor
            found.version += 1
            found.updated_at = now  # bulk_update does not fill auto_now
            changed.append(found)
        saved.append(found)
    if new:
        # Keeps the objects' order and gives them their ids (RETURNING on both databases).
        bulk_create_with_history(new, Target, batch_size=BATCH)
    if changed:
        bulk_update_with_history(changed, Target, CHANGED_FIELDS, batch_size=BATCH)
    return saved
