"""Writes of targets: set one cell, upsert many (the grid's save, the XLSX import and the API's
bulk upsert share `targets_upsert`), spread a year over months by a profile, spread a person's
target over accounts or product groups, and keep spreading profiles. One transaction each;
a refused or invalid row leaves nothing saved."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Segment
from koers.core.errors import NotAllowed
from koers.core.models import Team, User
from koers.core.writes import acting_as
from koers.planning.models.targets import (
    LEVEL_FIELDS,
    LINK_FIELDS,
    MONTHS,
    PERIOD_COUNTS,
    PeriodKind,
    SpreadKind,
    SpreadProfile,
    Target,
    TargetLevel,
    target_key,
)
from koers.planning.targets import queries, spread_parts, spread_save
from koers.planning.targets.spreading import SpreadError, check_percentages, month_weights, split
from koers.sales.models import ProductGroup

MAX_AMOUNT = Decimal("999999999999.99")


@dataclass(frozen=True)
class TargetRow:
    """One target to set: `amount` None removes it."""

    measure: str
    level: str
    ids: dict[str, int | None]
    year: int
    period_kind: str
    period: int
    amount: Decimal | None
    stretch: Decimal | None = None


@dataclass
class UpsertResult:
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    targets: list[Target] = field(default_factory=list)


def _check(row: TargetRow) -> dict[str, int | None]:
    """The row's ids for its level (others None); a ValidationError names what is wrong."""
    if row.level not in LEVEL_FIELDS:
        raise ValidationError({"level": _("Unknown level.")})
    if row.period_kind not in PERIOD_COUNTS:
        raise ValidationError({"period_kind": _("Unknown period.")})
    if not 1 <= row.period <= PERIOD_COUNTS[PeriodKind(row.period_kind)]:
        message = _("There is no such period in a year (a year is period 1).")
        raise ValidationError({"period": ValidationError(message, code="period")})
    for value, name in ((row.amount, "amount"), (row.stretch, "stretch")):
        if value is not None and not (0 <= value <= MAX_AMOUNT):
            raise ValidationError({name: _("A target is 0 or more.")})
    ids: dict[str, int | None] = dict.fromkeys(LINK_FIELDS)
    for name in LEVEL_FIELDS[row.level]:
        if not row.ids.get(name):
            message = _("This level needs it.")
            raise ValidationError({name: ValidationError(message, code="needs_field")})
        ids[name] = row.ids[name]
    return ids


def _check_exists(level: str, ids: dict[str, int | None]) -> None:
    """Each linked id exists (asked after the access check: an id the actor may not set is
    refused alike whether it exists or not). An account's product group is not set on a
    branch: it counts as an account's target does, where the branch's orders count for its
    chain."""
    links = {"team": Team, "user": User, "account": Account}
    for name, model in (*links.items(), ("product_group", ProductGroup), ("segment", Segment)):
        pk = ids[name]
        if pk and not model.objects.filter(pk=pk).exists():  # type: ignore[attr-defined]
            message = _("There is none with this id.")
            raise ValidationError({name: ValidationError(message, code="not_found")})
    branch = Account.objects.filter(pk=ids["account"] or 0, parent__isnull=False)
    if level == TargetLevel.ACCOUNT_GROUP and branch.exists():
        message = _("Choose the chain: its target counts the orders of its branches.")
        raise ValidationError({"account": ValidationError(message, code="branch")})


def _apply(actor: User, row: TargetRow, result: UpsertResult) -> None:
    ids = _check(row)
    if not queries.can_set(actor, row.level, ids):
        raise NotAllowed
    _check_exists(row.level, ids)
    where = {
        "measure": row.measure,
        "key": target_key(row.level, ids),
        "year": row.year,
        "period_kind": row.period_kind,
        "period": row.period,
    }
    found = Target.objects.select_for_update().filter(**where).first()
    if row.amount is None:
        if found is not None:
            found.delete()
            result.removed += 1
        return
    if found is None:
        result.targets.append(
            Target.objects.create(
                **where,
                level=row.level,
                **{f"{name}_id": value for name, value in ids.items()},
                amount=row.amount,
                stretch=row.stretch,
                updated_by=actor,
            )
        )
        result.created += 1
    elif found.amount == row.amount and found.stretch == row.stretch:
        result.unchanged += 1
        result.targets.append(found)
    else:
        found.amount, found.stretch, found.updated_by = row.amount, row.stretch, actor
        found.version += 1
        found.save(update_fields=["amount", "stretch", "updated_by", "version", "updated_at"])
        result.changed += 1
        result.targets.append(found)


def _in_row(index: int, exc: ValidationError) -> ValidationError:
    """The row's error, named by its place in the list ("targets.3.team"), its code kept."""
    name, (error, *_rest) = next(iter(exc.error_dict.items()))
    message = _("Row %(n)s: %(error)s") % {"n": index + 1, "error": error.message}
    return ValidationError({f"targets.{index}.{name}": ValidationError(message, code=error.code)})


def targets_upsert(*, actor: User, rows: Sequence[TargetRow]) -> UpsertResult:
    """Sets every row, or none: a row the actor may not set (NotAllowed) or an invalid row
    (ValidationError, its index in `row`) undoes them all. The same rows twice change nothing
    the second time."""
    result = UpsertResult()
    with transaction.atomic():
        for index, row in enumerate(rows):
            try:
                _apply(actor, row, result)
            except ValidationError as exc:
                raise _in_row(index, exc) from exc
    return result


def _stored(row: TargetRow) -> Target | None:
    if row.level not in LEVEL_FIELDS:
        return None
    key = target_key(row.level, {**dict.fromkeys(LINK_FIELDS), **row.ids})
    where = {"year": row.year, "period_kind": row.period_kind, "period": row.period}
    return Target.objects.filter(measure=row.measure, key=key, **where).first()


def target_set(*, actor: User, row: TargetRow) -> Target | None:
    """One cell of the grid; the stretch of a year's target stays as it was."""
    with transaction.atomic():
        stored = _stored(row) if row.stretch is None and row.amount is not None else None
        if stored is not None:
            row = replace(row, stretch=stored.stretch)
        result = targets_upsert(actor=actor, rows=[row])
    return result.targets[0] if result.targets else None


def target_stretch_set(*, actor: User, row: TargetRow) -> Target:
    """The stretch beside a year's target in the grid (`row.stretch`; its amount is ignored):
    the target must exist; None clears the stretch."""
    with transaction.atomic():
        stored = _stored(row)
        if stored is None:
            raise ValidationError({"stretch": _("Set the year's target first.")})
        saved = replace(row, amount=stored.amount)
        return targets_upsert(actor=actor, rows=[saved]).targets[0]


def target_spread_months(
    *,
    actor: User,
    measure: str,
    level: str,
    ids: dict[str, int | None],
    year: int,
    profile: SpreadProfile,
) -> list[Target]:
    """Replaces the months of a year's target by the year spread by `profile`."""
    key = target_key(level, {**dict.fromkeys(LINK_FIELDS), **ids})
    year_target = Target.objects.filter(
        measure=measure, key=key, year=year, period_kind=PeriodKind.YEAR
    ).first()
    if year_target is None:
        raise ValidationError({"year": _("Set the year's target first.")})
    group = None
    if year_target.product_group_id:
        group = (year_target.product_group_id, year_target.product_group.code)  # type: ignore[union-attr]
    try:
        parts = split(year_target.amount, month_weights(profile, year, group))
    except SpreadError as exc:
        raise ValidationError({"profile": str(exc)}) from exc
    rows = [
        TargetRow(measure, level, ids, year, PeriodKind.MONTH, month, part)
        for month, part in zip(MONTHS, parts, strict=True)
    ]
    return targets_upsert(actor=actor, rows=rows).targets


SPREAD_LEVELS = (TargetLevel.ACCOUNT, TargetLevel.USER_GROUP, TargetLevel.ACCOUNT_GROUP)
Part = tuple[str, dict[str, int | None], Decimal]


def _part_subject(
    index: int, level: str, ids: dict[str, int | None], allowed: dict[str, set[int]]
) -> tuple[int | None, ...]:
    """The part's account and/or main product group, each one the account manager's own; a
    ValidationError names the part's field."""
    messages = {
        "account": _("Choose one of the account manager's own accounts (not a branch)."),
        "product_group": _("Choose a main product group in use."),
    }
    names = [name for name in LEVEL_FIELDS[level] if name != "user"]
    for name in names:
        if ids.get(name) not in allowed[name]:
            error = ValidationError(messages[name], code="not_found")
            raise ValidationError({f"parts.{index}.{name}": error})
    return tuple(ids.get(name) for name in names)


def _check_parts(source: Target, parts: Sequence[Part]) -> None:
    """Every part is one of the account manager's own accounts (not a branch), a main product
    group in use, or one such account's main product group; each once, all of one kind, with
    a percentage from 0 to 100 and together 100."""
    if not parts:
        raise ValidationError({"parts": _("Give at least one account or product group.")})
    levels = {level for level, _ids, _p in parts}
    if not levels <= set(SPREAD_LEVELS) or len(levels) > 1:
        message = _("Spread over accounts, over product groups or over both.")
        raise ValidationError({"parts": ValidationError(message, code="exclusive")})
    allowed = {
        "account": {a.pk for a in spread_parts.portfolio_of(source.user_id or 0)},
        "product_group": set(
            ProductGroup.objects.filter(parent__isnull=True, active=True).values_list(
                "pk", flat=True
            )
        ),
    }
    seen: set[tuple[int | None, ...]] = set()
    for index, (level, ids, percentage) in enumerate(parts):
        if level == TargetLevel.USER_GROUP and ids.get("user") != source.user_id:
            raise ValidationError({"parts": _("Spread over this account manager's groups.")})
        subject = _part_subject(index, level, ids, allowed)
        if subject in seen:
            name = "account" if ids.get("account") else "product_group"
            error = ValidationError(_("This is named twice."), code="duplicate")
            raise ValidationError({f"parts.{index}.{name}": error})
        seen.add(subject)
        if not (0 <= percentage <= 100):
            message = _("A percentage lies from 0 to 100.")
            raise ValidationError({f"parts.{index}.percentage": message})
    if sum((p for _level, _ids, p in parts), Decimal("0")) != Decimal("100"):
        message = _("The percentages must add up to 100.")
        raise ValidationError({"parts": ValidationError(message, code="total")})


def target_spread_parts(*, actor: User, source: Target, parts: Sequence[Part]) -> list[Target]:
    """Spreads an account manager's target (`source`) over their accounts (level account),
    their product groups (level user_group) or their accounts' product groups (level
    account_group) by percentages adding up to 100, for the same measure and period, in one
    transaction: every part's target is made or changed, or none.

    Who may: who sets the account manager's target, and the account manager themself
    (`spread_parts.may_spread`); the parts are theirs, so no part is checked again against
    who sets account targets (an account manager sets none otherwise).

    Each part's row is checked as `targets_upsert` checks a row (`_check`), then all are
    written in bulk (`spread_save`, decision 156). The source is locked first: two saves of
    the same spread (a retry, a second click) take turns, and the second finds the first's
    targets and changes nothing."""
    if not spread_parts.may_spread(actor, source):
        raise NotAllowed
    with transaction.atomic(), acting_as(actor):
        locked = Target.objects.select_for_update().filter(pk=source.pk).first()
        if locked is None:
            raise ValidationError({"parts": _("This target was removed in the meantime.")})
        _check_parts(locked, parts)
        try:
            amounts = split(locked.amount, [p for _level, _ids, p in parts])
        except SpreadError as exc:
            raise ValidationError({"parts": str(exc)}) from exc
        planned = []
        for index, ((level, ids, _p), amount) in enumerate(zip(parts, amounts, strict=True)):
            if level == TargetLevel.USER_GROUP:
                ids = {**ids, "user": locked.user_id}
            row = TargetRow(
                locked.measure, level, ids, locked.year, locked.period_kind, locked.period, amount
            )
            try:
                checked = _check(row)
            except ValidationError as exc:
                raise _in_row(index, exc) from exc
            planned.append(spread_save.Planned(level, checked, amount))
        return spread_save.save_parts(actor, locked, planned)


def spread_profile_save(
    *, actor: User, name: str, kind: str, percentages: dict[str, Sequence[Decimal]] | None = None
) -> SpreadProfile:
    """Makes or changes the named profile; custom percentages add up to 100 per row."""
    if not queries.may_set_any(actor):
        raise NotAllowed
    if kind not in SpreadKind.values:
        raise ValidationError({"kind": _("Unknown kind.")})
    stored: dict[str, Any] = {}
    for group, values in (percentages or {}).items():
        try:
            check_percentages(values)
        except SpreadError as exc:
            raise ValidationError({"percentages": str(exc)}) from exc
        stored[group] = [str(v) for v in values]
    if kind == SpreadKind.CUSTOM and "" not in stored:
        raise ValidationError({"percentages": _("Give the percentages of every month.")})
    with transaction.atomic():
        profile, _created = SpreadProfile.objects.update_or_create(
            name=name, defaults={"kind": kind, "percentages": stored, "created_by": actor}
        )
    return profile


__all__ = [
    "TargetLevel",
    "TargetRow",
    "UpsertResult",
    "spread_profile_save",
    "target_set",
    "target_spread_months",
    "target_spread_parts",
    "target_stretch_set",
    "targets_upsert",
]
