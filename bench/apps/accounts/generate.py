"""The generator's steps for the customer file: accounts with chains and branches, account
teams, tags, contacts, positions and their history (what it looks like: bench/README.md)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import connection

from bench.generate import slug
from koers.accounts.models import Account, AccountTeamMember, Contact, Position, Segment, Tag
from koers.demo.words import (
    AREA_CODES,
    CHAIN_TRADES,
    CONSENT_SOURCES,
    INTERESTS,
    JOB_TITLES,
    LEGAL_FORMS,
    REGIONS,
    SEGMENTS,
    TAGS,
    TRADES,
)

if TYPE_CHECKING:
    from bench.generate import Generator

# Buying roles of the generated contacts (the demo has its own, smaller-scale weights).
ROLE_WEIGHTS = {"decider": 10, "influencer": 20, "buyer": 20, "user": 25, "gatekeeper": 10, "": 15}
POSTCODE_LETTERS = "ABCDEGHJKLMNPRTVWXZ"  # no S: SA, SD and SS are not used


@dataclass
class Planned:
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


def vat_number(rng: Any) -> str:
    """A Dutch VAT number whose nine digits pass the eleven-test (what stdnum checks)."""
    while True:
        digits = [rng.randrange(10) for _ in range(8)]
        if digits[0] == 0:
            continue
        last = sum((9 - i) * d for i, d in enumerate(digits)) % 11
        if last < 10:
            return "NL" + "".join(map(str, digits)) + str(last) + "B01"


def postcode(g: Generator, city: str) -> str:
    base = g.city_base[city]
    letters = g.rng.choice(POSTCODE_LETTERS) + g.rng.choice(POSTCODE_LETTERS)
    return f"{base + g.rng.randrange(20)} {letters}"


def landline(g: Generator) -> str:
    return f"+31{g.rng.choice(AREA_CODES)}{g.rng.randrange(2_000_000, 9_999_999)}"


def mobile(g: Generator) -> str:
    return f"+316{g.rng.randrange(10_000_000, 59_999_999)}"


# ------------------------------------------------------------------------------ generating


def segments_and_tags(g: Generator) -> int:
    """The segments and tags the accounts refer to, and a postcode base per city."""
    Segment.objects.bulk_create([Segment(name=n) for n in SEGMENTS], ignore_conflicts=True)
    Tag.objects.bulk_create([Tag(name=n) for n in TAGS], ignore_conflicts=True)
    g.segment_ids = list(Segment.objects.filter(name__in=SEGMENTS).values_list("pk", flat=True))
    g.tag_ids = list(Tag.objects.filter(name__in=TAGS).values_list("pk", flat=True))
    g.city_base = {city: g.rng.randrange(1000, 9980) for city in g.pools.cities}
    return len(g.segment_ids) + len(g.tag_ids)


def _plan_accounts(g: Generator) -> list[Planned]:
    """Decides the shape: which accounts are chains, regions and branches, and who owns them."""

    rng, size = g.rng, g.size
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

    first = (Account.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = itertools.count(first)
    # Portfolios differ: some account managers carry twice as many accounts as others.
    am_weights = [rng.uniform(0.5, 1.5) for _ in g.am_ids]
    owners = rng.choices(g.am_ids, am_weights, k=tops)
    tiers = rng.choices("ABC", (8, 27, 65), k=tops)
    statuses = rng.choices(("customer", "prospect", "former"), (55, 35, 10), k=tops)
    plan = [
        Planned(id=next(ids), kind="standalone", owner_id=o, tier=t, status=s)
        for o, t, s in zip(owners, tiers, statuses, strict=True)
    ]
    roots = rng.sample(plan, len(chain_sizes))
    for root, count in zip(roots, chain_sizes, strict=True):
        root.kind = "root"
        root.tier = g.pick_weighted({"A": 6, "B": 4})
        root.status = "customer"
        team = g.team_ams[g.team_of[root.owner_id]]
        regions: list[Planned] = []
        if count >= 30:
            # Large chains are organised in regions: root > region > store.
            for _ in range(min(len(REGIONS), count // 15)):
                regions.append(
                    Planned(
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
                Planned(
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


def accounts(g: Generator) -> int:

    rng, pools = g.rng, g.pools
    plan = _plan_accounts(g)
    g.plan = plan
    by_id = {a.id: a for a in plan}
    region_names: dict[int, list[str]] = {}
    kvks = iter(rng.sample(range(10_000_000, 99_999_999), len(plan)))
    establishments = iter(rng.sample(range(10**11, 10**12 - 1), len(plan)))
    make = g.writer.row_maker(Account, ["id"])
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
                by_id[a.root_id].domain if a.root_id else f"{slug(' '.join(a.name.split()[:2]))}.nl"
            )
            created = g.moment(3_650)
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
                    "visit_postcode": postcode(g, city),
                    "visit_city": city,
                    "visit_country": "NL",
                    "postal_street": f"Postbus {rng.randrange(1, 9999)}" if has_postbus else "",
                    "postal_postcode": postcode(g, city) if has_postbus else "",
                    "postal_city": city if has_postbus else "",
                    "postal_country": "NL",
                    "phone": landline(g) if rng.random() < 0.8 else "",
                    "email": f"info@{a.domain}" if rng.random() < 0.6 else "",
                    "website": f"https://www.{a.domain}" if rng.random() < 0.5 else "",
                    "segment_id": rng.choice(g.segment_ids),
                    "tier": a.tier,
                    "status": a.status,
                    "owner_id": a.owner_id,
                    "parent_id": a.parent_id,
                    "root_id": a.root_id,
                    "notes": "Jaarlijks prijsoverleg in oktober." if rng.random() < 0.05 else "",
                    "version": 1,
                    "created_at": g.dt(created),
                    "updated_at": g.dt(created),
                }
            )

    # Names of branches need the root's brand: roots come before their branches in `plan`.
    plan.sort(key=lambda a: a.kind != "root")
    count = g.writer.write(Account, rows())
    plan.sort(key=lambda a: a.id)
    return count


def account_links(g: Generator) -> int:

    rng = g.rng
    make = g.writer.row_maker(AccountTeamMember, ["account_id", "user_id", "role"])
    members = []
    for a in g.plan:
        if rng.random() >= 0.1:
            continue
        team = g.team_of.get(a.owner_id, 0)
        chosen: dict[int, str] = {}
        if g.team_inside[team] and rng.random() < 0.7:
            chosen[rng.choice(g.team_inside[team])] = "inside_sales"
        colleagues = [u for u in g.team_ams[team] if u != a.owner_id]
        if colleagues and (not chosen or rng.random() < 0.4):
            chosen[rng.choice(colleagues)] = rng.choice(["co_account_manager", "specialist"])
        if rng.random() < 0.05:
            chosen[g.manager_ids[team]] = "manager"
        members.extend(
            make({"account_id": a.id, "user_id": u, "role": r}) for u, r in chosen.items()
        )
    count = g.writer.write(AccountTeamMember, members)

    through = Account.tags.through
    make = g.writer.row_maker(through, ["account_id", "tag_id"])
    tags = []
    for a in g.plan:
        if rng.random() < 0.2:
            for tag in rng.sample(g.tag_ids, rng.choice((1, 1, 2))):
                tags.append(make({"account_id": a.id, "tag_id": tag}))
    return count + g.writer.write(through, tags)


def contacts(g: Generator) -> int:

    rng, pools, n = g.rng, g.pools, g.size.contacts
    weight = {"root": 12.0, "region": 3.0, "branch": 1.5}
    tier_weight = {"A": 8.0, "B": 4.0, "C": 2.0}
    cum = list(itertools.accumulate(weight.get(a.kind) or tier_weight[a.tier] for a in g.plan))
    # Where each contact works now; 3% have left their only account (an ended position).
    g.contact_accounts = rng.choices(g.plan, cum_weights=cum, k=n)
    first = (Contact.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    g.contact_ids = list(range(first, first + n))
    make = g.writer.row_maker(Contact, ["id"])

    # Drawing whole columns at once is much faster than one draw per row.
    first_names = rng.choices(pools.first_names, k=n)
    last_names = rng.choices(pools.last_names, k=n)
    slugs = {name: slug(name) for name in {*pools.first_names, *pools.last_names}}

    def rows() -> Iterable[tuple]:
        for cid, account, first_name, last_name in zip(
            g.contact_ids, g.contact_accounts, first_names, last_names, strict=True
        ):
            consent = rng.random() < 0.4
            opted_out = rng.random() < 0.03
            created = g.moment(3_000)
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
                    "phone": landline(g) if rng.random() < 0.4 else "",
                    "mobile": mobile(g) if rng.random() < 0.6 else "",
                    "preferred_language": "en" if rng.random() < 0.08 else "nl",
                    "personal_interests": rng.choice(INTERESTS) if rng.random() < 0.1 else "",
                    "mailing_consent": consent,
                    "consent_date": g.day(created.date()) if consent else None,
                    "consent_source": rng.choice(CONSENT_SOURCES) if consent else "",
                    "opted_out": opted_out,
                    "opted_out_at": g.day(g.moment(400).date()) if opted_out else None,
                    "notes": "",
                    "created_by_id": account.owner_id,
                    "version": 1,
                    "created_at": g.dt(created),
                    "updated_at": g.dt(created),
                }
            )

    return g.writer.write(Contact, rows())


def positions(g: Generator) -> int:

    rng = g.rng
    make = g.writer.row_maker(
        Position,
        ["contact_id", "account_id", "job_title", "buying_role", "attitude", "start_date"],
    )
    roles = list(ROLE_WEIGHTS)
    role_cum = list(itertools.accumulate(ROLE_WEIGHTS.values()))
    today, day = g.now.date(), g.day
    last = Position.objects.order_by("-pk").values_list("pk", flat=True).first()
    g.first_position_id = (last or 0) + 1

    n = len(g.contact_ids)
    attitudes = rng.choices(("supporter", "neutral", "critic"), (25, 60, 15), k=n)
    days = [timedelta(days=d) for d in range(3_650)]

    def rows() -> Iterable[tuple]:
        for cid, account, role, attitude in zip(
            g.contact_ids,
            g.contact_accounts,
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
                earlier = rng.choice(g.plan)
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

    return g.writer.write(Position, rows())


def history_rows(g: Generator) -> int:
    """One 'created' history row per account (and per contact and position with 'all').

    The 'created' row holds version 1, which the conflict message of a stale save compares
    with; without it a conflict is still refused but shows no details.
    """

    if g.history == "none":
        return 0
    models = [Account] + ([Contact, Position] if g.history == "all" else [])
    count = 0
    for model in models:
        count += _copy_as_history(g, model)
    return count


def _copy_as_history(g: Generator, model: Any) -> int:
    """Copies the table into its history table with SQL: no Python work per row."""

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
    params = [connection.ops.adapt_datetimefield_value(g.now)] * sum(1 for v in values if v == "%s")
    first = _first_id(g, model)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(historical._meta.db_table)} ({', '.join(columns)}) "
            f"SELECT {', '.join(values)} FROM {qn(model._meta.db_table)} "
            f"WHERE {qn('id')} >= %s",
            [*params, first],
        )
        return cursor.rowcount


def _first_id(g: Generator, model: Any) -> int:

    if model is Account:
        return g.plan[0].id
    if model is Contact:
        return g.contact_ids[0]
    return g.first_position_id


GENERATE = [
    ("segments and tags", segments_and_tags),
    ("accounts", accounts),
    ("account teams and tags", account_links),
    ("contacts", contacts),
    ("positions", positions),
    ("history", history_rows),
]
# Their ids are decided by the generator: PostgreSQL's sequences must move past them.
CHOSEN_IDS = [Account, Contact]


def loaded_models() -> list[Any]:
    return [
        Account,
        Account.tags.through,
        AccountTeamMember,
        Contact,
        Position,
        *(m.history.model for m in (Account, Contact, Position)),
    ]


def counts() -> dict[str, int]:
    return {
        "accounts": Account.objects.count(),
        "branches": Account.objects.filter(parent__isnull=False).count(),
        "contacts": Contact.objects.count(),
        "positions": Position.objects.count(),
    }
