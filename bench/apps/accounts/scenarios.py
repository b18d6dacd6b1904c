"""The account and contact scenarios, and the subjects they use, picked from the data."""

from __future__ import annotations

import time
from typing import Any

from django.db.models import Count, Q

from bench.scenario import Scenario, Subjects
from koers.accounts.models import Account, Position
from koers.core import access
from koers.core.models import Role, Team, User

# ------------------------------------------------------------------------------ the subjects


def subjects(s: Subjects) -> None:
    """The account manager with the median portfolio, the manager of their team, the largest
    chain in that portfolio and the largest chain overall, and search terms cut from the middle
    of account names: picked from the data, so that every size works."""
    portfolios = list(
        User.objects.filter(role=Role.ACCOUNT_MANAGER, is_active=True)
        .annotate(n=Count("owned_accounts"))
        .filter(n__gt=0)
        .order_by("n", "pk")
    )
    if not portfolios:
        raise SystemExit("no accounts: run `python -m bench.generate` on this database first")
    # The account manager with the median portfolio: a realistic, not a best or worst, case.
    am = portfolios[len(portfolios) // 2]
    team = Team.objects.filter(members=am, manager__isnull=False).select_related("manager").first()
    if team is None:
        raise SystemExit(f"{am.username} is in no team with a manager")
    manager = team.manager

    chains = (
        Account.objects.filter(root__isnull=False)
        .values("root_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "root_id")
    )
    largest = chains.first()
    if largest is None:
        raise SystemExit("the data holds no chains with branches")
    # At the small sizes the median portfolio may hold no chain: then the largest one's.
    own_chain = chains.filter(root__owner=am).first() or largest
    s.chain_root = Account.objects.select_related("owner").get(pk=own_chain["root_id"])
    s.largest_root = Account.objects.select_related("owner").get(pk=largest["root_id"])
    s.chain_size = own_chain["n"]
    s.largest_size = largest["n"]
    s.chain_contacts = Position.objects.filter(
        Q(account=s.chain_root) | Q(account__root=s.chain_root), end_date__isnull=True
    ).count()

    # Parts of names as someone types them: the middle of a word, in lower case.
    names = list(
        access.accounts_readable(manager).order_by("pk").values_list("name", flat=True)[:5000:500]
    )
    terms = []
    for name in names:
        word = max(name.split(), key=len)
        start = max(0, len(word) // 2 - 2)
        terms.append(word[start : start + 4].lower())
    s.search_terms = terms
    s.search_note = ", ".join(terms[:5])
    s.own_account_ids = list(
        Account.objects.filter(owner=am).order_by("pk").values_list("pk", flat=True)[:200]
    )
    s.portfolio = am.n
    s.team_size = access.accounts_readable(manager).count()
    s.personas.update(
        account_manager=am,
        manager=manager,
        chain_owner=s.chain_root.owner,  # the account manager, from size S on
        largest_chain_owner=s.largest_root.owner,
    )


# ----------------------------------------------------------------------------- the scenarios


def _term(s: Subjects, i: int) -> str:
    return s.search_terms[i % len(s.search_terms)]


def _new_contact(s: Subjects, i: int) -> dict[str, Any]:
    return {
        "first_name": "Bench",
        "last_name": f"Contact {time.time_ns()}",
        "email": f"bench{time.time_ns()}@example.nl",
        "account_id": s.own_account_ids[i % len(s.own_account_ids)],
        "position": {"job_title": "Inkoper", "buying_role": "buyer"},
    }


SCENARIOS = [
    Scenario(
        "account list, account manager",
        url="/accounts/",
        persona="account_manager",
        note="{account_manager.username}: own portfolio of {portfolio:,} accounts",
    ),
    Scenario(
        "account list, manager",
        url="/accounts/",
        persona="manager",
        note="{manager.username}: sees {team_size:,} accounts of the team",
    ),
    Scenario(
        "account list, page 20, manager",
        url="/accounts/",
        persona="manager",
        params=lambda s, i: {"page": 20},
        db_note="PostgreSQL: the page query checks the scope per row (finding 8)",
    ),
    Scenario(
        "search, manager",
        url="/accounts/",
        persona="manager",
        params=lambda s, i: {"q": _term(s, i)},
        note="terms: {search_note}",
        db_note="pg_trgm GIN on PostgreSQL, FTS5 trigram tables on SQLite",
    ),
    Scenario(
        "search, account manager",
        url="/accounts/",
        persona="account_manager",
        params=lambda s, i: {"q": _term(s, i), "scope": "all"},
    ),
    Scenario(
        "account detail, chain root",
        url="/accounts/{chain_root.pk}/",
        persona="chain_owner",
        note="{chain_size} branches, {chain_contacts} current contacts",
    ),
    Scenario(
        "account detail, largest chain",
        url="/accounts/{largest_root.pk}/",
        persona="largest_chain_owner",
        note="{largest_size} branches",
    ),
    Scenario(
        "whole chain, largest chain",
        url="/accounts/{largest_root.pk}/chain/",
        persona="largest_chain_owner",
        note="all {largest_size} branches ('show all' of the detail page)",
    ),
    Scenario(
        "API account list, account manager",
        url="/api/v1/accounts",
        persona="account_manager",
        api=True,
        note="token auth, 25 per page",
    ),
    Scenario("API account list, manager", url="/api/v1/accounts", persona="manager", api=True),
    Scenario("contact list, account manager", url="/contacts/", persona="account_manager"),
    Scenario(
        "contact list, manager",
        url="/contacts/",
        persona="manager",
        note="a team's contacts: about 60,000 at size L",
    ),
    Scenario(
        "contact search, manager",
        url="/contacts/",
        persona="manager",
        params=lambda s, i: {"q": _term(s, i)},
    ),
    Scenario(
        "contact search, account manager",
        url="/contacts/",
        persona="account_manager",
        params=lambda s, i: {"q": _term(s, i)},
    ),
    Scenario(
        "contact count, account manager",
        url="/contacts/count/",
        persona="account_manager",
        note="the list's count line, asked by the page after its rows (issue 7)",
    ),
    Scenario(
        "contact count, manager",
        url="/contacts/count/",
        persona="manager",
        note="the list's count line, asked by the page after its rows (issue 7)",
    ),
    Scenario(
        "API contact list, manager",
        url="/api/v1/contacts",
        persona="manager",
        api=True,
        note="with the exact count",
    ),
    Scenario(
        "API contact create",
        url="/api/v1/contacts",
        persona="account_manager",
        api=True,
        method="POST",
        body=_new_contact,
        expect=201,
        note="with a position at an own account",
        db_note="commits: 50 contacts per run",
    ),
]
