"""Starts the daily jobs when they are due (core/schedule.py): every minute, or once."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError, close_old_connections

from koers.core.schedule import enqueue_due


class Command(BaseCommand):
    help = "Enqueue the daily jobs that are due (runs until stopped; --once for one round)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="One round, then stop.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between rounds.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            close_old_connections()
            try:
                started = enqueue_due()
            except DatabaseError as error:
                # The database is away (a restart): try again next round.
                self.stderr.write(f"scheduler: {error}")
                started = []
            for name in started:
                self.stdout.write(f"started {name}")
            if options["once"]:
                return
            time.sleep(options["interval"])
