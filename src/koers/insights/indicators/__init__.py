"""The indicators of the first slice, one module per area; importing registers them. `ORDER`
is the order of the dashboards: results first, then the pipeline, then the relationship."""

from koers.insights.indicators import (
    complaints,
    contacts,
    orders,
    pipeline,
    portfolio,
    quotes,
    targets,
)

__all__ = ["complaints", "contacts", "orders", "pipeline", "portfolio", "quotes", "targets"]

ORDER = (
    "revenue",
    "margin",
    "target_realisation",
    "new_customers",
    "new_customer_revenue",
    "pipeline_value",
    "pipeline_weighted",
    "quote_hit_rate",
    "contact_within_norm",
    "contact_on_track",
    "contact_due_soon",
    "contact_overdue",
    "complaints_open",
    "complaints_overdue",
)
