"""One demo for every test of what `manage.py demo` builds.

Building the demo takes about twenty seconds; each app's demo tests used to build their own (ten
builds per run of the suite, on each database). Here it is built once for the whole package, in
the transaction of `tests/module_data.py` that is rolled back after the package's last test, so
no other test ever sees it; each test still runs in its own savepoint. The package's tests form
one xdist group (`scripts/test.sh` runs `--dist loadgroup`), so they run one after the other on
one worker and the demo is built once per run.

The build runs as `manage.py demo` does on a real database: the callbacks a commit would run (mail
and background tasks) run too, with the test settings' mail and task backends, so a test can
check that the demo sends nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings

from tests.module_data import module_data

DEMO_ARGS = ("--accounts", "60", "--contacts", "200")


@dataclass(frozen=True)
class DemoBuild:
    output: str  # what `manage.py demo` printed
    mails_sent: int  # mails that reached the outbox while the demo was built


# First: pytest-xdist's own hook turns the mark into the group, and it ran before this one.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.startswith("tests/demo/"):
            item.add_marker(pytest.mark.xdist_group("demo"))


def build(*args: str) -> DemoBuild:
    out = StringIO()
    mail.outbox = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("demo", *(args or DEMO_ARGS), stdout=out)
    return DemoBuild(out.getvalue(), len(mail.outbox))


@pytest.fixture(scope="package")
def _demo_build(django_db_setup, django_db_blocker) -> Iterator[DemoBuild]:
    # The per-test settings of tests/conftest.py are not active yet at this scope.
    quiet = override_settings(
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    with quiet, module_data(django_db_blocker, build) as built:
        yield built


@pytest.fixture
def demo_build(_demo_build: DemoBuild, db) -> DemoBuild:
    return _demo_build


@pytest.fixture
def demo(demo_build: DemoBuild) -> str:
    """What `manage.py demo` printed; the data is in the database."""
    return demo_build.output
