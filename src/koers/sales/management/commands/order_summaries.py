"""Rebuilds every customer's order count (the customer lifetime of 003) from its orders: after
a bulk load, or to check the kept figures against the full computation."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from koers.sales.orders.services import customer_summary_rebuild


class Command(BaseCommand):
    help = "Recompute every account's count of orders since its first one."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = customer_summary_rebuild()
        self.stdout.write(f"{count} accounts")
