from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.cache import cache

from tests.core.administration import signed_in_admin


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 6, 15), tick=False):
        yield


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The survey page counts requests per address in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_client(client, people):
    return signed_in_admin(client, people.admin)


from tests.api.conftest import api, token_for  # noqa: E402, F401 (the API client fixtures)
