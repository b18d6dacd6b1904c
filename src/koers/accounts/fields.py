"""The fields of an account, a contact and a position that a user edits: written once, here.

The services accept only these; the forms, the API and the export derive their lists from them.
Each tuple is in the order of the model.
"""

from __future__ import annotations

ACCOUNT_FIELDS = (
    "name",
    "kvk_number",
    "establishment_number",
    "vat_number",
    "external_id",
    "visit_street",
    "visit_postcode",
    "visit_city",
    "visit_country",
    "postal_street",
    "postal_postcode",
    "postal_city",
    "postal_country",
    "phone",
    "email",
    "website",
    "segment",
    "tier",
    "status",
    "owner",
    "parent",
    "notes",
)
# Other rows: a form or the API names them by id (`segment_id`), the services take the objects.
ACCOUNT_REFERENCES = ("segment", "owner", "parent")
# The values stored in the account's own row, as they are shown and sent.
ACCOUNT_VALUES = tuple(name for name in ACCOUNT_FIELDS if name not in ACCOUNT_REFERENCES)

CONTACT_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile",
    "preferred_language",
    "personal_interests",
    "mailing_consent",
    "consent_date",
    "consent_source",
    "opted_out",
    "opted_out_at",
    "notes",
)

POSITION_FIELDS = ("job_title", "buying_role", "attitude", "start_date", "end_date")
