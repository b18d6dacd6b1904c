"""`manage.py backup DIR`: the database and media, with a manifest; `--restore`, `--check`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from koers.core import backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT to DIR, or --restore / --check a backup."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path)
        parser.add_argument("--restore", action="store_true", help="Restore (Koers stopped).")
        parser.add_argument("--check", action="store_true", help="Compare with the manifest.")

    def handle(
        self, *args: Any, directory: Path, restore: bool, check: bool, **options: Any
    ) -> None:
        db = settings.DATABASES["default"]
        if connections["default"].vendor == "postgresql":
            self._postgres(directory, restore=restore, check=check)
            return
        database = Path(db["NAME"])
        media = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else None
        if check:
            differences = backup.sqlite_check(backup=directory)
            if differences:
                raise CommandError("\n".join(differences))
            self.stdout.write("Backup matches its manifest.")
        elif restore:
            backup.sqlite_restore(backup=directory, database=database, media_root=media)
            self.stdout.write(f"Restored {directory} into {database}.")
        else:
            manifest = backup.sqlite_backup(
                database=database, destination=directory, media_root=media
            )
            self.stdout.write(f"Backed up {len(manifest['tables'])} tables to {directory}.")

    def _postgres(self, directory: Path, *, restore: bool, check: bool) -> None:
        dsn = str(settings.DATABASE_URL)
        media = Path(settings.MEDIA_ROOT) if settings.MEDIA_ROOT else None
        if check:
            differences = backup.postgres_check(backup=directory, dsn=dsn)
            if differences:
                raise CommandError("\n".join(differences))
            self.stdout.write("Backup matches its manifest.")
        elif restore:
            backup.postgres_restore(backup=directory, dsn=dsn, media_root=media)
            self.stdout.write(f"Restored {directory}.")
        else:
            manifest = backup.postgres_backup(dsn=dsn, destination=directory, media_root=media)
            self.stdout.write(f"Backed up {len(manifest['tables'])} tables to {directory}.")
