"""Relationship care in the benchmark: its generator steps (`generate.py`) and its scenarios
with the subjects they use (`scenarios.py`)."""

from bench.apps.relations.generate import CHOSEN_IDS, GENERATE, counts, loaded_models
from bench.apps.relations.scenarios import SCENARIOS, subjects

__all__ = ["CHOSEN_IDS", "GENERATE", "SCENARIOS", "counts", "loaded_models", "subjects"]
