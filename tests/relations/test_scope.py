"""Who reads and who changes an account's activities, reports and commitments: exactly those who
read or change the account."""

from __future__ import annotations

from datetime import date

import pytest

from koers.relations import queries, services
from koers.relations.models import CommitmentDirection
from tests.factories import make_account
from tests.relations.factories import plan

# persona: (reads alice's account's objects, changes them)
EXPECTED = {
    "alice": (True, True),
    "bob": (False, False),
    "charlie": (False, False),
    "maria": (True, True),
    "ingrid": (False, False),
    "mark": (True, False),
    "admin": (True, True),
}


@pytest.fixture
def objects(people):
    account = make_account(people.alice, "Bakkerij Jansen")
    visit = plan(people.alice, account)
    report = services.report_write(actor=people.alice, activity=visit, data={"discussed": "x"})
    commitment = services.commitment_make(
        actor=people.alice,
        account=account,
        direction=CommitmentDirection.OURS,
        description="Prices",
        due_date=date(2026, 12, 10),
    )
    return visit, report, commitment


@pytest.mark.parametrize("persona", sorted(EXPECTED))
def test_the_scope_follows_the_account(people, objects, persona):
    user = getattr(people, persona)
    visit, report, commitment = objects
    reads, changes = EXPECTED[persona]

    assert (
        list(queries.activities_readable(user)) == [visit],
        list(queries.reports_readable(user)) == [report],
        list(queries.commitments_readable(user)) == [commitment],
    ) == (reads, reads, reads)
    assert (
        list(queries.activities_writable(user)) == [visit],
        list(queries.reports_writable(user)) == [report],
        list(queries.commitments_writable(user)) == [commitment],
    ) == (changes, changes, changes)


def test_a_colleague_on_the_account_team_reads_and_changes(people, objects):
    visit, _report, _commitment = objects
    visit.account.team_members.create(user=people.ingrid, role="inside_sales")

    assert list(queries.activities_readable(people.ingrid)) == [visit]
    assert list(queries.activities_writable(people.ingrid)) == [visit]
