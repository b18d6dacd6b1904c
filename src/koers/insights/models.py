from koers.insights.snapshot_models import PipelineSnapshot, PipelineState

__all__ = ["PipelineSnapshot", "PipelineState"]
