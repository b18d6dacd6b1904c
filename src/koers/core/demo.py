"""The demo's people: three sales teams, their managers, account managers of every level,
inside sales, marketing and an administrator (the first step of `manage.py demo`).

The people are fixed (not drawn) so that the README and the user guide can name them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.contrib.auth.hashers import check_password, make_password

from koers.core.models import Role, Team, User
from koers.demo.context import DEMO_PASSWORD, DemoContext
from koers.demo.dutch import mobile


class DemoUser(NamedTuple):
    username: str
    first_name: str
    last_name: str
    role: str
    level: str
    team: str  # "" for people outside the sales teams


TEAMS = ("Noord", "Midden", "Zuid")

USERS: tuple[DemoUser, ...] = (
    DemoUser("marieke", "Marieke", "de Vries", "manager", "", "Noord"),
    DemoUser("sanne", "Sanne", "Bakker", "account_manager", "C", "Noord"),
    DemoUser("daan", "Daan", "Visser", "account_manager", "B", "Noord"),
    DemoUser("lotte", "Lotte", "Smit", "account_manager", "A", "Noord"),
    DemoUser("fleur", "Fleur", "Meijer", "inside_sales", "", "Noord"),
    DemoUser("jeroen", "Jeroen", "van Dijk", "manager", "", "Midden"),
    DemoUser("thomas", "Thomas", "de Boer", "account_manager", "C", "Midden"),
    DemoUser("emma", "Emma", "Mulder", "account_manager", "B", "Midden"),
    DemoUser("bas", "Bas", "de Groot", "inside_sales", "", "Midden"),
    DemoUser("annelies", "Annelies", "Janssen", "manager", "", "Zuid"),
    DemoUser("ruben", "Ruben", "Peeters", "account_manager", "C", "Zuid"),
    DemoUser("noor", "Noor", "Hendriks", "account_manager", "A", "Zuid"),
    DemoUser("kim", "Kim", "Willems", "inside_sales", "", "Zuid"),
    DemoUser("iris", "Iris", "Bos", "marketing", "", ""),
    DemoUser("admin", "Wouter", "Kok", "admin", "", ""),
    DemoUser("hanna", "Hanna", "Vos", "sales_director", "", ""),
)
# Added after the demo's data was fixed: no phone number is drawn for them, so that every
# random draw after the users, and with it the rest of the demo, stays the same.
LATER = {"hanna"}


@dataclass
class DemoLogin:
    username: str
    name: str
    role: str
    level: str
    team: str
    password: str


def build(context: DemoContext, rng: random.Random) -> None:
    """Creates the demo users (missing ones only) and their teams; fills `context.users`."""
    usernames = [spec.username for spec in USERS]
    existing = set(User.objects.filter(username__in=usernames).values_list("username", flat=True))
    # Drawn for everyone, also for users that exist, so the rest of the data stays the same.
    phones = {spec.username: mobile(rng) for spec in USERS if spec.username not in LATER}
    # One hash for all: the demo password is the same and Argon2 takes a while per hash.
    password = context.password_hash = make_password(DEMO_PASSWORD)
    User.objects.bulk_create(
        User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@koers.example",
            role=spec.role,
            level=spec.level,
            language="nl",
            phone=phones.get(spec.username, ""),
            password=password,
            is_staff=spec.role == Role.ADMIN,
            is_superuser=spec.role == Role.ADMIN,
        )
        for spec in USERS
        if spec.username not in existing
    )
    users = context.users = {u.username: u for u in User.objects.filter(username__in=usernames)}
    context.team_of = {users[spec.username].pk: spec.team for spec in USERS}
    for name in TEAMS:
        manager = next(
            users[s.username] for s in USERS if s.team == name and s.role == Role.MANAGER
        )
        team, created = Team.objects.get_or_create(name=name, defaults={"manager": manager})
        if created:
            team.members.add(
                *(
                    users[s.username]
                    for s in USERS
                    if s.team == name and s.role in (Role.ACCOUNT_MANAGER, Role.INSIDE_SALES)
                )
            )


def demo_logins(known_hashes: set[str] | None = None) -> list[DemoLogin]:
    """The demo users that exist, with the demo password where it still works.

    `known_hashes` are hashes of the demo password made just now, so need no checking.
    """
    users = {u.username: u for u in User.objects.filter(username__in=[d.username for d in USERS])}
    teams: dict[int, list[str]] = defaultdict(list)
    for team in Team.objects.prefetch_related("members").select_related("manager"):
        for member in team.members.all():
            teams[member.pk].append(team.name)
        if team.manager_id and team.name not in teams[team.manager_id]:
            teams[team.manager_id].append(team.name)
    # One check per distinct hash: the demo users share one, and Argon2 is slow on purpose.
    verdict: dict[str, bool] = dict.fromkeys(known_hashes or (), True)
    logins = []
    for spec in USERS:
        user = users.get(spec.username)
        if user is None:
            continue
        if user.password not in verdict:
            verdict[user.password] = check_password(DEMO_PASSWORD, user.password)
        logins.append(
            DemoLogin(
                username=user.username,
                name=user.get_full_name(),
                role=str(Role(user.role).label) if user.role in Role.values else user.role,
                level=user.level or "",
                team=", ".join(teams.get(user.pk, [])),
                password=DEMO_PASSWORD if verdict[user.password] else "(changed)",
            )
        )
    return logins
