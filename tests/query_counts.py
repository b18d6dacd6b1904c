"""Query counts of pages and endpoints, pinned in one baseline file per app.

    def test_the_list_makes_a_fixed_number_of_queries(..., query_baseline, rows):
        with query_baseline("page"):
            client.get("/accounts/")

compares the number of queries with `tests/<app>/query_counts.json` under the key
"<test module>::<test function>::page". The key leaves out the test's parameters on purpose: a
list must make the same number of queries for 3 rows and for 30, so every parametrisation is held
against the same number. After a change that legitimately changes a count, regenerate the file and
review its diff:

    .venv/bin/python -m pytest --update-query-counts tests/accounts

(without `-n`: one process writes the files). A mismatch prints the queries that ran.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

TESTS = Path(__file__).parent
_updates: dict[Path, dict[str, int]] = {}
# Keys measured in this session: every parameter of a test must give the same count.
_seen: set[str] = set()


def baseline_file(test_path: Path) -> Path:
    """`tests/<app>/query_counts.json` for a test module anywhere under `tests/<app>/`."""
    app = test_path.resolve().relative_to(TESTS).parts[0]
    return TESTS / app / "query_counts.json"


def _load(path: Path) -> dict[str, int]:
    return json.loads(path.read_text()) if path.exists() else {}


@pytest.fixture
def query_baseline(
    request: pytest.FixtureRequest,
) -> Callable[[str], AbstractContextManager[None]]:
    update = request.config.getoption("--update-query-counts")
    if update and hasattr(request.config, "workerinput"):
        pytest.fail("--update-query-counts runs in one process: leave out -n")
    path = baseline_file(Path(request.node.path))
    module = Path(request.node.path).stem
    function = request.node.originalname

    @contextmanager
    def pinned(label: str) -> Iterator[None]:
        key = f"{module}::{function}::{label}"
        with CaptureQueriesContext(connection) as captured:
            yield
        count = len(captured.captured_queries)
        if update:
            counts = _updates.setdefault(path, _load(path))
            if key in _seen and counts[key] != count:
                pytest.fail(f"{key}: {count} queries here, {counts[key]} in another parameter")
            _seen.add(key)
            counts[key] = count
            return
        expected = _load(path).get(key)
        if expected is None:
            pytest.fail(f"{key} has no baseline in {path.name}: run with --update-query-counts")
        if count != expected:
            queries = "\n".join(f"{i}. {q['sql']}" for i, q in enumerate(captured, 1))
            pytest.fail(f"{key}: {count} queries, the baseline is {expected}\n{queries}")

    return pinned


def write_updates() -> None:
    """Writes the regenerated baselines (called once at the end of the session)."""
    for path, counts in _updates.items():
        path.write_text(json.dumps(dict(sorted(counts.items())), indent=2) + "\n")
