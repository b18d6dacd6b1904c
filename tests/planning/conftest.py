"""Fixtures of the planning tests."""

from datetime import date

import pytest
import time_machine

from tests.factories import make_account, make_contact


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 12, 5), tick=False):
        yield


@pytest.fixture
def account(people):
    return make_account(people.alice, "Groothandel Alfa")


@pytest.fixture
def anna(account, people):
    return make_contact(account, people.alice, first_name="Anna", last_name="de Vries")


from tests.api.conftest import api, token_for  # noqa: E402, F401 (the API client fixtures)
