"""The demo's account and contact generator: chains and branches, account teams, tags,
contacts and their positions."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from koers.accounts.demo.identities import Identities
from koers.accounts.models import (
    Account,
    AccountStatus,
    AccountTeamMember,
    Contact,
    Position,
    Segment,
    Tag,
    TeamRole,
)
from koers.core.demo import TEAMS, USERS
from koers.core.models import Role, User
from koers.demo import words as data
from koers.demo.context import DemoContext

# Which account manager level usually works which account tier (key accounts to level C).
_LEVEL_TIER_WEIGHT = {
    "C": {"A": 6.0, "B": 2.0, "C": 1.0},
    "B": {"A": 2.0, "B": 3.0, "C": 2.0},
    "A": {"A": 0.3, "B": 1.0, "C": 4.0},
}
_STATUS_BY_TIER = {
    "A": {"customer": 85, "prospect": 10, "former": 5},
    "B": {"customer": 65, "prospect": 25, "former": 10},
    "C": {"customer": 45, "prospect": 40, "former": 15},
}
_CONTACT_WEIGHT_BY_TIER = {"A": 6.0, "B": 3.5, "C": 1.6}


@dataclass
class _Node:
    """An account being planned, with what the contact generator needs to know about it."""

    account: Account
    city: data.City
    domain: str
    kind: str  # "single", "head", "region" or "store"
    depth: int  # 0 for a head office or a single account
    weight: float = 1.0
    contacts: list[Contact] = field(default_factory=list)


class Builder(Identities):
    def __init__(self, context: DemoContext) -> None:
        super().__init__(context)
        self.context = context
        self.team_of = context.team_of  # user pk -> sales team name
        self.deep: list[bool] = []  # per chain: with regions between head office and stores

    def _pick(self, weights: dict[str, float] | dict[str, int]) -> str:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def _external_id(self) -> str:
        self.used_external += self.rng.randint(1, 7)
        return f"DEB{self.used_external}"

    def _account(
        self,
        *,
        name: str,
        segment: Segment | None,
        tier: str,
        status: str,
        owner: User,
        city: data.City,
        domain: str,
        parent: Account | None = None,
        root: Account | None = None,
        email_local: str = "info",
    ) -> Account:
        prospect = status == AccountStatus.PROSPECT
        # A prospect's registry numbers are often not looked up yet.
        known = root is not None or not prospect or self.rng.random() < 0.6
        postal = ("", "", "")
        if parent is None and self.rng.random() < 0.2:
            postal = (f"Postbus {self.rng.randint(10, 9999)}", self._postcode(city), city.name)
        account = Account(
            name=name,
            segment=segment,
            tier=tier,
            status=status,
            owner=owner,
            parent=parent,
            root=root,
            # A branch belongs to the chain's legal entity: same KvK and VAT number.
            kvk_number=(root.kvk_number if root else self._kvk()) if known else "",
            vat_number=(root.vat_number if root else self._vat()) if known else "",
            establishment_number=self._establishment() if known else "",
            external_id="" if prospect else self._external_id(),
            visit_street=self._street(),
            visit_postcode=self._postcode(city),
            visit_city=city.name,
            postal_street=postal[0],
            postal_postcode=postal[1],
            postal_city=postal[2],
            phone=self._landline(city),
            email=f"{email_local}@{domain}",
            website=f"https://www.{domain}",
            notes=self.rng.choice(data.NOTES) if self.rng.random() < 0.15 else "",
        )
        account._history_user = owner  # type: ignore[attr-defined]
        return account

    # -- the plan ----------------------------------------------------------------------------

    def _chain_shapes(self, n_accounts: int) -> list[list[int]]:
        """Per chain the number of branches; a chain with regions lists the stores per region.

        Every third chain is two levels deep (head office, regions, stores), the others flat.
        """
        budget = round(n_accounts * 0.23)
        n_chains = max(1, min(round(n_accounts * 0.03), budget // 3))
        shapes: list[list[int]] = []
        for i in range(n_chains):
            if i % 3 == 0:
                shapes.append([self.rng.randint(2, 4) for _ in range(self.rng.randint(2, 3))])
            else:
                shapes.append([self.rng.randint(3, 10)])
        self.deep = [i % 3 == 0 for i in range(n_chains)]

        def size(i: int) -> int:
            return len(shapes[i]) + sum(shapes[i]) if self.deep[i] else shapes[i][0]

        while sum(size(i) for i in range(n_chains)) > budget:
            i = max(range(n_chains), key=size)
            shape = shapes[i]
            if self.deep[i] and len(shape) > 1 and max(shape) == 1:
                shape.pop()
            elif max(shape) > 1:
                shape[shape.index(max(shape))] -= 1
            else:
                break
        return shapes

    def _unique_branch_name(self, base: str, city: data.City) -> str:
        for candidate in (
            f"{base} {city.name}",
            *(f"{base} {city.name}-{d}" for d in ("Centrum", "Noord", "Zuid", "Oost", "West")),
        ):
            if candidate not in self.used_names:
                self.used_names.add(candidate)
                return candidate
        return self._unique_name((f"{base} {city.name} {{noun}}",), city)

    def _plan_chains(
        self, shapes: list[list[int]], segments: dict[str, Segment], key_managers: list[User]
    ) -> list[_Node]:
        nodes: list[_Node] = []
        for i, shape in enumerate(shapes):
            owner = key_managers[i % len(key_managers)]
            segment_name = self._pick(data.CHAIN_SEGMENT_WEIGHTS)
            segment = segments[segment_name]
            home = self.rng.choice([c for c in data.CITIES if c.region == self.team_of[owner.pk]])
            chain = self._unique_name(data.CHAIN_PATTERNS[segment_name], home)
            legal = f"{chain} B.V." if segment_name != "Zorg" else chain
            domain = self._domain(chain)
            head = self._account(
                name=legal,
                segment=segment,
                tier="A" if self.rng.random() < 0.7 else "B",
                status=AccountStatus.CUSTOMER,
                owner=owner,
                city=home,
                domain=domain,
            )
            head_node = _Node(head, home, domain, "head", depth=0)
            nodes.append(head_node)

            if self.deep[i]:
                for region, n_stores in zip(self.rng.sample(TEAMS, len(shape)), shape, strict=True):
                    cities = [c for c in data.CITIES if c.region == region]
                    region_city = self.rng.choice(cities)
                    region_account = self._account(
                        name=self._unique_name((f"{chain} Regio {region}",), region_city),
                        segment=segment,
                        tier="B",
                        status=AccountStatus.CUSTOMER,
                        owner=owner,
                        city=region_city,
                        domain=domain,
                        parent=head,
                        root=head,
                        email_local=f"regio-{region.lower()}",
                    )
                    nodes.append(_Node(region_account, region_city, domain, "region", depth=1))
                    for city in self.rng.sample(cities, min(n_stores, len(cities))):
                        nodes.append(self._store(chain, head_node, region_account, city))
            else:
                for city in self.rng.sample(data.CITIES, min(shape[0], len(data.CITIES))):
                    nodes.append(self._store(chain, head_node, head, city))
        return nodes

    def _store(self, chain: str, head: _Node, parent: Account, city: data.City) -> _Node:
        account = self._account(
            name=self._unique_branch_name(chain, city),
            segment=head.account.segment,
            tier="B" if self.rng.random() < 0.25 else "C",
            status=AccountStatus.CUSTOMER if self.rng.random() < 0.85 else AccountStatus.PROSPECT,
            owner=head.account.owner,
            city=city,
            domain=head.domain,
            parent=parent,
            root=head.account,
            email_local=slugify(city.name),
        )
        depth = 1 if parent is head.account else 2
        return _Node(account, city, head.domain, "store", depth=depth)

    def _plan_singles(
        self, count: int, segments: dict[str, Segment], managers_by_team: dict[str, list[User]]
    ) -> list[_Node]:
        nodes = []
        for _ in range(count):
            segment_name = self.rng.choices(data.SEGMENTS, data.STANDALONE_SEGMENT_WEIGHTS)[0]
            region = self._pick(data.REGION_WEIGHTS)
            city = self.rng.choice([c for c in data.CITIES if c.region == region])
            tier = self.rng.choices("ABC", weights=(17, 36, 47))[0]
            managers = managers_by_team[region]
            owner = self.rng.choices(
                managers, weights=[_LEVEL_TIER_WEIGHT[m.level][tier] for m in managers]
            )[0]
            name = self._unique_name(data.NAME_PATTERNS[segment_name], city)
            domain = self._domain(name)
            account = self._account(
                name=name,
                segment=segments[segment_name],
                tier=tier,
                status=self._pick(_STATUS_BY_TIER[tier]),
                owner=owner,
                city=city,
                domain=domain,
                email_local=self.rng.choice(("info", "info", "info", "administratie", "inkoop")),
            )
            nodes.append(_Node(account, city, domain, "single", depth=0))
        return nodes

    def _every_manager_owns_accounts(self, nodes: list[_Node], managers: list[User]) -> None:
        """With a small demo the draw can leave someone without a portfolio; hand one over."""
        owned = Counter(n.account.owner.pk for n in nodes)
        for manager in managers:
            if owned[manager.pk]:
                continue
            singles = [n for n in nodes if n.kind == "single"]
            donor = max(singles, key=lambda n: owned[n.account.owner.pk])
            owned[donor.account.owner.pk] -= 1
            donor.account.owner = manager
            donor.account._history_user = manager  # type: ignore[attr-defined]
            owned[manager.pk] += 1

    # -- account teams and tags --------------------------------------------------------------

    def _account_teams(
        self,
        nodes: list[_Node],
        managers_by_team: dict[str, list[User]],
        inside_by_team: dict[str, list[User]],
    ) -> list[AccountTeamMember]:
        members: dict[tuple[int, int], AccountTeamMember] = {}

        def add(account: Account, user: User, role: str) -> None:
            if user.pk != account.owner_id and (account.pk, user.pk) not in members:
                members[(account.pk, user.pk)] = AccountTeamMember(
                    account=account, user=user, role=role
                )

        live = [n for n in nodes if n.account.status != AccountStatus.FORMER]
        for node in self.rng.sample(live, round(len(nodes) * 0.2)):
            team = self.team_of[node.account.owner_id]
            kinds = [self._pick({"inside_sales": 65, "co_account_manager": 25, "specialist": 10})]
            if self.rng.random() < 0.3:
                kinds.append(self._pick({"inside_sales": 40, "co_account_manager": 40}))
            for kind in kinds:
                if kind == "inside_sales" and inside_by_team[team]:
                    add(node.account, self.rng.choice(inside_by_team[team]), TeamRole.INSIDE_SALES)
                elif kind == "co_account_manager":
                    colleagues = [
                        m for m in managers_by_team[team] if m.pk != node.account.owner_id
                    ]
                    if colleagues:
                        add(node.account, self.rng.choice(colleagues), TeamRole.CO_ACCOUNT_MANAGER)
                elif kind == "specialist":
                    others = [m for t, ms in managers_by_team.items() if t != team for m in ms]
                    add(node.account, self.rng.choice(others), TeamRole.SPECIALIST)
        # Inside sales only see the accounts they serve: give each of them something to see.
        for team, inside in inside_by_team.items():
            served = {user_pk for _account_pk, user_pk in members}
            own = [n for n in live if self.team_of[n.account.owner_id] == team] or live
            for user in inside:
                if user.pk not in served:
                    for node in own[:3]:
                        add(node.account, user, TeamRole.INSIDE_SALES)
        return list(members.values())

    def _tags(self, nodes: list[_Node], tags: list[Tag]) -> list[Any]:
        through = Account.tags.through
        rows = []
        for node in nodes:
            if node.kind in ("single", "head") and self.rng.random() < 0.3:
                for tag in self.rng.sample(tags, self.rng.randint(1, 2)):
                    rows.append(through(account_id=node.account.pk, tag_id=tag.pk))
        return rows

    # -- contacts ----------------------------------------------------------------------------

    def _role_and_title(self, node: _Node, lead: bool) -> tuple[str, str]:
        segment = node.account.segment.name if node.account.segment else ""
        if lead and node.kind == "store":
            return self.rng.choice(("user", "influencer")), self.rng.choice(data.BRANCH_LEAD_TITLES)
        if lead and node.kind == "region":
            return "influencer", self.rng.choice(data.REGION_LEAD_TITLES)
        if lead:
            role = "decider"
        elif node.kind == "store":
            role = self._pick({"user": 60, "influencer": 25, "gatekeeper": 5, "": 10})
        else:
            role = self._pick(data.BUYING_ROLE_WEIGHTS)
        special = data.SEGMENT_JOB_TITLES.get(segment, {}).get(role)
        titles = special if special and self.rng.random() < 0.45 else data.JOB_TITLES[role]
        return role, self.rng.choice(titles)

    def _contact(self, node: _Node) -> Contact:
        female = self.rng.random() < 0.5
        first = self.fake.first_name_female() if female else self.fake.first_name_male()
        last = self.fake.last_name()
        local = self.rng.choice(
            (
                f"{slugify(first)}.{slugify(last)}",
                f"{slugify(first)[:1]}.{slugify(last)}",
                slugify(first),
            )
        ).replace("-", "")
        consent = self.rng.random() < 0.6
        consent_date = self.today - timedelta(days=self.rng.randint(20, 1800)) if consent else None
        opted_out_at = None
        if consent_date and self.rng.random() < 0.08:
            opted_out_at = consent_date + timedelta(
                days=self.rng.randint(1, (self.today - consent_date).days)
            )
        interests = ""
        if self.rng.random() < 0.35:
            interests = " ".join(self.rng.sample(data.INTERESTS, self.rng.randint(1, 2)))
        contact = Contact(
            first_name=first,
            last_name=last,
            email=f"{local}@{node.domain}",
            phone=self._landline(node.city) if self.rng.random() < 0.5 else "",
            mobile=self._mobile() if self.rng.random() < 0.7 else "",
            preferred_language="en" if self.rng.random() < 0.04 else "nl",
            personal_interests=interests,
            mailing_consent=consent,
            consent_date=consent_date,
            consent_source=self.rng.choice(data.CONSENT_SOURCES) if consent else "",
            opted_out=opted_out_at is not None,
            opted_out_at=opted_out_at,
            created_by=node.account.owner,
        )
        contact._history_user = node.account.owner  # type: ignore[attr-defined]
        return contact

    def _position(
        self, contact: Contact, node: _Node, role: str, title: str, start: date, end: date | None
    ) -> Position:
        position = Position(
            contact=contact,
            account=node.account,
            job_title=title,
            buying_role=role,
            attitude=self._pick(data.ATTITUDE_WEIGHTS),
            start_date=start,
            end_date=end,
        )
        position._history_user = node.account.owner  # type: ignore[attr-defined]
        return position

    def _people(self, nodes: list[_Node], n_contacts: int) -> tuple[list[Contact], list[Position]]:
        staffed = [
            n
            for n in nodes
            if n.account.status != AccountStatus.PROSPECT or self.rng.random() < 0.5
        ]
        if n_contacts < len(staffed):
            staffed = []
        slots = staffed + self.rng.choices(
            nodes, weights=[n.weight for n in nodes], k=n_contacts - len(staffed)
        )
        by_segment: dict[int | None, list[_Node]] = defaultdict(list)
        for node in nodes:
            by_segment[node.account.segment_id].append(node)

        contacts: list[Contact] = []
        positions: list[Position] = []
        for node in slots:
            lead = not node.contacts
            contact = self._contact(node)
            node.contacts.append(contact)
            contacts.append(contact)
            role, title = self._role_and_title(node, lead)
            start = self.today - timedelta(days=self.rng.randint(60, 15 * 365))
            roll = self.rng.random()
            if not lead and roll < 0.04:
                # Left the company: the position stays, closed, so the account keeps its history.
                end = self.today - timedelta(days=self.rng.randint(14, 700))
                start = end - timedelta(days=self.rng.randint(365, 3650))
                positions.append(self._position(contact, node, role, title, start, end))
                continue
            positions.append(self._position(contact, node, role, title, start, None))
            if roll < 0.14:
                # Changed jobs: the former position at another account is kept.
                root = node.account.root or node.account
                candidates = [
                    n
                    for n in by_segment[node.account.segment_id]
                    if (n.account.root or n.account) is not root
                ] or [n for n in nodes if n is not node]
                former = self.rng.choice(candidates)
                end = start - timedelta(days=self.rng.randint(1, 90))
                begin = end - timedelta(days=self.rng.randint(365, 3000))
                old_role, old_title = self._role_and_title(former, False)
                positions.append(self._position(contact, former, old_role, old_title, begin, end))
        return contacts, positions

    # -- all together ------------------------------------------------------------------------

    def build(self, *, n_accounts: int, n_contacts: int) -> dict[str, int]:
        users = self.context.users
        segments = {name: Segment.objects.get_or_create(name=name)[0] for name in data.SEGMENTS}
        tags = [Tag.objects.get_or_create(name=name)[0] for name in data.TAGS]

        def people(team: str, role: str) -> list[User]:
            return [users[s.username] for s in USERS if s.team == team and s.role == role]

        managers_by_team = {t: people(t, Role.ACCOUNT_MANAGER) for t in TEAMS}
        inside_by_team = {t: people(t, Role.INSIDE_SALES) for t in TEAMS}
        account_managers = [m for t in TEAMS for m in managers_by_team[t]]
        key_managers = [m for m in account_managers if m.level == "C"] + [
            m for m in account_managers if m.level == "B"
        ]

        shapes = self._chain_shapes(n_accounts)
        chain_nodes = self._plan_chains(shapes, segments, key_managers)
        singles = self._plan_singles(n_accounts - len(chain_nodes), segments, managers_by_team)
        nodes = chain_nodes + singles
        self._every_manager_owns_accounts(nodes, account_managers)
        for node in nodes:
            account = node.account
            node.weight = (
                _CONTACT_WEIGHT_BY_TIER[account.tier]
                if node.kind in ("single", "head")
                else {"region": 1.2, "store": 0.8}[node.kind]
            ) * {"prospect": 0.7, "former": 0.6}.get(account.status, 1.0)

        # Parents need their primary key before their branches are written.
        for depth in (0, 1, 2):
            level = [n.account for n in nodes if n.depth == depth]
            if level:
                bulk_create_with_history(level, Account, batch_size=500)
        AccountTeamMember.objects.bulk_create(
            self._account_teams(nodes, managers_by_team, inside_by_team), batch_size=500
        )
        Account.tags.through.objects.bulk_create(self._tags(nodes, tags), batch_size=500)

        contacts, positions = self._people(nodes, n_contacts)
        bulk_create_with_history(contacts, Contact, batch_size=500)
        bulk_create_with_history(positions, Position, batch_size=500)
        return {
            "accounts": len(nodes),
            "chains": sum(1 for n in nodes if n.kind == "head"),
            "branches": sum(1 for n in nodes if n.depth > 0),
            "contacts": len(contacts),
            "positions": len(positions),
        }
