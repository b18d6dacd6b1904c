"""Marks every background job whose worker stopped giving signs of life as failed.

Run it from a periodic task or by hand after a worker machine died; the job pages also check
their own job when they are opened. See core/jobs.py and docs/operations.md.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from koers.core import jobs


class Command(BaseCommand):
    help = "Marks background jobs whose worker stopped (no heartbeat) as failed."

    def handle(self, *args: Any, **options: Any) -> None:
        for label, count in jobs.recover_all().items():
            if options["verbosity"]:
                self.stdout.write(f"{label}: {count} recovered")
