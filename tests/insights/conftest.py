from __future__ import annotations

from collections.abc import Iterator

import pytest
import time_machine

from tests.insights.world import TODAY, Insights, build


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world(people) -> Insights:
    return build(people)
