"""A letter's PDF leaves the storage after its row is gone (deleted with its account)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from koers.correspondence.models import Letter


@receiver(post_delete, sender=Letter)
def _remove_pdf(sender: type[Letter], instance: Letter, **kwargs: Any) -> None:
    if instance.pdf:
        storage, name = instance.pdf.storage, instance.pdf.name
        transaction.on_commit(lambda: storage.delete(name))
