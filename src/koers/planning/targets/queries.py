"""Who reads and who sets which targets (issue 15, access).

Read: administrators, marketing and the sales director read every target; a manager the
company-wide ones (company, product group, segment), their teams', their teams' people's and
those of the accounts they read; anybody else their own and those of the accounts they read.
Set: administrators all; a manager the company-wide ones, their own teams', their teams'
people's and those of the accounts they may change; nobody else (account managers propose
theirs in a sales plan).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from koers.core import access
from koers.core.models import Role, Team, User
from koers.planning.models.targets import Target, TargetLevel

COMPANY_WIDE = (TargetLevel.COMPANY, TargetLevel.PRODUCT_GROUP, TargetLevel.SEGMENT)
# Read with the account, set by who may change it (an account's product group too).
ACCOUNT_LEVELS = (TargetLevel.ACCOUNT, TargetLevel.BRANCH, TargetLevel.ACCOUNT_GROUP)
PERSON_LEVELS = (TargetLevel.USER, TargetLevel.USER_GROUP)


def _is_manager(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role == Role.MANAGER)


def team_people(user: User) -> QuerySet[User]:
    """The people of the teams `user` manages."""
    return User.objects.filter(teams__manager=user).distinct()


def _readable(user: User) -> Q:
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if access.reads_everything(user):
        return Q()
    accounts = Q(level__in=ACCOUNT_LEVELS, account__in=access.accounts_readable(user).values("pk"))
    own = Q(level__in=PERSON_LEVELS, user=user)
    if not _is_manager(user):
        return own | accounts
    people = User.objects.filter(teams__manager=user).values("pk")
    return (
        own
        | accounts
        | Q(level__in=COMPANY_WIDE)
        | Q(level=TargetLevel.TEAM, team__manager=user)
        | Q(level__in=PERSON_LEVELS, user__in=people)
    )


def targets_readable(user: User) -> QuerySet[Target]:
    return Target.objects.filter(_readable(user))


def can_set(user: User, level: str, ids: dict[str, Any]) -> bool:
    """May `user` set the target of this level and these ids?"""
    pks = {name: ids.get(name) or 0 for name in ("team", "user", "account")}
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_admin:
        return True
    if not _is_manager(user):
        return False
    if level in COMPANY_WIDE:
        return True
    if level == TargetLevel.TEAM:
        return Team.objects.filter(pk=pks["team"], manager=user).exists()
    if level in PERSON_LEVELS:
        return team_people(user).filter(pk=pks["user"]).exists()
    return access.accounts_writable(user).filter(pk=pks["account"]).exists()


def may_set_any(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and (user.is_admin or _is_manager(user)))


def reads_company(user: User) -> bool:
    """The company's view of targets: administrators, marketing, the sales director, managers."""
    return access.reads_everything(user) or _is_manager(user)


def may_explain(user: User, target: Target) -> bool:
    """May `user` record the cause of `target`'s deviation? Its owner (the account manager of
    a person's target, the manager of a team's, the account manager of an account's) and
    whoever may set it; marketing never (reads only)."""
    if not (user.is_authenticated and user.is_active) or access.changes_nothing(user):
        return False
    if target.level in PERSON_LEVELS and target.user_id == user.pk:
        return True
    if target.level == TargetLevel.TEAM and target.team and target.team.manager_id == user.pk:
        return True
    if target.level in ACCOUNT_LEVELS and target.account and target.account.owner_id == user.pk:
        return True
    return can_set(user, target.level, target.ids)


def explainable(user: User, targets: list[Target]) -> set[int]:
    """The pks of `targets` whose deviation `user` may explain (`may_explain`), in at most
    three queries whatever their number."""
    if not (user.is_authenticated and user.is_active) or access.changes_nothing(user):
        return set()
    if user.is_admin:
        return {t.pk for t in targets}
    manager = _is_manager(user)
    people = set(team_people(user).values_list("pk", flat=True)) if manager else set()
    teams = (
        set(Team.objects.filter(manager=user).values_list("pk", flat=True)) if manager else set()
    )
    accounts = {t.account_id for t in targets if t.level in ACCOUNT_LEVELS}
    writable = (
        set(access.accounts_writable(user).filter(pk__in=accounts).values_list("pk", flat=True))
        if manager and accounts
        else set()
    )
    found = set()
    for t in targets:
        mine = (
            (t.level in PERSON_LEVELS and t.user_id in {user.pk, *people})
            or (t.level == TargetLevel.TEAM and t.team_id in teams)
            or (t.level in ACCOUNT_LEVELS and (t.account_id in writable or _owns(user, t)))
            or (manager and t.level in COMPANY_WIDE)
        )
        if mine:
            found.add(t.pk)
    return found


def _owns(user: User, target: Target) -> bool:
    return target.account is not None and target.account.owner_id == user.pk


def teams_for(user: User) -> QuerySet[Team]:
    """The teams whose grid `user` may open."""
    if access.reads_everything(user):
        return Team.objects.all()
    if _is_manager(user):
        return Team.objects.filter(manager=user)
    return Team.objects.none()
