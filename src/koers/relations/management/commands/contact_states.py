"""Rebuilds every account's contact status (after a change of norms, an import of activities,
or to check the kept figures against the full computation)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from koers.accounts.models import Account
from koers.relations.norms import refresh_contact_states

CHUNK = 500


class Command(BaseCommand):
    help = "Recompute the contact status (last contact, due date) of every account."

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(Account.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), CHUNK):
            with transaction.atomic():
                refresh_contact_states(ids[start : start + CHUNK])
        self.stdout.write(f"{len(ids)} accounts")
