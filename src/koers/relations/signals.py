"""An account saved one at a time (created, its tier changed) gets its contact status at once;
accounts made in bulk get theirs from the daily job (norms.fill_missing_states). A photo's files
go when its row is deleted, also when a report or activity takes it along."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from koers.accounts.models import Account
from koers.relations.models import ReportPhoto
from koers.relations.norms import refresh_contact_states


@receiver(post_save, sender=Account, dispatch_uid="relations_contact_state")
def account_saved(
    sender: type[Account], instance: Account, raw: bool = False, **kwargs: Any
) -> None:
    if raw:  # loaddata
        return
    refresh_contact_states([instance.pk])


@receiver(post_delete, sender=ReportPhoto, dispatch_uid="relations_photo_files")
def photo_deleted(sender: type[ReportPhoto], instance: ReportPhoto, **kwargs: Any) -> None:
    from koers.relations.services.photos import delete_files

    names = [instance.image.name, instance.thumbnail.name]
    # After the commit: a rolled-back deletion keeps its row, so it must keep its files too.
    transaction.on_commit(lambda: delete_files(names))
