"""Schemathesis' `positive_data_acceptance`, told which 422s JSON Schema cannot prevent.

A request valid by the OpenAPI document must not be refused for a rule the document does not
state. Some rules no JSON Schema can state: an id that names nothing stored, a reused
Idempotency-Key, a VAT check digit, a phone numbering plan. The API answers those with a 422
whose errors carry a code from `BEYOND_SCHEMA_CODES`, listed in the document (FieldErrorOut.code).
This check lets a schema-valid request be refused only like that: any other 422 fails, as does
every other status the built-in check refuses.

The test suite uses it in place of the built-in (tests/api/test_schema.py); for a run of the CLI
against a server, load it as a hook:

    PYTHONPATH=src:. DJANGO_SETTINGS_MODULE=koers.settings \
    SCHEMATHESIS_HOOKS=tests.api.schema_checks st run --checks all \
        --exclude-checks positive_data_acceptance -H "Authorization: Bearer …" \
        http://…/api/v1/openapi.json
"""

from __future__ import annotations

import json

import schemathesis
from schemathesis.specs.openapi.checks import RejectedPositiveData, positive_data_acceptance

from koers.api.error_codes import BEYOND_SCHEMA_CODES


@schemathesis.check
def positive_data_refused_only_beyond_schema(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    try:
        return positive_data_acceptance(ctx, response, case)
    except RejectedPositiveData:
        if response.status_code == 422 and _codes(response) <= set(BEYOND_SCHEMA_CODES):
            return None
        raise


def _codes(response: schemathesis.Response) -> set[str | None]:
    try:
        errors = json.loads(response.content)["errors"]
        return {error.get("code") for error in errors} or {None}
    except (ValueError, KeyError, TypeError, AttributeError):
        return {None}
