"""Writes to the photos of a visit report: add them, delete one."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.relations.models import ReportPhoto, VisitReport
from koers.relations.photos import MAX_PHOTOS, Photo


def _may_change(actor: User, report: VisitReport) -> None:
    if not access.can_change_account(actor, report.activity.account):
        raise NotAllowed(_("You may not change this account's reports."))


def delete_files(names: Sequence[str]) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


@service
def report_photos_add(
    *, actor: User, report: VisitReport, photos: Sequence[Photo]
) -> list[ReportPhoto]:
    """Stores `photos` (checked by `relations.photos.prepare`) with the report.

    Storage is not part of the transaction: files written before a failure are deleted again,
    so that a refused or failed save leaves no orphans behind."""
    _may_change(actor, report)
    VisitReport.objects.select_for_update().filter(pk=report.pk).first()
    if report.photos.count() + len(photos) > MAX_PHOTOS:
        message = _("A report holds at most %(n)d photos.") % {"n": MAX_PHOTOS}
        raise ValidationError({"photos": ValidationError(message, code="too_many")})
    written: list[str] = []
    try:
        made = []
        for photo in photos:
            image_name, thumb_name = photo.names()
            written.append(default_storage.save(image_name, ContentFile(photo.image)))
            written.append(default_storage.save(thumb_name, ContentFile(photo.thumbnail)))
            made.append(
                ReportPhoto.objects.create(
                    report=report,
                    image=written[-2],
                    thumbnail=written[-1],
                    width=photo.width,
                    height=photo.height,
                    size=len(photo.image),
                    original_name=photo.original_name,
                    uploaded_by=actor,
                )
            )
    except BaseException:
        delete_files(written)
        raise
    return made


@service
def report_photo_delete(*, actor: User, photo: ReportPhoto) -> None:
    """Deletes the photo; its files go once the deletion is committed (`relations/signals.py`,
    which also covers a report or activity deleted with its photos)."""
    _may_change(actor, photo.report)
    photo.delete()
