"""Every write of quotes: `<noun>_<verb>`, keyword-only, one transaction each."""

from koers.sales.quotes.services.acceptance import Contract, quote_accept, quote_decline
from koers.sales.quotes.services.approvals import quote_approve, quote_return
from koers.sales.quotes.services.lines import (
    LineData,
    quote_group_add,
    quote_group_remove,
    quote_group_update,
    quote_line_add,
    quote_line_move,
    quote_line_remove,
    quote_line_update,
)
from koers.sales.quotes.services.quotes import (
    TermsData,
    quote_create,
    quote_settings_update,
    quote_terms_update,
)
from koers.sales.quotes.services.sending import quote_send
from koers.sales.quotes.services.transitions import (
    CHECKLIST,
    quote_expire,
    quote_mark_sent,
    quote_review_approve,
    quote_review_return,
    quote_submit,
    quote_withdraw,
)
from koers.sales.quotes.services.validity import quote_extend, watch_validity
from koers.sales.quotes.services.versions import quote_add_variant, quote_revise

__all__ = [
    "CHECKLIST",
    "Contract",
    "LineData",
    "TermsData",
    "quote_accept",
    "quote_add_variant",
    "quote_approve",
    "quote_create",
    "quote_decline",
    "quote_expire",
    "quote_extend",
    "quote_group_add",
    "quote_group_remove",
    "quote_group_update",
    "quote_line_add",
    "quote_line_move",
    "quote_line_remove",
    "quote_line_update",
    "quote_mark_sent",
    "quote_return",
    "quote_review_approve",
    "quote_review_return",
    "quote_revise",
    "quote_send",
    "quote_settings_update",
    "quote_submit",
    "quote_terms_update",
    "quote_withdraw",
    "watch_validity",
]
