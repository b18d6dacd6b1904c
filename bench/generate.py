"""Fills a database with a realistic customer file of a given size, fast.

    .venv/bin/python -m bench.generate --size L       # SQLite: var/bench/koers-L.sqlite3
    .venv/bin/python -m bench.generate --size L \\
        --database-url postgres://postgres@127.0.0.1:5432/koers_bench

The target database is created when missing and migrated first; `--fresh` starts it empty.
Everything comes from one seeded random generator, so a size always gives the same data.

Why it is fast (see bench/README.md for the numbers):
- ids of accounts and contacts are decided here, so every row is built in Python once and written
  in one pass, with no read-back of generated keys;
- the big tables bypass model instances: SQLite gets `executemany` on the driver's cursor (Django's
  bulk_create is limited to 999 parameters per statement there, about 30 account rows), PostgreSQL
  gets COPY through psycopg; `--method orm` uses bulk_create instead, for comparison;
- Faker (nl_NL) only fills small pools of names, streets and cities, which are then combined;
- all writes are one transaction; SQLite loads with `synchronous=OFF`.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bench import env
from bench.words import (
    AREA_CODES,
    CHAIN_TRADES,
    CONSENT_SOURCES,
    INTERESTS,
    JOB_TITLES,
    LEGAL_FORMS,
    REGIONS,
    ROLE_WEIGHTS,
    SEGMENTS,
    TAGS,
    TEAM_NAMES,
    TRADES,
)
from bench.writer import Writer, indexes_deferred


@dataclass(frozen=True)
class Size:
    accounts: int
    contacts: int
    account_managers: int
    teams: int
    inside_sales_per_team: int = 1
    marketing: int = 1
    admins: int = 1
    # A tenth of the accounts are branches (vestigingen) of chains.
    branch_share: float = 0.1


SIZES: dict[str, Size] = {
    "XS": Size(accounts=50, contacts=150, account_managers=3, teams=1),
    "S": Size(accounts=1_000, contacts=3_000, account_managers=6, teams=2),
    "M": Size(accounts=10_000, contacts=30_000, account_managers=20, teams=3, marketing=2),
    "L": Size(
        accounts=100_000,
        contacts=300_000,
        account_managers=60,
        teams=6,
        inside_sales_per_team=2,
        marketing=3,
        admins=2,
    ),
}

# Every benchmark user can sign in with this password (hashed once, shared by all).
PASSWORD = "koers-bench"
HISTORY_LEVELS = ("none", "accounts", "all")

POSTCODE_LETTERS = "ABCDEGHJKLMNPRTVWXZ"  # no S: SA, SD and SS are not used


@dataclass
class Result:
    size: str
    database: str
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    # CPU seconds of this process: on a busy machine wall time says little about the generator.
    cpu: dict[str, float] = field(default_factory=dict)

    def begin(self, label: str) -> Callable[[], None]:
        """Starts timing `label`; call the returned function to stop."""
        wall, cpu = time.perf_counter(), time.process_time()

        def end() -> None:
            self.seconds[label] = self.seconds.get(label, 0) + time.perf_counter() - wall
            self.cpu[label] = self.cpu.get(label, 0) + time.process_time() - cpu

        return end

    @contextmanager
    def step(self, label: str) -> Iterator[None]:
        end = self.begin(label)
        yield
        end()

    def report(self) -> str:
        lines = [f"  {'step':<24}{'rows':>10}{'wall s':>9}{'cpu s':>8}"]
        for label, seconds in self.seconds.items():
            count = self.counts.get(label)
            shown = f"{count:,}" if count is not None else ""
            lines.append(f"  {label:<24}{shown:>10}{seconds:>9.1f}{self.cpu[label]:>8.1f}")
        total = f"{sum(self.counts.values()):,}"
        lines.append(
            f"  {'total':<24}{total:>10}{sum(self.seconds.values()):>9.1f}"
            f"{sum(self.cpu.values()):>8.1f}"
        )
        return "\n".join(lines)


class FastRandom(random.Random):
    """Seeded like random.Random, with choice and randrange from one float draw.

    The stdlib versions loop in Python over getrandbits; with millions of calls this halves the
    time to build the rows. The tiny bias of scaling a float does not matter for test data.
    """

    def choice(self, seq: Sequence[Any]) -> Any:
        return seq[int(self.random() * len(seq))]

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:  # type: ignore[override]
        if stop is None:
            start, stop = 0, start
        return start + int(self.random() * (stop - start))


@dataclass
class Pools:
    first_names: list[str]
    last_names: list[str]
    cities: list[str]
    streets: list[str]


def make_pools(seed: int) -> Pools:
    """Small pools of Dutch names; combining them is much faster than 300,000 Faker calls."""
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(seed)

    def pool(func: Callable[[], str], n: int) -> list[str]:
        return list(dict.fromkeys(func() for _ in range(n)))

    return Pools(
        first_names=pool(fake.first_name, 2_000),
        last_names=pool(fake.last_name, 3_000),
        cities=pool(fake.city, 1_000)[:300],
        streets=pool(fake.street_name, 1_500)[:600],
    )


_SLUG = str.maketrans("", "", " .&'-,/()")


def slug(text: str) -> str:
    return text.lower().translate(_SLUG).encode("ascii", "ignore").decode() or "bedrijf"


def vat_number(rng: random.Random) -> str:
    """A Dutch VAT number whose nine digits pass the eleven-test (what stdnum checks)."""
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        if digits[0] == 0:
            continue
        last = sum((9 - i) * d for i, d in enumerate(digits)) % 11
        if last < 10:
            return "NL" + "".join(map(str, digits)) + str(last) + "B01"


@dataclass
class Account:
    """One generated account, before it becomes a row."""

    id: int
    kind: str  # standalone, root, region, branch
    owner_id: int
    parent_id: int | None = None
    root_id: int | None = None
    tier: str = "C"
    status: str = "customer"
    name: str = ""
    domain: str = ""


class Generator:
    def __init__(
        self, size: Size, *, seed: int, method: str, history: str, defer_indexes: bool = True
    ) -> None:
        self.defer_indexes = defer_indexes
        self.size = size
        self.rng = FastRandom(seed)
        self.seed = seed
        self.writer = Writer(method)
        self.history = history
        self.now = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)
        self.dt, self.day = self.writer.temporal()

    # -- helpers -------------------------------------------------------------------------------

    def moment(self, days_back: int) -> datetime:
        return self.now - timedelta(seconds=self.rng.randrange(1, days_back * 86_400))

    def pick_weighted(self, weights: dict[str, int]) -> str:
        return self.rng.choices(list(weights), list(weights.values()))[0]

    def postcode(self, city: str) -> str:
        base = self.city_base[city]
        letters = self.rng.choice(POSTCODE_LETTERS) + self.rng.choice(POSTCODE_LETTERS)
        return f"{base + self.rng.randrange(20)} {letters}"

    def landline(self) -> str:
        return f"+31{self.rng.choice(AREA_CODES)}{self.rng.randrange(2_000_000, 9_999_999)}"

    def mobile(self) -> str:
        return f"+316{self.rng.randrange(10_000_000, 59_999_999)}"

    # -- the steps -----------------------------------------------------------------------------

    def run(self, result: Result) -> None:
        steps: list[tuple[str, Callable[[], int]]] = [
            ("users and teams", self.people),
            ("accounts", self.accounts),
            ("account teams and tags", self.account_links),
            ("contacts", self.contacts),
            ("positions", self.positions),
            ("history", self.history_rows),
        ]
        with indexes_deferred(loaded_models() if self.defer_indexes else []):
            for label, step in steps:
                with result.step(label):
                    result.counts[label] = step()
            # Leaving the block builds the indexes again.
            end = result.begin("indexes")
        end()

    def people(self) -> int:
        from django.contrib.auth.hashers import make_password

        from koers.accounts.models import Segment, Tag
        from koers.core.models import Level, Role, Team, User

        self.pools = make_pools(self.seed)
        rng, size, pools = self.rng, self.size, self.pools
        password = make_password(PASSWORD)
        people: list[User] = []

        def person(username: str, role: str, **extra: Any) -> User:
            user = User(
                username=username,
                password=password,
                role=role,
                first_name=rng.choice(pools.first_names),
                last_name=rng.choice(pools.last_names),
                email=f"{username}@koers.example",
                language="nl",
                date_joined=self.moment(2_000),
                **extra,
            )
            people.append(user)
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
        User.objects.bulk_create(people)
        # bulk_create sets primary keys on PostgreSQL and SQLite alike; read them back by name.
        ids = dict(
            User.objects.filter(username__in=[p.username for p in people]).values_list(
                "username", "pk"
            )
        )
        for p in people:
            p.pk = ids[p.username]

        names = [
            f"Team {TEAM_NAMES[t]}" if t < len(TEAM_NAMES) else f"Team {t + 1}"
            for t in range(size.teams)
        ]
        Team.objects.bulk_create(
            Team(name=n, manager=m) for n, m in zip(names, managers, strict=True)
        )
        by_name = {t.name: t for t in Team.objects.filter(name__in=names)}
        teams = [by_name[n] for n in names]
        self.team_of: dict[int, int] = {}
        self.team_ams: list[list[int]] = [[] for _ in teams]
        self.team_inside: list[list[int]] = [[] for _ in teams]
        links = []
        for i, am in enumerate(ams):
            t = i % size.teams
            self.team_of[am.pk] = t
            self.team_ams[t].append(am.pk)
            links.append(Team.members.through(team_id=teams[t].pk, user_id=am.pk))
        for i, user in enumerate(inside):
            t = i % size.teams
            self.team_inside[t].append(user.pk)
            links.append(Team.members.through(team_id=teams[t].pk, user_id=user.pk))
        Team.members.through.objects.bulk_create(links)
        self.manager_ids = [m.pk for m in managers]
        self.am_ids = [a.pk for a in ams]

        Segment.objects.bulk_create([Segment(name=n) for n in SEGMENTS], ignore_conflicts=True)
        Tag.objects.bulk_create([Tag(name=n) for n in TAGS], ignore_conflicts=True)
        self.segment_ids = list(
            Segment.objects.filter(name__in=SEGMENTS).values_list("pk", flat=True)
        )
        self.tag_ids = list(Tag.objects.filter(name__in=TAGS).values_list("pk", flat=True))
        self.city_base = {city: rng.randrange(1000, 9980) for city in pools.cities}
        return len(people)

    def _plan_accounts(self) -> list[Account]:
        """Decides the shape: which accounts are chains, regions and branches, and who owns them."""
        from koers.accounts.models import Account as AccountModel

        rng, size = self.rng, self.size
        n = size.accounts
        branches = int(n * size.branch_share)
        # Chain sizes are skewed: many small chains, a few national ones with hundreds of stores.
        chain_sizes: list[int] = []
        while sum(chain_sizes) < branches:
            chain_sizes.append(min(max(2, int(rng.paretovariate(1.3) * 3)), 400))
        # The last chain absorbs the overshoot; it keeps at least one branch.
        chain_sizes[-1] -= sum(chain_sizes) - branches
        tops = n - branches  # standalone accounts and chain roots
        if len(chain_sizes) > tops:
            raise ValueError("too few accounts for the chains")

        first = (AccountModel.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        ids = itertools.count(first)
        # Portfolios differ: some account managers carry twice as many accounts as others.
        am_weights = [rng.uniform(0.5, 1.5) for _ in self.am_ids]
        owners = rng.choices(self.am_ids, am_weights, k=tops)
        tiers = rng.choices("ABC", (8, 27, 65), k=tops)
        statuses = rng.choices(("customer", "prospect", "former"), (55, 35, 10), k=tops)
        plan = [
            Account(id=next(ids), kind="standalone", owner_id=o, tier=t, status=s)
            for o, t, s in zip(owners, tiers, statuses, strict=True)
        ]
        roots = rng.sample(plan, len(chain_sizes))
        for root, count in zip(roots, chain_sizes, strict=True):
            root.kind = "root"
            root.tier = self.pick_weighted({"A": 6, "B": 4})
            root.status = "customer"
            team = self.team_ams[self.team_of[root.owner_id]]
            regions: list[Account] = []
            if count >= 30:
                # Large chains are organised in regions: root > region > store.
                for _ in range(min(len(REGIONS), count // 15)):
                    regions.append(
                        Account(
                            id=next(ids),
                            kind="region",
                            owner_id=root.owner_id,
                            parent_id=root.id,
                            root_id=root.id,
                            tier="B",
                            status="customer",
                        )
                    )
                plan.extend(regions)
            for _ in range(count - len(regions)):
                parent = rng.choice(regions) if regions else root
                # Most stores stay in the chain owner's portfolio; some go to a team colleague.
                owner = root.owner_id if rng.random() < 0.85 else rng.choice(team)
                plan.append(
                    Account(
                        id=next(ids),
                        kind="branch",
                        owner_id=owner,
                        parent_id=parent.id,
                        root_id=root.id,
                        tier="B" if rng.random() < 0.2 else "C",
                        status=root.status if rng.random() < 0.9 else "prospect",
                    )
                )
        return plan

    def accounts(self) -> int:
        from koers.accounts.models import Account as AccountModel

        rng, pools = self.rng, self.pools
        plan = self._plan_accounts()
        self.plan = plan
        by_id = {a.id: a for a in plan}
        region_names: dict[int, list[str]] = {}
        kvks = iter(rng.sample(range(10_000_000, 99_999_999), len(plan)))
        establishments = iter(rng.sample(range(10**11, 10**12 - 1), len(plan)))
        make = self.writer.row_maker(AccountModel, ["id"])
        legal: dict[int, tuple[str, str]] = {}  # root id -> (brand, kvk)

        def rows() -> Iterable[tuple]:
            for a in plan:
                city = rng.choice(pools.cities)
                last = rng.choice(pools.last_names)
                kvk = "" if a.status == "prospect" and rng.random() < 0.4 else f"{next(kvks)}"
                establishment = ""
                if a.kind == "root":
                    brand = f"{last.split()[-1]} {rng.choice(CHAIN_TRADES)}"
                    a.name = f"{brand} Groep"
                    legal[a.id] = (brand, kvk or f"{next(kvks)}")
                    kvk = legal[a.id][1]
                elif a.kind in ("region", "branch"):
                    brand, kvk = legal[a.root_id]
                    establishment = f"{next(establishments)}"
                    if a.kind == "region":
                        used = region_names.setdefault(a.root_id, [])
                        region = REGIONS[len(used) % len(REGIONS)]
                        used.append(region)
                        a.name = f"{brand} Regio {region}"
                    else:
                        a.name = f"{brand} {city}"
                        if rng.random() < 0.3:
                            a.name += f" {rng.choice(pools.streets)}"
                else:
                    pattern = rng.randrange(4)
                    if pattern == 0:
                        a.name = f"{last} {rng.choice(TRADES)}"
                    elif pattern == 1:
                        a.name = f"{rng.choice(TRADES)} {city}"
                    elif pattern == 2:
                        a.name = f"{last} & {rng.choice(pools.last_names)}"
                    else:
                        a.name = f"{last} {rng.choice(TRADES)} {city}"
                    form = rng.choice(LEGAL_FORMS)
                    if form:
                        a.name += f" {form}"
                a.domain = (
                    by_id[a.root_id].domain
                    if a.root_id
                    else f"{slug(' '.join(a.name.split()[:2]))}.nl"
                )
                created = self.moment(3_650)
                has_postbus = rng.random() < 0.2
                yield make(
                    {
                        "id": a.id,
                        "name": a.name,
                        "kvk_number": kvk,
                        "establishment_number": establishment,
                        "vat_number": vat_number(rng) if kvk and rng.random() < 0.3 else "",
                        "external_id": f"ERP-{a.id:07d}" if a.status != "prospect" else "",
                        "visit_street": f"{rng.choice(pools.streets)} {rng.randrange(1, 250)}",
                        "visit_postcode": self.postcode(city),
                        "visit_city": city,
                        "visit_country": "NL",
                        "postal_street": f"Postbus {rng.randrange(1, 9999)}" if has_postbus else "",
                        "postal_postcode": self.postcode(city) if has_postbus else "",
                        "postal_city": city if has_postbus else "",
                        "postal_country": "NL",
                        "phone": self.landline() if rng.random() < 0.8 else "",
                        "email": f"info@{a.domain}" if rng.random() < 0.6 else "",
                        "website": f"https://www.{a.domain}" if rng.random() < 0.5 else "",
                        "segment_id": rng.choice(self.segment_ids),
                        "tier": a.tier,
                        "status": a.status,
                        "owner_id": a.owner_id,
                        "parent_id": a.parent_id,
                        "root_id": a.root_id,
                        "notes": "Jaarlijks prijsoverleg in oktober."
                        if rng.random() < 0.05
                        else "",
                        "version": 1,
                        "created_at": self.dt(created),
                        "updated_at": self.dt(created),
                    }
                )

        # Names of branches need the root's brand: roots come before their branches in `plan`.
        plan.sort(key=lambda a: a.kind != "root")
        count = self.writer.write(AccountModel, rows())
        plan.sort(key=lambda a: a.id)
        return count

    def account_links(self) -> int:
        from koers.accounts.models import Account as AccountModel
        from koers.accounts.models import AccountTeamMember

        rng = self.rng
        make = self.writer.row_maker(AccountTeamMember, ["account_id", "user_id", "role"])
        members = []
        for a in self.plan:
            if rng.random() >= 0.1:
                continue
            team = self.team_of.get(a.owner_id, 0)
            chosen: dict[int, str] = {}
            if self.team_inside[team] and rng.random() < 0.7:
                chosen[rng.choice(self.team_inside[team])] = "inside_sales"
            colleagues = [u for u in self.team_ams[team] if u != a.owner_id]
            if colleagues and (not chosen or rng.random() < 0.4):
                chosen[rng.choice(colleagues)] = rng.choice(["co_account_manager", "specialist"])
            if rng.random() < 0.05:
                chosen[self.manager_ids[team]] = "manager"
            members.extend(
                make({"account_id": a.id, "user_id": u, "role": r}) for u, r in chosen.items()
            )
        count = self.writer.write(AccountTeamMember, members)

        through = AccountModel.tags.through
        make = self.writer.row_maker(through, ["account_id", "tag_id"])
        tags = []
        for a in self.plan:
            if rng.random() < 0.2:
                for tag in rng.sample(self.tag_ids, rng.choice((1, 1, 2))):
                    tags.append(make({"account_id": a.id, "tag_id": tag}))
        return count + self.writer.write(through, tags)

    def contacts(self) -> int:
        from koers.accounts.models import Contact

        rng, pools, n = self.rng, self.pools, self.size.contacts
        weight = {"root": 12.0, "region": 3.0, "branch": 1.5}
        tier_weight = {"A": 8.0, "B": 4.0, "C": 2.0}
        cum = list(
            itertools.accumulate(weight.get(a.kind) or tier_weight[a.tier] for a in self.plan)
        )
        # Where each contact works now; 3% have left their only account (an ended position).
        self.contact_accounts = rng.choices(self.plan, cum_weights=cum, k=n)
        first = (Contact.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        self.contact_ids = list(range(first, first + n))
        make = self.writer.row_maker(Contact, ["id"])

        # Drawing whole columns at once is much faster than one draw per row.
        first_names = rng.choices(pools.first_names, k=n)
        last_names = rng.choices(pools.last_names, k=n)
        slugs = {name: slug(name) for name in {*pools.first_names, *pools.last_names}}

        def rows() -> Iterable[tuple]:
            for cid, account, first_name, last_name in zip(
                self.contact_ids, self.contact_accounts, first_names, last_names, strict=True
            ):
                consent = rng.random() < 0.4
                opted_out = rng.random() < 0.03
                created = self.moment(3_000)
                yield make(
                    {
                        "id": cid,
                        "first_name": first_name,
                        "last_name": last_name,
                        "email": (
                            f"{slugs[first_name][:1]}.{slugs[last_name]}@{account.domain}"
                            if rng.random() < 0.7
                            else ""
                        ),
                        "phone": self.landline() if rng.random() < 0.4 else "",
                        "mobile": self.mobile() if rng.random() < 0.6 else "",
                        "preferred_language": "en" if rng.random() < 0.08 else "nl",
                        "personal_interests": rng.choice(INTERESTS) if rng.random() < 0.1 else "",
                        "mailing_consent": consent,
                        "consent_date": self.day(created.date()) if consent else None,
                        "consent_source": rng.choice(CONSENT_SOURCES) if consent else "",
                        "opted_out": opted_out,
                        "opted_out_at": self.day(self.moment(400).date()) if opted_out else None,
                        "notes": "",
                        "created_by_id": account.owner_id,
                        "version": 1,
                        "created_at": self.dt(created),
                        "updated_at": self.dt(created),
                    }
                )

        return self.writer.write(Contact, rows())

    def positions(self) -> int:
        from koers.accounts.models import Position

        rng = self.rng
        make = self.writer.row_maker(
            Position,
            ["contact_id", "account_id", "job_title", "buying_role", "attitude", "start_date"],
        )
        roles = list(ROLE_WEIGHTS)
        role_cum = list(itertools.accumulate(ROLE_WEIGHTS.values()))
        today, day = self.now.date(), self.day
        last = Position.objects.order_by("-pk").values_list("pk", flat=True).first()
        self.first_position_id = (last or 0) + 1

        n = len(self.contact_ids)
        attitudes = rng.choices(("supporter", "neutral", "critic"), (25, 60, 15), k=n)
        days = [timedelta(days=d) for d in range(3_650)]

        def rows() -> Iterable[tuple]:
            for cid, account, role, attitude in zip(
                self.contact_ids,
                self.contact_accounts,
                rng.choices(roles, cum_weights=role_cum, k=n),
                attitudes,
                strict=True,
            ):
                start = today - days[rng.randrange(30, 3_650)]
                ended = rng.random() < 0.03
                yield make(
                    {
                        "contact_id": cid,
                        "account_id": account.id,
                        "job_title": rng.choice(JOB_TITLES[role]),
                        "buying_role": role,
                        "attitude": attitude,
                        "start_date": day(start) if rng.random() < 0.7 else None,
                        "end_date": day(start + days[rng.randrange(1, 29)]) if ended else None,
                    }
                )
                if rng.random() < 0.1:
                    # The contact worked at another account before (contacts move).
                    earlier = rng.choice(self.plan)
                    if earlier.id != account.id:
                        yield make(
                            {
                                "contact_id": cid,
                                "account_id": earlier.id,
                                "job_title": rng.choice(JOB_TITLES[role]),
                                "buying_role": role,
                                "start_date": day(start - days[rng.randrange(400, 3_000)]),
                                "end_date": day(start - days[rng.randrange(1, 300)]),
                            }
                        )

        return self.writer.write(Position, rows())

    def history_rows(self) -> int:
        """One 'created' history row per account (and per contact and position with 'all').

        The 'created' row holds version 1, which the conflict message of a stale save compares
        with; without it a conflict is still refused but shows no details.
        """
        from koers.accounts.models import Account as AccountModel
        from koers.accounts.models import Contact, Position

        if self.history == "none":
            return 0
        models = [AccountModel] + ([Contact, Position] if self.history == "all" else [])
        count = 0
        for model in models:
            count += self._copy_as_history(model)
        return count

    def _copy_as_history(self, model: Any) -> int:
        """Copies the table into its history table with SQL: no Python work per row."""
        from django.db import connection

        historical = model.history.model
        base = {f.attname for f in model._meta.concrete_fields}
        qn = connection.ops.quote_name
        columns, values = [], []
        for f in historical._meta.concrete_fields:
            if f.attname == "history_id":
                continue
            columns.append(qn(f.column))
            if f.attname in base:
                values.append(qn(model._meta.get_field(f.attname).column))
            elif f.attname == "history_date":
                values.append(qn("created_at") if "created_at" in base else "%s")
            elif f.attname == "history_type":
                values.append("'+'")
            elif f.attname == "history_user_id":
                values.append(
                    qn("owner_id")
                    if "owner_id" in base
                    else qn("created_by_id")
                    if "created_by_id" in base
                    else "NULL"
                )
            else:
                values.append("NULL")
        params = [connection.ops.adapt_datetimefield_value(self.now)] * sum(
            1 for v in values if v == "%s"
        )
        first = self._first_id(model)
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {qn(historical._meta.db_table)} ({', '.join(columns)}) "
                f"SELECT {', '.join(values)} FROM {qn(model._meta.db_table)} "
                f"WHERE {qn('id')} >= %s",
                [*params, first],
            )
            return cursor.rowcount

    def _first_id(self, model: Any) -> int:
        from koers.accounts.models import Account as AccountModel
        from koers.accounts.models import Contact

        if model is AccountModel:
            return self.plan[0].id
        if model is Contact:
            return self.contact_ids[0]
        return self.first_position_id


def generate(
    size: str,
    *,
    seed: int = 20260501,
    method: str = "auto",
    history: str = "accounts",
    defer_indexes: bool = True,
) -> Result:
    """Fills the (migrated, empty) default database. Usable inside a test transaction."""
    from django.db import connection, transaction

    from koers.accounts.models import Account

    if Account.objects.exists():
        raise SystemExit("the database already holds accounts; use --fresh to start empty")
    result = Result(size=size, database=connection.vendor)
    generator = Generator(
        SIZES[size], seed=seed, method=method, history=history, defer_indexes=defer_indexes
    )
    with transaction.atomic():
        generator.run(result)
        _reset_sequences()
        end = result.begin("commit")
    end()
    with result.step("vacuum, analyze"):
        analyze()
    return result


def _reset_sequences() -> None:
    """PostgreSQL's id sequences must move past the ids chosen here (SQLite's do by themselves)."""
    from django.core.management.color import no_style
    from django.db import connection

    from koers.accounts.models import Account, Contact

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Account, Contact]):
            cursor.execute(sql)


def loaded_models() -> list[Any]:
    """The tables that the generator fills in bulk."""
    from koers.accounts.models import Account, AccountTeamMember, Contact, Position
    from koers.core.models import Team, User

    return [
        Account,
        Account.tags.through,
        AccountTeamMember,
        Contact,
        Position,
        *(m.history.model for m in (Account, Contact, Position)),
        User,
        Team,
        Team.members.through,
    ]


def analyze() -> None:
    """Fresh planner statistics: a just-loaded table otherwise looks empty to the planner.

    On PostgreSQL also VACUUM, as autovacuum soon would on a real database: it marks the pages
    all-visible, without which an index-only scan still reads every row from the table.
    """
    from django.db import connection

    tables = [connection.ops.quote_name(m._meta.db_table) for m in loaded_models()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM cannot run in a transaction (the generator's own tests run in one).
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{command} {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"ANALYZE {table}")
            cursor.execute("PRAGMA optimize")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=list(SIZES), default="S")
    parser.add_argument(
        "--database-url",
        help="default: $DATABASE_URL, else sqlite:///var/bench/koers-<size>.sqlite3",
    )
    parser.add_argument("--fresh", action="store_true", help="drop and recreate the database")
    parser.add_argument("--seed", type=int, default=20260501)
    parser.add_argument(
        "--method",
        choices=["auto", "executemany", "copy", "orm", "dry"],
        default="auto",
        help="auto: COPY on PostgreSQL, executemany on SQLite; orm: Django's bulk_create; "
        "dry: build the rows but write only users (to time the Python side)",
    )
    parser.add_argument(
        "--history",
        choices=HISTORY_LEVELS,
        default="accounts",
        help="history rows to write: 'created' rows for accounts only (default), all, or none",
    )
    parser.add_argument(
        "--keep-indexes",
        action="store_true",
        help="load with the secondary indexes in place (default: drop them, rebuild after)",
    )
    args = parser.parse_args(argv)

    url = args.database_url or env.default_database_url(args.size)
    env.prepare_database(url, fresh=args.fresh)
    env.setup_django(url)

    from django.core.management import call_command
    from django.db import connection

    migrated = Result(size=args.size, database=connection.vendor)
    with migrated.step("migrate"):
        call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Safe for a throw-away load: a crash would just mean running the generator again.
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.execute("PRAGMA cache_size=-262144")
            cursor.execute("PRAGMA temp_store=MEMORY")
    result = generate(
        args.size,
        seed=args.seed,
        method=args.method,
        history=args.history,
        defer_indexes=not args.keep_indexes,
    )
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    print(f"size {args.size} into {env.database_label(url)} ({url}), method {args.method}")
    result.seconds = {**migrated.seconds, **result.seconds}
    result.cpu = {**migrated.cpu, **result.cpu}
    print(result.report())
    return 0


if __name__ == "__main__":
    sys.exit(main())
