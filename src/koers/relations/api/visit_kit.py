"""The visit kit through the API: the checklist ticked during a visit, the photos of its report,
and the recap e-mail to the contacts who were there.

Every write goes through the same service as the activity page. A tap on a checklist that
changed meanwhile, a recap that was sent already, or a change to a cancelled visit's list is a
409: the request was fine, the object's state refuses it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import File, P, PathEx, Router, Schema, UploadedFile
from pydantic import Field

from koers.api.errors import COMMON_RESPONSES, FieldErrors, django_errors
from koers.api.idempotency import KeyHeader, run_once
from koers.api.schemas import MAX_ID, ErrorOut, In, Integer, Text, dump
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import ApiRequest
from koers.core.models import User
from koers.relations import queries, services
from koers.relations.api.activities import ACTION_RESPONSES, ActivityId, answer_action
from koers.relations.models import Activity, Recap, ReportPhoto, VisitReport
from koers.relations.photos import MAX_PHOTOS, Photo, prepare, stream
from koers.relations.services.checklist import MAX_ITEMS, MAX_TEXT

router = Router(tags=["visit kit"])

ReportId = PathEx[int, P(ge=1, le=MAX_ID, description="The report's id.")]
PhotoId = PathEx[int, P(ge=1, le=MAX_ID, description="The photo's id.")]

ItemText = Text(MAX_TEXT, 1, examples=["Prijslijst 2027 meenemen"])


class ChecklistAddIn(In):
    text: ItemText


class ChecklistItemIn(In):
    line: Integer(0, MAX_ITEMS - 1, description="The item's position as read, from 0.")
    text: ItemText = Field(
        description="The item's text as read: if the list changed meanwhile, nothing is "
        "changed and the answer is a 409."
    )


class ChecklistTickIn(ChecklistItemIn):
    done: bool = Field(description="Ticked or not: set, not toggled, so a retry is harmless.")


def _changeable(user: User, pk: int) -> Activity:
    """404 when unreadable, 403 when read-only."""
    activity = queries.activities_readable(user).select_related("account").get(pk=pk)
    if not access.can_change_account(user, activity.account):
        raise NotAllowed
    return activity


@router.post(
    "/activities/{activity_id}/checklist",
    response=ACTION_RESPONSES,
    summary="Add an item to a visit's checklist",
)
def checklist_add(
    request: ApiRequest,
    activity_id: ActivityId,
    payload: ChecklistAddIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Only a planned activity's checklist grows (else a 409); at most 30 items."""
    user: User = request.auth
    activity = _changeable(user, activity_id)

    def run() -> object:
        return services.checklist_add(actor=user, activity=activity, text=payload.text)

    return answer_action(request, idempotency_key, payload, run, activity_id)


@router.post(
    "/activities/{activity_id}/checklist/tick",
    response=ACTION_RESPONSES,
    summary="Tick or untick a checklist item",
)
def checklist_tick(
    request: ApiRequest,
    activity_id: ActivityId,
    payload: ChecklistTickIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """During or after the visit; not for a cancelled one (409)."""
    user: User = request.auth
    activity = _changeable(user, activity_id)

    def run() -> object:
        return services.checklist_tick(
            actor=user, activity=activity, line=payload.line, text=payload.text, done=payload.done
        )

    return answer_action(request, idempotency_key, payload, run, activity_id)


@router.post(
    "/activities/{activity_id}/checklist/remove",
    response=ACTION_RESPONSES,
    summary="Remove an item from a visit's checklist",
)
def checklist_remove(
    request: ApiRequest,
    activity_id: ActivityId,
    payload: ChecklistItemIn,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    user: User = request.auth
    activity = _changeable(user, activity_id)

    def run() -> object:
        return services.checklist_remove(
            actor=user, activity=activity, line=payload.line, text=payload.text
        )

    return answer_action(request, idempotency_key, payload, run, activity_id)


# --- photos ---------------------------------------------------------------------------------


class PhotoOut(Schema):
    id: int
    report_id: int
    original_name: str
    width: int
    height: int
    size: int = Field(description="Bytes of the stored JPEG.")
    uploaded_by_id: int | None
    created_at: datetime
    image: str = Field(description="Path of the photo (a JPEG of at most 1600 pixels).")
    thumbnail: str = Field(description="Path of the thumbnail (320 pixels).")


def photo_data(photo: ReportPhoto) -> dict[str, Any]:
    base = f"/api/v1/visit-reports/{photo.report_id}/photos/{photo.pk}"
    return {
        "id": photo.pk,
        "report_id": photo.report_id,
        "original_name": photo.original_name,
        "width": photo.width,
        "height": photo.height,
        "size": photo.size,
        "uploaded_by_id": photo.uploaded_by_id,
        "created_at": photo.created_at,
        "image": f"{base}/image",
        "thumbnail": f"{base}/thumbnail",
    }


class PhotoList(Schema):
    results: list[PhotoOut]


# One to twenty files in the multipart field `photos` (a list in ninja's `File`, so that one file
# is a list of one, not a file read as lines).
PHOTO_FILES = File(..., min_length=1, max_length=MAX_PHOTOS)


class UploadDigest(In):
    """What a retry with the same Idempotency-Key must send again: the same files."""

    files: list[str]


def _report(user: User, pk: int, *, write: bool) -> VisitReport:
    report = queries.reports_readable(user).select_related("activity__account").get(pk=pk)
    if write and not access.can_change_account(user, report.activity.account):
        raise NotAllowed
    return report


def _photos(report: VisitReport) -> QuerySet[ReportPhoto]:
    return report.photos.order_by("pk")


@router.get(
    "/visit-reports/{report_id}/photos",
    response={200: PhotoList, **COMMON_RESPONSES},
    summary="List the photos of a visit report",
)
def list_photos(request: ApiRequest, report_id: ReportId) -> dict[str, Any]:
    report = _report(request.auth, report_id, write=False)
    return {"results": [photo_data(p) for p in _photos(report)]}


def _prepared(uploads: list[UploadedFile]) -> list[Photo]:
    if len(uploads) > MAX_PHOTOS:
        message = _("At most %(n)d photos at a time.") % {"n": MAX_PHOTOS}
        raise FieldErrors({"photos": [message]}, code="too_many")
    prepared, errors = [], []
    for upload in uploads:
        try:
            prepared.append(prepare(upload))
        except DjangoValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise FieldErrors({"photos": errors}, code="not_an_image")
    return prepared


@router.post(
    "/visit-reports/{report_id}/photos",
    response={201: PhotoList, **COMMON_RESPONSES},
    summary="Add photos to a visit report",
)
def add_photos(
    request: ApiRequest,
    report_id: ReportId,
    photos: list[UploadedFile] = PHOTO_FILES,
    idempotency_key: KeyHeader = None,
) -> HttpResponse:
    """Multipart, field `photos`, one or more JPEG, PNG, WebP or GIF images of at most 20 MB.
    Each is turned upright, resized to at most 1600 pixels and stored without its EXIF data
    (no GPS position); a report holds at most 20."""
    user: User = request.auth
    report = _report(user, report_id, write=True)
    digest = UploadDigest(files=[_digest(upload) for upload in photos])

    def create() -> tuple[int, dict[str, Any]]:
        prepared = _prepared(photos)
        try:
            added = services.report_photos_add(actor=user, report=report, photos=prepared)
        except DjangoValidationError as exc:
            raise FieldErrors.of(django_errors(exc)) from exc
        return 201, dump(PhotoList, {"results": [photo_data(p) for p in added]})

    return run_once(request, key=idempotency_key, payload=digest, create=create)


def _digest(upload: UploadedFile) -> str:
    sha = hashlib.sha256()
    for chunk in upload.chunks():
        sha.update(chunk)
    upload.seek(0)
    return sha.hexdigest()


def _photo(user: User, report_id: int, photo_id: int, *, write: bool) -> ReportPhoto:
    report = _report(user, report_id, write=write)
    photo = ReportPhoto.objects.filter(pk=photo_id, report=report).first()
    if photo is None:
        raise Http404
    return photo


# The status is an int, as ninja keys its own responses: a "200" beside it is a duplicate key in
# the JSON, which Swagger UI refuses to parse.
JPEG_RESPONSE: dict[str, Any] = {
    "responses": {
        200: {
            "description": "The JPEG.",
            "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
        }
    }
}


@router.get(
    "/visit-reports/{report_id}/photos/{photo_id}/image",
    response={200: None, **COMMON_RESPONSES},
    summary="Download a photo",
    openapi_extra=JPEG_RESPONSE,
)
def photo_image(request: ApiRequest, report_id: ReportId, photo_id: PhotoId) -> FileResponse:
    photo = _photo(request.auth, report_id, photo_id, write=False)
    return stream(photo.image, f"photo-{photo.pk}.jpg")


@router.get(
    "/visit-reports/{report_id}/photos/{photo_id}/thumbnail",
    response={200: None, **COMMON_RESPONSES},
    summary="Download a photo's thumbnail",
    openapi_extra=JPEG_RESPONSE,
)
def photo_thumbnail(request: ApiRequest, report_id: ReportId, photo_id: PhotoId) -> FileResponse:
    photo = _photo(request.auth, report_id, photo_id, write=False)
    return stream(photo.thumbnail, f"photo-{photo.pk}-thumb.jpg")


@router.delete(
    "/visit-reports/{report_id}/photos/{photo_id}",
    response={204: None, **COMMON_RESPONSES},
    summary="Delete a photo",
)
def delete_photo(request: ApiRequest, report_id: ReportId, photo_id: PhotoId) -> tuple[int, None]:
    user: User = request.auth
    services.report_photo_delete(actor=user, photo=_photo(user, report_id, photo_id, write=True))
    return 204, None


# --- the recap ------------------------------------------------------------------------------


class RecapRecipientOut(Schema):
    contact_id: int | None
    email: str
    language: str = Field(description="The language the recap was written in for them.")
    sent_at: datetime | None = Field(description="Null while waiting or after a failure.")
    error: str = Field(description="Why the last try failed; empty when it did not.")


class RecapOut(Schema):
    activity_id: int
    email_activity_id: int | None = Field(description="The e-mail activity on the timeline.")
    sent_by_id: int
    created_at: datetime
    recipients: list[RecapRecipientOut]


def recap_data(recap: Recap) -> dict[str, Any]:
    return {
        "activity_id": recap.activity_id,
        "email_activity_id": recap.email_activity_id,
        "sent_by_id": recap.sent_by_id,
        "created_at": recap.created_at,
        "recipients": [
            {
                "contact_id": r.contact_id,
                "email": r.email,
                "language": r.language,
                "sent_at": r.sent_at,
                "error": r.error,
            }
            for r in recap.recipients.all()
        ],
    }


def _recap(activity_id: int) -> Recap:
    return Recap.objects.prefetch_related("recipients").get(activity_id=activity_id)


@router.get(
    "/activities/{activity_id}/recap",
    response={200: RecapOut, **COMMON_RESPONSES},
    summary="Read the recap e-mail of a visit",
)
def get_recap(request: ApiRequest, activity_id: ActivityId) -> dict[str, Any]:
    """A 404 while no recap was sent."""
    queries.activities_readable(request.auth).values("pk").get(pk=activity_id)
    return recap_data(_recap(activity_id))


class RecapSendIn(In):
    pass


@router.post(
    "/activities/{activity_id}/recap",
    response={201: RecapOut, 409: ErrorOut, **COMMON_RESPONSES},
    summary="Send the recap e-mail of a visit",
)
def send_recap(
    request: ApiRequest, activity_id: ActivityId, idempotency_key: KeyHeader = None
) -> HttpResponse:
    """To each contact who was there, in their language: the agreements, the commitments both
    ways and the next appointment, recorded as an e-mail activity. Once: a recap that went out
    is a 409; after a failure, sending again sends only the mails that did not go out."""
    user: User = request.auth
    activity = _changeable(user, activity_id)

    def create() -> tuple[int, dict[str, Any]]:
        try:
            services.recap_send(actor=user, activity=activity)
        except DjangoValidationError as exc:
            return 409, {"detail": " ".join(exc.messages)}
        return 201, dump(RecapOut, recap_data(_recap(activity_id)))

    return run_once(request, key=idempotency_key, payload=RecapSendIn(), create=create)
