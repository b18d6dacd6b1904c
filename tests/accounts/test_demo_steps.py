"""How `manage.py demo` runs the apps' demo steps (koers/demo/runner.py), on an empty database.

Apart from test_demo.py, whose tests share one demo organisation.
"""

from __future__ import annotations

import pytest

from koers.accounts.models import Account
from koers.core.models import User
from koers.demo.runner import build_demo, demo_steps


def test_each_apps_step_runs_after_the_apps_it_builds_on():
    modules = [step.__module__ for step in demo_steps()]

    assert modules[:2] == ["koers.core.demo", "koers.accounts.demo"]
    assert all(module.endswith(".demo") for module in modules)


def test_a_failing_step_leaves_nothing_behind(db):
    # Core's step writes the users first; then the accounts' step refuses five accounts.
    with pytest.raises(ValueError):
        build_demo(accounts=5, contacts=10)

    assert not User.objects.exists()
    assert not Account.objects.exists()
