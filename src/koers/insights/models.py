"""The insights app's data: the accountability reports (`reports/models.py`), the
subscriptions (`subscriptions/models.py`) and the weekly pipeline snapshots
(`snapshot_models.py`)."""

from koers.insights.reports.models import (
    AccountabilityReport,
    ReportComment,
    ReportDeviation,
    ReportSettings,
)
from koers.insights.snapshot_models import PipelineSnapshot, PipelineState
from koers.insights.subscriptions.models import (
    Frequency,
    SubscribedView,
    Subscription,
    SubscriptionCopy,
)

__all__ = [
    "AccountabilityReport",
    "Frequency",
    "PipelineSnapshot",
    "PipelineState",
    "ReportComment",
    "ReportDeviation",
    "ReportSettings",
    "SubscribedView",
    "Subscription",
    "SubscriptionCopy",
]
