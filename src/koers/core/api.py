"""Users and teams, read only (they are managed by administrators in the admin)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, Id, PageOut, SearchText
from koers.core import access
from koers.core.http import ApiRequest
from koers.core.models import Level, Role, Team, User


class UserOut(Schema):
    id: int
    username: str
    first_name: str
    last_name: str
    full_name: str
    email: str
    role: Role
    level: Level | None
    team_ids: list[int]


class TeamOut(Schema):
    id: int
    name: str
    manager_id: int | None
    member_ids: list[int]


def user_data(user: User) -> dict[str, Any]:
    """`user.teams` must be prefetched."""
    return {
        "id": user.pk,
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "full_name": user.get_full_name() or user.username,
        "email": user.email,
        "role": user.role,
        "level": user.level or None,
        "team_ids": sorted(team.pk for team in user.teams.all()),
    }


def team_data(team: Team) -> dict[str, Any]:
    """`team.members` must be prefetched."""
    return {
        "id": team.pk,
        "name": team.name,
        "manager_id": team.manager_id,
        "member_ids": sorted(member.pk for member in team.members.all()),
    }


class UserPage(PageOut):
    results: list[UserOut]


class TeamPage(PageOut):
    results: list[TeamOut]


router = Router(tags=["users and teams"])

UserId = PathEx[int, P(ge=1, le=MAX_ID, description="The user's id.")]
TeamId = PathEx[int, P(ge=1, le=MAX_ID, description="The team's id.")]


class UserFilters(Schema):
    q: SearchText(200) | None = Field(None, description="Words in the name or username.")
    role: Role | None = None
    team: Id | None = Field(None, description="Members and the manager of this team.")


def _users(user: User) -> QuerySet[User]:
    return access.users_readable(user).prefetch_related("teams")


def _teams(user: User) -> QuerySet[Team]:
    return access.teams_readable(user).prefetch_related("members")


@router.get("/users", response={200: UserPage, **COMMON_RESPONSES}, summary="List active users")
def list_users(
    request: ApiRequest, filters: Query[UserFilters], page: Query[PageParams]
) -> dict[str, Any]:
    users = _users(request.auth)
    for term in (filters.q or "").split()[:6]:
        users = users.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(username__icontains=term)
        )
    if filters.role is not None:
        users = users.filter(role=filters.role)
    if filters.team is not None:
        in_team = User.objects.filter(Q(teams=filters.team) | Q(managed_teams=filters.team)).values(
            "pk"
        )
        users = users.filter(pk__in=in_team)
    return paginate(request, users.order_by("first_name", "last_name", "pk"), page, user_data)


@router.get("/users/me", response={200: UserOut, **COMMON_RESPONSES}, summary="Who am I")
def get_me(request: ApiRequest) -> dict[str, Any]:
    return user_data(_users(request.auth).get(pk=request.auth.pk))


@router.get("/users/{user_id}", response={200: UserOut, **COMMON_RESPONSES}, summary="Read a user")
def get_user(request: ApiRequest, user_id: UserId) -> dict[str, Any]:
    return user_data(_users(request.auth).get(pk=user_id))


@router.get("/teams", response={200: TeamPage, **COMMON_RESPONSES}, summary="List teams")
def list_teams(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    return paginate(request, _teams(request.auth).order_by("name", "pk"), page, team_data)


@router.get("/teams/{team_id}", response={200: TeamOut, **COMMON_RESPONSES}, summary="Read a team")
def get_team(request: ApiRequest, team_id: TeamId) -> dict[str, Any]:
    return team_data(_teams(request.auth).get(pk=team_id))
