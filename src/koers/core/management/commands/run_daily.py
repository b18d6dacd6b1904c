"""Runs one daily job now for a day (default today): an operator's retry of a failed run."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from koers.core.schedule import DAILY, run_now


class Command(BaseCommand):
    help = "Run a daily job now (it does a day's work once, however often it runs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The job: " + ", ".join(sorted(DAILY)))
        parser.add_argument("--day", type=date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["name"] not in DAILY:
            raise CommandError(f"no daily job {options['name']!r}; known: {sorted(DAILY)}")
        run_now(options["name"], options["day"] or timezone.localdate())
        self.stdout.write(f"ran {options['name']}")
