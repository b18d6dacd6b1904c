"""Every write of orders (decision 14): `<noun>_<verb>`, keyword-only, one transaction."""

from koers.sales.orders.services.common import customer_summary_rebuild, customer_summary_refresh
from koers.sales.orders.services.contracts import order_renewal_create, renew_contracts
from koers.sales.orders.services.orders import (
    LineIn,
    order_again,
    order_create,
    order_line_add,
    order_line_remove,
    order_update,
)
from koers.sales.orders.services.problems import (
    order_problem_communicate,
    order_problem_record,
    order_problem_resolve,
)
from koers.sales.orders.services.status import order_status_advance, order_status_change
from koers.sales.orders.services.upsert import order_lines_set, order_upsert

__all__ = [
    "LineIn",
    "customer_summary_rebuild",
    "customer_summary_refresh",
    "order_again",
    "order_create",
    "order_line_add",
    "order_line_remove",
    "order_lines_set",
    "order_problem_communicate",
    "order_problem_record",
    "order_problem_resolve",
    "order_renewal_create",
    "order_status_advance",
    "order_status_change",
    "order_update",
    "order_upsert",
    "renew_contracts",
]
