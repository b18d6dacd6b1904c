"""Takes the pipeline snapshot of this week now (or of the week of `--date`), as the weekly job
would: once per ISO week, so running it again in the same week changes nothing. With
`--backfill-weeks N` it first rebuilds the N weeks before from the stage history (a company
starting with pipeline movement)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from koers.insights.backfill import snapshot_backfill
from koers.insights.snapshots import snapshot_take


class Command(BaseCommand):
    help = "Take the weekly pipeline snapshot now (once per ISO week)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--backfill-weeks",
            type=int,
            default=0,
            help="First rebuild this many past weeks from the stage history (once, at the start).",
        )
        parser.add_argument(
            "--date", help="A day of the week to take (YYYY-MM-DD); today if left out."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = options.get("date")
        try:
            day = date.fromisoformat(text) if text else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date: not a date (YYYY-MM-DD): {text}") from exc
        back = options.get("backfill_weeks") or 0
        if back < 0 or back > 520:
            raise CommandError("--backfill-weeks: from 0 to 520")
        if back:
            rebuilt = snapshot_backfill(since=day - timedelta(weeks=back), until=day)
            self.stdout.write(f"{rebuilt} past weeks rebuilt from the stage history")
        taken = snapshot_take(day=day)
        if not taken.created:
            self.stdout.write(f"week of {taken.week}: taken already, nothing changed")
            return
        self.stdout.write(
            f"week of {taken.week}: {taken.opportunities} open opportunities "
            f"({taken.extended} unchanged, {taken.added} new states)"
        )
