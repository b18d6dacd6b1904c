"""Who reads which complaints: the list's faster form of the scope gives the same rows."""

from __future__ import annotations

import pytest

from koers.complaints import queries
from koers.complaints.services import involve
from tests.complaints.factories import make_complaint
from tests.factories import make_account


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"])
def test_the_lists_scope_gives_the_same_complaints_as_the_records(people, persona):
    user = getattr(people, persona)
    alices = make_complaint(people.alice, make_account(people.alice, "Alpha"))
    charlies = make_complaint(people.charlie, make_account(people.charlie, "Charlie BV"))
    asked = make_complaint(people.charlie, make_account(people.charlie, "Gamma BV"))
    involve.complaint_task_assign(
        actor=people.charlie,
        complaint=asked,
        assignee=people.ingrid,
        description="Check the delivery",
    )

    by_list = set(queries.complaints_readable_for_page(user))

    assert by_list == set(queries.complaints_readable(user))
    assert by_list <= {alices, charlies, asked}
    if persona == "ingrid":  # inside sales of another team, given a task on one
        assert asked in by_list
