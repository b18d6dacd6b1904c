"""The planning app's models, one module per subject, all exported here."""

from koers.planning.models.analysis import AccountAnalysis, AnalysisYear

__all__ = ["AccountAnalysis", "AnalysisYear"]
