"""Writes to users and teams, made by administrators on the administration pages.

One transaction each (`@service`), keyword-only, the acting user first; refusals raise
NotAllowed, bad input a ValidationError naming the field.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import Role, Team, User
from koers.core.writes import service

USER_FIELDS = ("username", "first_name", "last_name", "email", "role", "level", "is_active")
TEAM_FIELDS = ("name", "manager")


def require_settings_manager(actor: User) -> None:
    """The refusal every administration write starts with (users, teams, segments)."""
    if not access.can_manage_settings(actor):
        raise NotAllowed(_("Only administrators manage users, teams and segments."))


def _apply_user_data(user: User, data: dict[str, Any]) -> None:
    for field in USER_FIELDS:
        if field in data:
            setattr(user, field, data[field])
    # The level A/B/C classifies account managers only (it sets their discount mandate).
    if user.role != Role.ACCOUNT_MANAGER:
        user.level = ""
    if "role" in data:
        # Django's admin stays the emergency tool (a lost authenticator device), so an
        # administrator made here can open it, and someone who stops being one cannot.
        user.is_staff = user.is_superuser = user.role == Role.ADMIN


def _check_not_locking_out(actor: User, user: User) -> None:
    """An administrator cannot end their own administration: someone must be left to do it."""
    if user.pk != actor.pk:
        return
    if not user.is_active:
        raise ValidationError({"is_active": [_("You cannot deactivate yourself.")]})
    if not user.is_admin:
        raise ValidationError({"role": [_("You cannot take away your own administrator role.")]})


@service
def user_create(
    *, actor: User, data: dict[str, Any], password: str, teams: Iterable[Team] = ()
) -> User:
    """A new colleague who signs in with `password` (checked by the password validators)."""
    require_settings_manager(actor)
    user = User(language=data.get("language") or "nl")
    _apply_user_data(user, data)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.teams.set(list(teams))
    return user


@service
def user_update(
    *, actor: User, user: User, data: dict[str, Any], teams: Iterable[Team] | None = None
) -> User:
    """Changes name, e-mail, username, role, level, active; `teams`: the teams they are in."""
    require_settings_manager(actor)
    locked = User.objects.select_for_update().get(pk=user.pk)
    _apply_user_data(locked, data)
    _check_not_locking_out(actor, locked)
    locked.full_clean()
    locked.save()
    if teams is not None:
        locked.teams.set(list(teams))
    return locked


@service
def user_set_password(*, actor: User, user: User, password: str) -> User:
    """A new password chosen by an administrator; the user's other sessions end with it."""
    require_settings_manager(actor)
    password_validation.validate_password(password, user)
    locked = User.objects.select_for_update().get(pk=user.pk)
    locked.set_password(password)
    locked.save(update_fields=["password"])
    return locked


def _check_manager(manager: User | None) -> None:
    if manager is not None and manager.role != Role.MANAGER:
        raise ValidationError({"manager": [_("The manager of a team must have the role Manager.")]})


@service
def team_create(*, actor: User, data: dict[str, Any], members: Iterable[User] = ()) -> Team:
    require_settings_manager(actor)
    team = Team(name=data.get("name", ""), manager=data.get("manager"))
    _check_manager(team.manager)
    team.full_clean()
    team.save()
    team.members.set(list(members))
    return team


@service
def team_update(
    *, actor: User, team: Team, data: dict[str, Any], members: Iterable[User] | None = None
) -> Team:
    """Renames the team, changes its manager; `members`: who is in it now."""
    require_settings_manager(actor)
    locked = Team.objects.select_for_update().get(pk=team.pk)
    for field in TEAM_FIELDS:
        if field in data:
            setattr(locked, field, data[field])
    _check_manager(locked.manager)
    locked.full_clean()
    locked.save()
    if members is not None:
        locked.members.set(list(members))
    return locked
