"""The planning app's models, one module per subject, all exported here."""

from koers.planning.models.analysis import AccountAnalysis, AnalysisYear
from koers.planning.models.plans import (
    AccountPlan,
    ActionStatus,
    CommentKind,
    GoalMetric,
    PlanAction,
    PlanComment,
    PlanGoal,
    PlanningSettings,
    PlanStatus,
    PlanTeamMember,
    PlanTemplate,
    PlanType,
    PlanVersion,
    ProposalState,
)
from koers.planning.models.portfolio import HealthRun, HealthRunStatus, HealthScore
from koers.planning.models.signals import (
    AccountCompetitor,
    Importance,
    MarketSignal,
    ShareEstimate,
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
from koers.planning.models.whitespace import WhitespaceDeal, WhitespaceEstimate

__all__ = [
    "AccountAnalysis",
    "AccountCompetitor",
    "AccountPlan",
    "ActionStatus",
    "AnalysisYear",
    "CommentKind",
    "GoalMetric",
    "HealthRun",
    "HealthRunStatus",
    "HealthScore",
    "Importance",
    "MarketSignal",
    "Measure",
    "PeriodKind",
    "PlanAction",
    "PlanComment",
    "PlanGoal",
    "PlanStatus",
    "PlanTeamMember",
    "PlanTemplate",
    "PlanType",
    "PlanVersion",
    "PlanningSettings",
    "ProposalState",
    "ShareEstimate",
    "SignalKind",
    "SignalSource",
    "SpreadKind",
    "SpreadProfile",
    "Target",
    "TargetLevel",
    "WhitespaceDeal",
    "WhitespaceEstimate",
]
