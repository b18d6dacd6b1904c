"""Every benchmark scenario still answers as expected, at size XS, in-process.

A page or endpoint that changes its URL or its answer breaks `bench.run` at size L minutes into
a run; this finds it in a second. The data is generated once for the module.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from bench.apps import app_modules
from bench.generate import generate
from bench.measure import Runner, Sessions, check
from bench.run import choose_subjects, scenarios

from koers.accounts.models import Account
from tests.module_data import module_data


@pytest.fixture(scope="module")
def _generated(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker, lambda: generate("XS")) as result:
        yield result


@pytest.fixture
def subjects(_generated, db):
    return choose_subjects(app_modules())


def test_every_app_with_scenarios_is_found_in_installed_apps_order():
    names = [module.__name__ for module in app_modules()]

    assert names[:2] == ["bench.apps.core", "bench.apps.accounts"]
    assert "bench.apps.transfer" in names


def test_the_floor_comes_first_so_that_every_round_of_the_http_mode_starts_with_it():
    rows = scenarios(app_modules(), size="XS")

    assert rows[0].name == "floor: signed-in 'ok'"
    assert len({row.name for row in rows}) == len(rows)


@pytest.mark.parametrize(
    "name", [row.name for row in scenarios(app_modules(), size="XS") if row.call is None]
)
def test_the_scenario_answers_with_its_expected_status(subjects, name):
    scenario = next(row for row in scenarios(app_modules(), size="XS") if row.name == name)
    sessions = Sessions(subjects)

    check(scenario, sessions.request(scenario, 0))


def test_the_import_scenario_imports_its_file_and_rolls_it_back(subjects, capsys):
    before = Account.objects.count()
    runner = Runner(requests=1, warmup=0, explain=0)
    scenario = next(row for row in scenarios(app_modules(), size="XS") if row.call is not None)

    scenario.call(runner, subjects, SimpleNamespace(import_rows=40))

    assert runner.results[0].scenario == "import 40 rows"
    assert runner.results[0].note.startswith("32 created, 8 updated")
    assert Account.objects.count() == before
