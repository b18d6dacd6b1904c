"""The planning app's models, one module per subject, all exported here."""

from koers.planning.models.analysis import AccountAnalysis, AnalysisYear
from koers.planning.models.signals import (
    AccountCompetitor,
    Importance,
    MarketSignal,
    SignalKind,
    SignalSource,
)
from koers.planning.models.targets import (
    Measure,
    PeriodKind,
    SpreadKind,
    SpreadProfile,
    Target,
    TargetLevel,
)

__all__ = [
    "AccountAnalysis",
    "AccountCompetitor",
    "AnalysisYear",
    "Importance",
    "MarketSignal",
    "Measure",
    "PeriodKind",
    "SignalKind",
    "SignalSource",
    "SpreadKind",
    "SpreadProfile",
    "Target",
    "TargetLevel",
]
