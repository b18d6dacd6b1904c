"""Core in the benchmark: the people and teams, and the floor (a signed-in "ok" page)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.auth.hashers import make_password

from bench.generate import PASSWORD
from bench.scenario import Scenario
from koers.core.models import Level, Role, Team, User
from koers.demo.words import TEAM_NAMES

if TYPE_CHECKING:
    from bench.generate import Generator


def people(g: Generator) -> int:
    """Managers, account managers (each in one team), inside sales, marketing, admins and a
    sales director.

    Leaves on `g`: `team_of` (account manager id -> team index), `team_ams` and `team_inside`
    (per team index, user ids), `manager_ids` (per team index) and `am_ids`.
    """
    rng, size, pools = g.rng, g.size, g.pools
    # One hash for everyone (Argon2 is slow on purpose): all sign in with PASSWORD.
    password = make_password(PASSWORD)
    everyone: list[User] = []

    def person(username: str, role: str, **extra: Any) -> User:
        user = User(
            username=username,
            password=password,
            role=role,
            first_name=rng.choice(pools.first_names),
            last_name=rng.choice(pools.last_names),
            email=f"{username}@koers.example",
            language="nl",
            date_joined=g.moment(2_000),
            **extra,
        )
        everyone.append(user)
        return user

    levels = [Level.A, Level.B, Level.B, Level.C]
    managers = [person(f"manager{t + 1:02d}", Role.MANAGER) for t in range(size.teams)]
    ams = [
        person(f"am{i + 1:02d}", Role.ACCOUNT_MANAGER, level=rng.choice(levels))
        for i in range(size.account_managers)
    ]
    inside = [
        person(f"sales{i + 1:02d}", Role.INSIDE_SALES)
        for i in range(size.teams * size.inside_sales_per_team)
    ]
    for i in range(size.marketing):
        person(f"marketing{i + 1:02d}", Role.MARKETING)
    for i in range(size.admins):
        person(f"admin{i + 1:02d}", Role.ADMIN, is_staff=True, is_superuser=True)
    # The sales director (approves beyond the managers, keeps the quote templates): drawn
    # from no random stream, so the data after it stays as it was before there was one.
    director = User(
        username="director01",
        password=password,
        role=Role.SALES_DIRECTOR,
        first_name="Dirk",
        last_name="de Directeur",
        email="director01@koers.example",
        language="nl",
        date_joined=g.now - timedelta(days=2_000),
    )
    everyone.append(director)
    User.objects.bulk_create(everyone)
    # bulk_create sets primary keys on PostgreSQL and SQLite alike; read them back by name.
    ids = dict(
        User.objects.filter(username__in=[p.username for p in everyone]).values_list(
            "username", "pk"
        )
    )
    for p in everyone:
        p.pk = ids[p.username]

    names = [
        f"Team {TEAM_NAMES[t]}" if t < len(TEAM_NAMES) else f"Team {t + 1}"
        for t in range(size.teams)
    ]
    Team.objects.bulk_create(Team(name=n, manager=m) for n, m in zip(names, managers, strict=True))
    by_name = {t.name: t for t in Team.objects.filter(name__in=names)}
    teams = [by_name[n] for n in names]
    g.team_of = {}
    g.team_ams = [[] for _ in teams]
    g.team_inside = [[] for _ in teams]
    links = []
    for i, am in enumerate(ams):
        t = i % size.teams
        g.team_of[am.pk] = t
        g.team_ams[t].append(am.pk)
        links.append(Team.members.through(team_id=teams[t].pk, user_id=am.pk))
    for i, user in enumerate(inside):
        t = i % size.teams
        g.team_inside[t].append(user.pk)
        links.append(Team.members.through(team_id=teams[t].pk, user_id=user.pk))
    Team.members.through.objects.bulk_create(links)
    g.manager_ids = [m.pk for m in managers]
    g.am_ids = [a.pk for a in ams]
    return len(everyone)


GENERATE = [("users and teams", people)]


def loaded_models() -> list[Any]:
    return [User, Team, Team.members.through]


SCENARIOS = [
    Scenario(
        "floor: signed-in 'ok'",
        url="/floor",
        persona="account_manager",
        note="login_required view that returns 'ok': sessions, middleware, no template",
    ),
]


def counts() -> dict[str, int]:
    return {"users": User.objects.count()}
