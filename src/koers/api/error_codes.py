"""The codes of a 422 for a rule that the API's schema cannot state, named in the schema."""

from __future__ import annotations

# The error codes of a 422 for a rule that JSON Schema cannot state: it depends on stored data,
# on a check digit or numbering plan, or compares two fields. A request valid by the schema is
# refused with a 422 only for these (tests/api/schema_checks.py holds the server to that).
BEYOND_SCHEMA_CODES: dict[str, str] = {
    "not_found": "an id in the body or a filter names nothing you may read",
    "key_reused": "the Idempotency-Key was used before for a different request",
    "vat": "the VAT number does not follow its country's format",
    "vat_checksum": "the VAT number's check digits are wrong",
    "phone": "not a valid number in its country's numbering plan",
    "postcode": "a Dutch postcode (country NL, the default) is not like 1234 AB",
    "dates_order": "something would end before it starts (a position, an activity; also "
    "against the stored date)",
    "date_range": "a date or time outside the years 1900 to 2199, which JSON Schema cannot "
    "bound for a string",
    "status": "the object's status or kind does not allow this (a report for a phone call, a "
    "new due date for a done commitment)",
    "not_on_team": "the owner is neither the account manager nor a colleague on the account "
    "team (and not you)",
    "not_at_account": "a contact does not work at the account (or at another account of its chain)",
    "future": "a date lies in the future where only today or the past can be (done on)",
    "past": "a date lies in the past where only today or later can be (a lead's follow-up)",
    "needs_field": "a field needs another one with it, also against the stored value (a next "
    "step's date needs the next step)",
    "parent_cycle": "an account would become a branch of its own branch",
    "owner": "only a manager or administrator may move an account to another portfolio",
    "too_many": "a list is full (a visit's checklist holds at most 30 items, a report at most 20 "
    "photos)",
    "not_an_image": "an uploaded file is not a photo Koers can read (JPEG, PNG, WebP or GIF), or "
    "is too large",
    "inactive": "the category or product group named is no longer in use",
    "role": "the colleague named has a role that cannot do this (marketing handles no complaints)",
    "unique": "a code is already used by another product or product group",
    "levels": "product groups have two levels: a parent must be a main group, and a group with "
    "subgroups stays a main group",
    "threshold": "a mandate's second threshold lies on the wrong side of its first (a director's "
    "discount below the manager's, a margin above it)",
    "price_list_scope": "a price list is for a segment or for a chain (account), not both",
    "not_active": "the product is not sold on that date",
    "exclusive": "two fields that exclude each other are both given (a complaint names a "
    "product or a product group)",
    "no_address": "the contact has no e-mail address to send to",
    "placeholder": "a typed text names a placeholder that does not exist (`{name}`)",
    "range": "an amount is above what it applies to (a discount above its line's amount or "
    "above the quote's subtotal)",
    "period": "a target's period number lies beyond its kind (a 13th month, a 5th quarter; a "
    "year is period 1)",
    "duplicate": "a list names the same thing twice (a financial year in an account analysis)",
    "too_large": "an amount computed from the values sent (an order line's quantity times its "
    "price) is larger than Koers keeps",
    "total": "percentages that must add up to 100 do not (spreading a target over its parts)",
    "full": "every place of the event is taken; moving someone up from the waiting list needs "
    "`over_capacity`",
    "branch": "a target of an account's product group names a branch (its chain's target counts "
    "the branch's orders)",
    "beyond_approval": "the optional lines taken at acceptance push the quote's discount or "
    "margin past what its mandate and its approval allowed",
}
