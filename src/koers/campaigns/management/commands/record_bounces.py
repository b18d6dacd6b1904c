"""Feeds bounces reported by the mail server (decision 140, docs/operations.md "Bounces"):
each target is a copy's id (the `X-Koers-Send` header quoted in the bounce) or the address
that bounced (then the latest copy sent to it). Targets come as arguments or, one per line
(`target` or `target<TAB>reason`), from a file or standard input (`--file -`). Feeding the
same bounce twice changes nothing; the exit status is 1 when a target matched no sent copy."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.campaigns.responses import record_bounce


def _lines(stream: Iterable[str]) -> Iterator[tuple[str, str]]:
    for line in stream:
        target, _tab, reason = line.rstrip("\n").partition("\t")
        if target.strip() and not target.lstrip().startswith("#"):
            yield target.strip(), reason.strip()


class Command(BaseCommand):
    help = "Mark mailing copies as bounced, by copy id or e-mail address."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("targets", nargs="*", help="Copy ids or e-mail addresses.")
        parser.add_argument("--reason", default="", help="The mail server's reason.")
        parser.add_argument(
            "--file", help="A file with one target per line (tab, reason optional); - for stdin."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        targets = [(t, options["reason"]) for t in options["targets"]]
        if options["file"] == "-":
            targets += list(_lines(sys.stdin))
        elif options["file"]:
            with open(options["file"], encoding="utf-8") as handle:
                targets += list(_lines(handle))
        missing = 0
        for target, reason in targets:
            send = record_bounce(target=target, reason=reason or options["reason"])
            if send is None:
                missing += 1
                self.stderr.write(f"no sent copy: {target}")
            else:
                self.stdout.write(f"bounced: copy {send.pk} ({send.email})")
        if missing:
            raise CommandError(f"{missing} of {len(targets)} matched no sent copy")
