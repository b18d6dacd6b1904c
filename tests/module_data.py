"""Read-only data that all tests of a module share, built once for the module.

    @pytest.fixture(scope="module")
    def _demo(django_db_setup, django_db_blocker):
        with module_data(django_db_blocker, lambda: run_demo(...)) as output:
            yield output

    @pytest.fixture
    def demo(_demo, db):  # each test still runs in its own transaction, rolled back after it
        return _demo

The data is written in a transaction that stays open for the module and is rolled back after its
last test, so no other module ever sees it; each test's own transaction nests inside it as a
savepoint, so a test that changes the data changes it for itself only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import transaction
from django.test import override_settings

T = TypeVar("T")


@contextmanager
def module_data(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """Runs `build` in a transaction that is rolled back when the block ends; yields its result."""
    # The suite's fast hasher (conftest's autouse fixture is per test, so not active here yet).
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        fast.enable()
        try:
            value = build()
        except BaseException:
            fast.disable()
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield value
    finally:
        fast.disable()
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
