"""The customer file of the demo (`manage.py demo`): accounts with chains and branches, account
teams, tags, contacts and their positions, owned by the people of core's demo step.

The same seed gives the same organisation (dates are relative to today). Rows are written with
`bulk_create_with_history`, so the demo loads in seconds and every account, contact and position
still has its initial history row (the conflict message compares against it).
"""

from __future__ import annotations

import random

from koers.accounts.demo.builder import Builder
from koers.demo.context import DemoContext

MIN_ACCOUNTS = 20


def build(context: DemoContext, rng: random.Random) -> None:
    """Writes `context.accounts` accounts and about `context.contacts` contacts."""
    if context.accounts < MIN_ACCOUNTS:
        raise ValueError(f"the demo needs at least {MIN_ACCOUNTS} accounts")
    built = Builder(context).build(n_accounts=context.accounts, n_contacts=context.contacts)
    context.summary.append(
        f"{built['accounts']} accounts ({built['chains']} chains with {built['branches']} "
        f"branches), {built['contacts']} contacts with {built['positions']} positions"
    )
