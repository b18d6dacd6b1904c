"""Our general terms, read only: `GET /general-terms` (every version, the one in force marked)
and `GET /general-terms/{id}/file` (the PDF). Uploading is done on the settings page."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.urls import reverse
from ninja import Field, P, PathEx, Query, Router, Schema

from koers.api.errors import COMMON_RESPONSES
from koers.api.pagination import PageParams, paginate
from koers.api.schemas import MAX_ID, PageOut
from koers.core.http import ApiRequest
from koers.core.models import GeneralTerms
from koers.core.terms import queries

router = Router(tags=["general terms"])

TermsId = PathEx[int, P(ge=1, le=MAX_ID, description="The general terms version's id.")]


class GeneralTermsRef(Schema):
    """The general terms a sent quote carried."""

    id: int
    label: str


class GeneralTermsOut(GeneralTermsRef):
    valid_from: date = Field(description="Quotes sent from this day on carry this version.")
    current: bool = Field(description="The version in force today.")
    size: int = Field(description="The PDF's size in bytes.")
    sha256: str = Field(description="The PDF's SHA-256, hexadecimal.")
    uploaded_at: datetime
    file_url: str = Field(description="Where the PDF is downloaded.")


class GeneralTermsPage(PageOut):
    results: list[GeneralTermsOut]


def terms_ref(terms: GeneralTerms | None) -> dict[str, Any] | None:
    return None if terms is None else {"id": terms.pk, "label": terms.label}


@router.get(
    "/general-terms",
    response={200: GeneralTermsPage, **COMMON_RESPONSES},
    summary="List the versions of the general terms",
)
def list_general_terms(request: ApiRequest, page: Query[PageParams]) -> dict[str, Any]:
    """The newest valid-from date first; `current` marks the version in force today."""
    current = queries.current_general_terms()
    current_id = current.pk if current else None

    def data(terms: GeneralTerms) -> dict[str, Any]:
        return {
            **(terms_ref(terms) or {}),
            "valid_from": terms.valid_from,
            "current": terms.pk == current_id,
            "size": terms.size,
            "sha256": terms.sha256,
            "uploaded_at": terms.uploaded_at,
            "file_url": reverse("api:v1:general_terms_file", args=[terms.pk]),
        }

    return paginate(request, queries.general_terms_readable(request.auth), page, data)


@router.get(
    "/general-terms/{terms_id}/file",
    response={200: Any, **COMMON_RESPONSES},
    summary="Download a version of the general terms",
    openapi_extra={
        "responses": {200: {"description": "The PDF.", "content": {"application/pdf": {}}}}
    },
)
def general_terms_file(request: ApiRequest, terms_id: TermsId) -> FileResponse:
    """The PDF as uploaded; its SHA-256 in the header `X-Content-SHA256`."""
    terms = queries.general_terms_readable(request.auth).get(pk=terms_id)
    try:
        handle = default_storage.open(terms.file, "rb")
    except OSError as exc:
        # The row without its file (a storage restored from an older backup): not found.
        raise GeneralTerms.DoesNotExist from exc
    response = FileResponse(
        handle, content_type="application/pdf", filename=queries.file_name(terms)
    )
    response["X-Content-SHA256"] = terms.sha256
    return response
