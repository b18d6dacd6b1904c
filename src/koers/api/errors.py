"""Every error the API gives is JSON that names the problem (and the field, when there is one).

- 400 malformed request (a body that is not a JSON object)
- 401 no valid credentials
- 403 signed in, but the role may not do this
- 404 no such object, or one the user may not read (the same body: nothing leaked)
- 409 a stale `version` (built by the endpoint, with the current object), or a delete that
  other records block
- 422 validation: {"detail": ..., "errors": [{"field": ..., "message": ...}]}
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError, models
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from koers.api.error_codes import BEYOND_SCHEMA_CODES
from koers.api.schemas import ErrorOut, ValidationErrorOut
from koers.core import outage
from koers.core.errors import StaleVersionError

logger = logging.getLogger(__name__)

# Responses every operation may give, for the OpenAPI schema.
COMMON_RESPONSES: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ValidationErrorOut,
}


class FieldErrors(Exception):
    """A 422 raised by the API itself (an unknown id in the body, a null that is not allowed)."""

    def __init__(
        self, errors: Mapping[str | None, Iterable[str]], *, code: str = "invalid"
    ) -> None:
        super().__init__("invalid input")
        self.errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
        # schemas.BEYOND_SCHEMA_CODES: e.g. "not_found" for an id that names nothing.
        self.items = [
            {"field": field, "message": message, "code": code}
            for field, messages in self.errors.items()
            for message in messages
        ]

    @classmethod
    def of(cls, items: list[dict[str, Any]]) -> FieldErrors:
        """From [{"field", "message", "code"}] (e.g. `django_errors`, renamed)."""
        errors = cls({})
        errors.items = items
        return errors


def validation_response(errors: list[dict[str, Any]], status: int = 422) -> JsonResponse:
    return JsonResponse(
        {"detail": _("The request has invalid values."), "errors": errors}, status=status
    )


def api_field_name(name: str) -> str:
    """The API's name for a model field: a foreign key `segment` is `segment_id` in the API.

    One rule for every model, derived from the models' ForeignKey fields, so that a new app's
    service errors reach its API clients under the names its schemas use.
    """
    return f"{name}_id" if name in foreign_key_names() else name


@functools.cache
def foreign_key_names() -> frozenset[str]:
    """The names of the ForeignKey fields of Koers' models (not Django's or a library's)."""
    return frozenset(
        field.name
        for model in apps.get_models()
        if model.__module__.startswith("koers.")
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
    )


def django_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """Turns the service's ValidationError into [{"field", "message"}], in API field names."""
    if hasattr(exc, "error_dict"):
        out: list[dict[str, Any]] = []
        for name, errors in exc.error_dict.items():
            field = None if name == NON_FIELD_ERRORS else api_field_name(name)
            out.extend(_django_error(field, error) for error in errors)
        return out
    return [_django_error(None, error) for error in exc.error_list]


def filter_errors(errors: Any, *, names: Mapping[str, str] | None = None) -> FieldErrors:
    """A list's FilterSet errors (a form's ErrorDict) as a 422 in the API's parameter names.

    An id that names nothing the user may read (a choice not offered) is `not_found`.
    """
    items = []
    for name, field_errors in errors.as_data().items():
        for error in field_errors:
            item = _django_error((names or {}).get(name, name), error)
            if item["code"] == "invalid_choice":
                item["code"] = "not_found"
            items.append(item)
    return FieldErrors.of(items)


def _django_error(field: str | None, error: DjangoValidationError) -> dict[str, Any]:
    message = error.message % error.params if error.params else error.message
    return {"field": field, "message": str(message), "code": error.code or "invalid"}


def _ninja_errors(exc: NinjaValidationError) -> list[dict[str, Any]]:
    out = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        # loc is (source, [parameter name,] field, ...): "body", "payload", "vat_number"
        if loc and loc[0] == "body" and len(loc) > 1:
            loc = loc[2:]
        elif loc:
            loc = loc[1:]
        # A PATCH field is "its type, or left out" (a union with None); the None branch's
        # "Input should be None" says nothing that the other branch's error does not.
        if loc[-1:] == ["none"] and _other_branch_failed(exc.errors, error):
            continue
        # pydantic names the branch of a union it tried ("str", "int", "function-after[...]").
        loc = [part for part in loc if not _is_type_tag(part)]
        field = ".".join(loc) or None
        message = str(error.get("msg", _("Invalid value.")))
        # A type's own check of a rule the document cannot state (a date's range) keeps its code.
        code = error.get("type") if error.get("type") in BEYOND_SCHEMA_CODES else "schema"
        out.append({"field": field, "message": message, "code": code})
    return out


def _other_branch_failed(errors: list[dict[str, Any]], error: dict[str, Any]) -> bool:
    field = tuple(error["loc"][:-1])
    return any(
        other is not error and tuple(other.get("loc", ()))[: len(field)] == field
        for other in errors
    )


def _is_type_tag(part: str) -> bool:
    return part in {"str", "int", "bool", "float", "date", "list", "none"} or part.startswith(
        ("function-", "constrained-", "literal[", "enum[", "nullable[", "list[")
    )


def install(api: NinjaAPI) -> None:
    """Registers the handlers that give every failure its JSON body and status."""

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return JsonResponse({"detail": _("Not found.")}, status=404)

    def on_auth(request: HttpRequest, exc: Exception) -> HttpResponse:
        response = JsonResponse(
            {"detail": _("Give a valid API token (Authorization: Bearer …) or sign in.")},
            status=401,
        )
        response["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400:
            detail = _("The request body must be a JSON object.")
        elif exc.status_code == 403:
            detail = _("The CSRF check failed: send the X-CSRFToken header with the session.")
        else:
            detail = str(exc)
        return JsonResponse({"detail": detail}, status=exc.status_code)

    def on_ninja_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        return validation_response(_ninja_errors(exc))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return validation_response(django_errors(exc))

    def on_field_errors(request: HttpRequest, exc: FieldErrors) -> HttpResponse:
        return validation_response(exc.items)

    def on_permission(request: HttpRequest, exc: Exception) -> HttpResponse:
        return JsonResponse({"detail": _("Your role does not allow this.")}, status=403)

    def on_protected(request: HttpRequest, exc: Exception) -> HttpResponse:
        return JsonResponse(
            {"detail": _("Other records still refer to this one; it cannot be deleted.")},
            status=409,
        )

    def on_database_down(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.warning("database unavailable on %s %s: %s", request.method, request.path, exc)
        return outage.database_unavailable(request)

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Never a traceback in the body, not even in DEBUG; the log has it.
        logger.exception("API error on %s %s", request.method, request.path)
        return JsonResponse({"detail": _("Something went wrong on our side.")}, status=500)

    _add_handler(api, Exception, on_unexpected)
    # A lost database is a 503 with Retry-After, not a 500 (core/outage.py).
    _add_handler(api, OperationalError, on_database_down)
    _add_handler(api, InterfaceError, on_database_down)
    _add_handler(api, Http404, on_not_found)
    _add_handler(api, ObjectDoesNotExist, on_not_found)
    _add_handler(api, AuthenticationError, on_auth)
    _add_handler(api, HttpError, on_http_error)
    _add_handler(api, NinjaValidationError, on_ninja_validation)
    _add_handler(api, DjangoValidationError, on_django_validation)
    _add_handler(api, FieldErrors, on_field_errors)
    # NotAllowed (the services' refusal) is a PermissionDenied. The built-in PermissionError
    # is mapped too until no service raises it any more.
    _add_handler(api, PermissionDenied, on_permission)
    _add_handler(api, PermissionError, on_permission)
    _add_handler(api, ProtectedError, on_protected)
    _add_handler(api, RestrictedError, on_protected)


_E = TypeVar("_E", bound=Exception)


def _add_handler(
    api: NinjaAPI, exc_class: type[_E], handler: Callable[[HttpRequest, _E], HttpResponse]
) -> None:
    # `api.add_exception_handler` types the handler's argument as "the exception or its class",
    # which no handler here accepts; ninja always passes the instance. Its decorator form takes
    # any callable, and mypy still checks here that `handler` accepts an `exc_class`.
    api.exception_handler(exc_class)(handler)


def refuse_nulls(data: Mapping[str, Any], nullable: Collection[str]) -> None:
    """A PATCH may set only the nullable fields to null; leaving a field out keeps it."""
    errors: dict[str | None, list[str]] = {
        name: [_("This field may not be null; leave it out to keep its value.")]
        for name, value in data.items()
        if value is None and name not in nullable
    }
    if errors:
        # The schema states it: these fields are not nullable in a PATCH body.
        raise FieldErrors(errors, code="schema")


def conflict_body(current: dict[str, Any], exc: StaleVersionError) -> dict[str, Any]:
    """The 409 for a stale `version`: the current object and what changed since that version."""
    return {
        "detail": _(
            "Someone saved this record after you read it, so nothing was changed. Apply your "
            "changes to the current version and send that version."
        ),
        "current_version": current["version"],
        "current": current,
        "changes": [
            {
                "field": change["name"],
                "label": str(change["field"]),
                "old": change["old"],
                "new": change["new"],
                "by": str(change["by"]) if change["by"] else None,
                "at": change["at"],
            }
            for change in exc.changes
        ],
    }


def json_not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """For paths under /api/ that match no endpoint (e.g. /api/v1/accounts/abc)."""
    return JsonResponse({"detail": _("Not found.")}, status=404)
