"""An account saved one at a time (created, its tier changed) gets its contact status at once;
accounts made in bulk get theirs from the daily job (norms.fill_missing_states)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from koers.accounts.models import Account
from koers.relations.norms import refresh_contact_states


@receiver(post_save, sender=Account, dispatch_uid="relations_contact_state")
def account_saved(
    sender: type[Account], instance: Account, raw: bool = False, **kwargs: Any
) -> None:
    if raw:  # loaddata
        return
    refresh_contact_states([instance.pk])
