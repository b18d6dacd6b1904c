"""What the demo steps of all apps share: the sizes, the seeded generators, today, the people."""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from faker import Faker

if TYPE_CHECKING:
    from koers.core.models import User

DEMO_PASSWORD = "koers-demo"  # noqa: S105 (printed on purpose: demo logins)
DEMO_SEED = 2024


@functools.cache
def _faker() -> Faker:
    # Building a Faker takes a moment; one is kept and re-seeded for every run.
    return Faker("nl_NL")


@dataclass
class DemoContext:
    """Handed to every app's `build(context, rng)`, in the order of INSTALLED_APPS.

    A step reads what earlier steps left here (core: users and teams; accounts: the accounts)
    and adds what later steps need. Every draw comes from `rng` (and `fake`), seeded once, so the
    same seed gives the same organisation as long as the steps draw in the same order.
    """

    seed: int
    today: date
    accounts: int = 500
    contacts: int = 2000
    rng: random.Random = field(init=False)
    fake: Faker = field(init=False)
    users: dict[str, User] = field(default_factory=dict)  # by username
    team_of: dict[int, str] = field(default_factory=dict)  # user pk -> sales team name
    password_hash: str = ""  # the demo password hashed once (Argon2 is slow on purpose)
    # Phrases for the command's one-line report, e.g. "500 accounts (…)", in step order.
    summary: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)
        self.fake = _faker()
        self.fake.seed_instance(self.seed)
