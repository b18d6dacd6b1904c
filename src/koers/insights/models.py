"""The insights app's data: the accountability reports (`reports/models.py`)."""

from koers.insights.reports.models import (
    AccountabilityReport,
    ReportComment,
    ReportDeviation,
    ReportSettings,
)

__all__ = ["AccountabilityReport", "ReportComment", "ReportDeviation", "ReportSettings"]
