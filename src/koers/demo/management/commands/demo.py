"""`manage.py demo`: a Dutch sales organisation to try Koers with (see koers.demo)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.accounts.demo import MIN_ACCOUNTS
from koers.accounts.models import Account
from koers.core.demo import DemoLogin, demo_logins
from koers.demo.context import DEMO_PASSWORD, DEMO_SEED
from koers.demo.runner import build_demo


class Command(BaseCommand):
    help = (
        "Loads demo data: three sales teams, their users (password koers-demo), about 500 "
        "accounts with chains and branches, and about 2,000 contacts. Same seed, same data."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the database already holds accounts (still prints the logins).",
        )
        parser.add_argument("--accounts", type=int, default=500, help="Number of accounts.")
        parser.add_argument("--contacts", type=int, default=2000, help="Number of contacts.")
        parser.add_argument("--seed", type=int, default=DEMO_SEED, help="Random seed.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["accounts"] < MIN_ACCOUNTS:
            raise CommandError(f"--accounts must be at least {MIN_ACCOUNTS}.")
        if Account.objects.exists():
            if not options["if_empty"]:
                raise CommandError(
                    "The database already holds accounts; demo data goes into an empty one. "
                    "Use --if-empty to skip quietly."
                )
            self.stdout.write("Demo data: the database already holds accounts, nothing added.")
            self._print_logins(demo_logins())
            return
        result = build_demo(
            accounts=options["accounts"], contacts=options["contacts"], seed=options["seed"]
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data: {', '.join(result.summary)}, in {result.seconds:.1f} s."
            )
        )
        self._print_logins(demo_logins(known_hashes={result.password_hash}))

    def _print_logins(self, logins: list[DemoLogin]) -> None:
        if not logins:
            self.stdout.write("No demo users in this database.")
            return
        header = ("username", "name", "role", "level", "team", "password")
        rows = [header] + [
            (x.username, x.name, x.role, x.level, x.team, x.password) for x in logins
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
        self.stdout.write("")
        self.stdout.write("Demo logins:")
        for n, row in enumerate(rows):
            line = "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            self.stdout.write("  " + (self.style.MIGRATE_HEADING(line) if n == 0 else line))
        self.stdout.write("")
        self.stdout.write(
            f"Every demo user has the password {DEMO_PASSWORD!r} (a demo password: never use "
            "these accounts on a real system)."
        )
        self.stdout.write(
            "Start as an account manager (for example sanne). The administrator (admin) must set "
            "up two-factor login with an authenticator app (TOTP) at the first login."
        )
