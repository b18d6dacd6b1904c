"""`manage.py poll_mail_log`: one pass over the mail log's IMAP mailbox (run it every minute
or two from cron or a systemd timer; docs/operations.md, "The mail log")."""

from __future__ import annotations

import imaplib
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from koers.correspondence import imap


class Command(BaseCommand):
    help = "Logs the unread messages of the mail log's IMAP mailbox (MAIL_LOG_IMAP_*)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="At most this many messages.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.MAIL_LOG_IMAP_HOST:
            self.stdout.write("MAIL_LOG_IMAP_HOST is not set: nothing to poll.")
            return
        try:
            result = imap.poll(limit=options["limit"])
        except (imap.MailboxError, imaplib.IMAP4.error, OSError) as error:
            raise CommandError(f"The mailbox could not be read: {error}") from error
        for line in result.refused:
            self.stderr.write(f"Refused (flagged in the mailbox): {line}")
        self.stdout.write(
            f"Kept {result.kept} new message(s); {result.duplicates} came before; "
            f"{len(result.refused)} refused."
        )
