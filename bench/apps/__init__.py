"""Per-app parts of the benchmark: `bench/apps/<app label>.py`, found in INSTALLED_APPS order.

A module may define any of:

- `GENERATE`: `[(label, step)]`, generator steps `step(g: Generator) -> rows written`, run in
  order after the steps of the apps before it (core's people before accounts' accounts);
- `loaded_models()`: the tables its steps fill in bulk (indexes set aside during the load,
  ANALYZE afterwards); `CHOSEN_IDS`: models whose ids the steps decide (sequences moved on);
- `subjects(s: Subjects)`: who and what its scenarios use, picked from the data;
- `SCENARIOS`: rows of `bench.scenario.Scenario`, measured in order.

A new app adds its module here and adds rows; bench/run.py and bench/generate.py stay as
they are. Imported after Django is set up, so the modules import models at the top.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType


def app_modules() -> list[ModuleType]:
    """The benchmark module of every installed Koers app that has one, in INSTALLED_APPS order."""
    from django.apps import apps

    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("koers."):
            continue
        name = f"bench.apps.{config.label}"
        if importlib.util.find_spec(name) is not None:
            modules.append(importlib.import_module(name))
    return modules
