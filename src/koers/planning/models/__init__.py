"""The planning app's models, one module per subject, all exported here."""

from koers.planning.models.analysis import AccountAnalysis, AnalysisYear
from koers.planning.models.portfolio import HealthRun, HealthRunStatus, HealthScore
from koers.planning.models.signals import (
    AccountCompetitor,
    Importance,
    MarketSignal,
    SignalKind,
    SignalSource,
)

__all__ = [
    "AccountAnalysis",
    "AccountCompetitor",
    "AnalysisYear",
    "HealthRun",
    "HealthRunStatus",
    "HealthScore",
    "Importance",
    "MarketSignal",
    "SignalKind",
    "SignalSource",
]
