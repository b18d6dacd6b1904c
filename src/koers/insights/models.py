"""The insights app's data: the accountability reports (`reports/models.py`) and the
subscriptions (`subscriptions/models.py`)."""

from koers.insights.reports.models import (
    AccountabilityReport,
    ReportComment,
    ReportDeviation,
    ReportSettings,
)
from koers.insights.subscriptions.models import (
    Frequency,
    SubscribedView,
    Subscription,
    SubscriptionCopy,
)

__all__ = [
    "AccountabilityReport",
    "Frequency",
    "ReportComment",
    "ReportDeviation",
    "ReportSettings",
    "SubscribedView",
    "Subscription",
    "SubscriptionCopy",
]
