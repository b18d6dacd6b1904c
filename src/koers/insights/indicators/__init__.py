"""The indicators of the first slice, one module per area; importing registers them."""

from koers.insights.indicators import complaints, contacts, orders, pipeline, quotes, targets

__all__ = ["complaints", "contacts", "orders", "pipeline", "quotes", "targets"]
