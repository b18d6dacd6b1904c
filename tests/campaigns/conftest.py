from __future__ import annotations

import pytest

from tests.api.conftest import api, token_for  # noqa: F401 (the API client fixtures)
from tests.campaigns.file import File, build_file


@pytest.fixture
def file(people) -> File:
    return build_file(people)
