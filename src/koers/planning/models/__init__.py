"""The planning app's models, one module per subject, all exported here."""

from koers.planning.models.analysis import AccountAnalysis, AnalysisYear
from koers.planning.models.signals import (
    AccountCompetitor,
    Importance,
    MarketSignal,
    ShareEstimate,
    SignalKind,
    SignalSource,
)

__all__ = [
    "AccountAnalysis",
    "AccountCompetitor",
    "AnalysisYear",
    "Importance",
    "MarketSignal",
    "ShareEstimate",
    "SignalKind",
    "SignalSource",
]
