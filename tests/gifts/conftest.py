from __future__ import annotations

import pytest

from tests.api.conftest import api, token_for  # noqa: F401 (the API client fixtures)
from tests.factories import make_account, make_contact


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


@pytest.fixture
def anna(account):
    return make_contact(
        account, first_name="Anna", last_name="Bakker", personal_interests="Golf, wine; Ajax"
    )
