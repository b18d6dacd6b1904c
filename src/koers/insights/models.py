"""The insights app's models live beside the code that uses them; Django finds them here."""

from koers.insights.snapshot_models import PipelineSnapshot, PipelineState  # noqa: F401
from koers.insights.subscriptions.models import (  # noqa: F401
    Frequency,
    SubscribedView,
    Subscription,
    SubscriptionCopy,
)
