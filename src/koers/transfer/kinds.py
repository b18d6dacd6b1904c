"""What else than the customer file an import can bring in: a registry of import kinds.

The customer file ("accounts") is the import's own kind, with its mapping of values, defaults,
contacts and chains (services.py, checking.py, running.py). Another app adds a kind of its own
(the catalogue's products) by registering an `ImportKind` in its AppConfig.ready(): its fields
for the mapping, who may import it, the check of every row (the dry run) and the write. The
upload, the column mapping, the preview of rows with their problems, the file of rows left out,
the background work for large files and the job's lifecycle are then the same for every kind
(docs/decisions.md: "An import of another kind plugs into the customer file's import").

A kind's `check(job)` answers the preview as a report: `ok` (rows that can be imported),
`errors` (rows with problems), `create`, `update`, `unchanged`, `rows` (each with `row`, `name`,
`action` and `errors` of `{"field", "message", "value"}`), `problems` (field -> rows) and
`left_out` (the row numbers with problems). Its `write(job)` runs inside the import's single
transaction, under the job's row lock, and returns the job's counts and result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from koers.transfer.columns import ImportField

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from koers.core.models import User
    from koers.transfer.models import ImportJob

ACCOUNTS = "accounts"


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: StrOrPromise
    fields: tuple[ImportField, ...]
    # Fields a mapping must choose, with the message when one is missing.
    required: tuple[tuple[str, StrOrPromise], ...]
    may_import: Callable[[User], bool]
    check: Callable[[ImportJob], dict[str, Any]]
    write: Callable[[ImportJob], dict[str, Any]]
    # The page that lists what was imported.
    list_url_name: str

    @property
    def by_key(self) -> dict[str, ImportField]:
        return {f.key: f for f in self.fields}


KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    KINDS[kind.key] = kind


def kind_named(key: str) -> ImportKind | None:
    """The registered kind, or None for the customer file (or a key nobody registered)."""
    return KINDS.get(key)


def of(job: ImportJob) -> ImportKind | None:
    return KINDS.get(job.kind)
