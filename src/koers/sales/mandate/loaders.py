"""The inputs of the mandate rules, read from the database: whose mandate holds on a day, the
product groups' caps, a deal's approved room, and who approves a step for an owner."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Q

from koers.core import access
from koers.core.models import Level, Role, Team, User
from koers.sales.mandate.rules import DealRoom, EffectiveMandate, Step
from koers.sales.models import (
    ApprovalDelegation,
    GroupDiscountCap,
    LevelMandate,
    PersonalMandate,
    ProductGroup,
)
from koers.sales.models.mandates import Limits
from koers.sales.models.opportunities import Opportunity

# Users without a level (managers, inside sales, administrators making a quote) get the
# narrowest classified mandate: level A's (docs/decisions.md, "The mandate rules").
FALLBACK_LEVEL = Level.A


def personal_mandate_on(user: User, on: date) -> PersonalMandate | None:
    """The personal mandate that holds on `on`: of those whose period contains the day, the
    one that started last (a new one replaces an old one without ending it)."""
    current = Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    return (
        PersonalMandate.objects.filter(current, user=user, valid_from__lte=on)
        .order_by("-valid_from", "-pk")
        .first()
    )


def _mandate(row: Limits | None, *, level: str, personal_id: int | None = None) -> EffectiveMandate:
    if row is None:  # an administrator removed the level by hand: nothing on one's own
        none, all_ = Decimal("0"), Decimal("100")
        return EffectiveMandate(none, none, all_, none, none, all_, level=level)
    return EffectiveMandate(
        max_line_discount=row.max_line_discount,
        max_total_discount=row.max_total_discount,
        min_margin=row.min_margin,
        far_line_discount=row.far_line_discount,
        far_total_discount=row.far_total_discount,
        far_min_margin=row.far_min_margin,
        source="level" if personal_id is None else "personal",
        level=level,
        personal_id=personal_id,
    )


def level_mandate(level: str) -> EffectiveMandate:
    return _mandate(LevelMandate.objects.filter(level=level).first(), level=level)


def effective_mandate(user: User, on: date) -> EffectiveMandate:
    """The personal mandate holding on `on`, else the mandate of the user's level."""
    level = user.level or FALLBACK_LEVEL
    personal = personal_mandate_on(user, on)
    if personal is not None:
        return _mandate(personal, level=level, personal_id=personal.pk)
    return level_mandate(level)


def effective_mandates(people: list[User], on: date) -> dict[int, EffectiveMandate]:
    """`effective_mandate` of many people in two queries (a manager's team page)."""
    levels = {row.level: row for row in LevelMandate.objects.all()}
    current = Q(valid_until__isnull=True) | Q(valid_until__gte=on)
    personal: dict[int, PersonalMandate] = {}
    rows = PersonalMandate.objects.filter(current, user__in=people, valid_from__lte=on)
    for row in rows.order_by("valid_from", "pk"):
        personal[row.user_id] = row  # the one that started last wins
    found = {}
    for person in people:
        level = person.level or FALLBACK_LEVEL
        own = personal.get(person.pk)
        if own is not None:
            found[person.pk] = _mandate(own, level=level, personal_id=own.pk)
        else:
            found[person.pk] = _mandate(levels.get(level), level=level)
    return found


def group_caps() -> dict[int, Decimal]:
    """Each product group's cap on a line's discount; a subgroup without a cap of its own has
    its main group's (two levels, see ProductGroup)."""
    caps = dict(GroupDiscountCap.objects.values_list("product_group_id", "max_discount"))
    for pk, parent in ProductGroup.objects.filter(parent__isnull=False).values_list(
        "pk", "parent_id"
    ):
        if pk not in caps and parent in caps:
            caps[pk] = caps[parent]
    return caps


def room_of(opportunity: Opportunity | None) -> DealRoom | None:
    """The deal's negotiation room once a manager approved it and it sets any bound."""
    if opportunity is None or opportunity.room_approved_by_id is None:
        return None
    bounds = (
        opportunity.room_max_discount,
        opportunity.room_min_margin,
        opportunity.room_lowest_price,
    )
    if all(bound is None for bound in bounds):
        return None
    approver = opportunity.room_approved_by
    return DealRoom(
        max_discount=opportunity.room_max_discount,
        min_margin=opportunity.room_min_margin,
        lowest_price=opportunity.room_lowest_price,
        approved_far=approver is not None and access.can_approve_far_beyond(approver),
    )


def delegates_on(managers: list[User], on: date) -> dict[int, User]:
    """manager id -> the manager who approves instead of them on `on`."""
    rows = ApprovalDelegation.objects.filter(
        manager__in=managers, starts_on__lte=on, ends_on__gte=on, delegate__is_active=True
    ).select_related("delegate")
    return {row.manager_id: row.delegate for row in rows.order_by("starts_on", "pk")}


def team_managers(owner: User) -> list[User]:
    teams = Team.objects.filter(members=owner, manager__isnull=False, manager__is_active=True)
    found: dict[int, User] = {}
    for team in teams.select_related("manager"):
        if team.manager is not None and team.manager.pk != owner.pk:
            found[team.manager.pk] = team.manager
    return [found[pk] for pk in sorted(found)]


def directors() -> list[User]:
    rows = User.objects.filter(is_active=True).filter(
        Q(role__in=[Role.SALES_DIRECTOR, Role.ADMIN]) | Q(is_superuser=True)
    )
    return list(rows.order_by("first_name", "last_name", "pk"))


def approvers_for(owner: User, step: Step, on: date) -> list[User]:
    """Who approves `step` for a quote of `owner` on `on`: the managers of the owner's teams,
    each replaced by their delegate while away (administrators when the owner has no team
    manager); for "director", the sales directors and administrators."""
    if step == "none":
        return []
    if step == "director":
        return directors()
    managers = team_managers(owner)
    if not managers:
        return [u for u in directors() if u.is_admin and u.pk != owner.pk]
    delegates = delegates_on(managers, on)
    chosen: dict[int, User] = {}
    for manager in managers:
        approver = delegates.get(manager.pk, manager)
        if approver.pk != owner.pk:
            chosen.setdefault(approver.pk, approver)
    return list(chosen.values())


def may_approve(user: User, owner: User, step: Step, on: date) -> bool:
    """Whether `user` may approve `step` for `owner`'s quote: one of `approvers_for`, or a
    manager of the owner's team who delegated but is back early. Never the owner."""
    if step == "none" or user.pk == owner.pk or not user.is_active:
        return False
    if step == "director":
        return access.can_approve_far_beyond(user)
    if any(u.pk == user.pk for u in approvers_for(owner, step, on)):
        return True
    return any(m.pk == user.pk for m in team_managers(owner))
