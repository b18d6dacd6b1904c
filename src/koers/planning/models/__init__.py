"""The planning app's models, one module per subject, all exported here."""

from koers.planning.models.signals import (
    AccountCompetitor,
    Importance,
    MarketSignal,
    SignalKind,
    SignalSource,
)

__all__ = ["AccountCompetitor", "Importance", "MarketSignal", "SignalKind", "SignalSource"]
