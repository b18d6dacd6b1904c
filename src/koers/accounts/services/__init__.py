"""Every write to the customer file, split by sub-domain (accounts, contacts, segments).

Callers write `services.account_update(...)`; the names are handed on here so that a view
needs one import whatever module a write lives in.
"""

from koers.accounts.services.accounts import (
    NORMALIZED_ACCOUNT_FIELDS,
    account_create,
    account_delete,
    account_normalize,
    account_team_add,
    account_team_remove,
    account_update,
)
from koers.accounts.services.contacts import (
    NORMALIZED_CONTACT_FIELDS,
    contact_create,
    contact_delete,
    contact_normalize,
    contact_update,
    position_add,
    position_end,
    position_update,
)
from koers.accounts.services.privacy import (
    contact_erase,
    contact_personal_data,
    legal_holds,
    personal_data_export,
)
from koers.accounts.services.segments import segment_create, segment_delete, segment_update

__all__ = [
    "NORMALIZED_ACCOUNT_FIELDS",
    "NORMALIZED_CONTACT_FIELDS",
    "account_create",
    "account_delete",
    "account_normalize",
    "account_team_add",
    "account_team_remove",
    "account_update",
    "contact_create",
    "contact_delete",
    "contact_erase",
    "contact_normalize",
    "contact_personal_data",
    "contact_update",
    "legal_holds",
    "personal_data_export",
    "position_add",
    "position_end",
    "position_update",
    "segment_create",
    "segment_delete",
    "segment_update",
]
