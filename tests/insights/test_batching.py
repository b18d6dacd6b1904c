"""A page of figures runs its grouped queries together (decision 150); every figure must be
exactly what the indicator gives when it is computed on its own, for every persona, for the
period, the one compared with and the team's spread."""

from __future__ import annotations

from datetime import date

import pytest

from koers.insights import figures, registry
from koers.insights.periods import Period
from tests.factories import make_user

NOV = Period.of("month", date(2026, 11, 1))


def _alone(user, period, owners):
    """Each indicator computed on its own, outside a page: one query each."""
    return {
        i.key: figures.value_of(i.compute(user, period, owners), i) for i in registry.indicators()
    }


@pytest.mark.parametrize("persona", ["alice", "bob", "maria", "admin"])
def test_the_dashboard_gives_each_figure_as_computed_alone(world, persona):
    user = getattr(world.people, persona)
    owners = figures.subject_owners(user)
    now, then = _alone(user, NOV, owners), _alone(user, NOV.previous(), owners)
    found = {f.indicator.key: f for f in figures.my_figures(user, NOV)}
    assert any(v for v in now.values()), "the world has figures to compare"
    for key, value in now.items():
        assert found[key].value == value, key
        if found[key].indicator.per_period:
            assert found[key].previous == then[key], key


def test_the_spread_is_that_of_the_colleagues_computed_alone(world):
    alice = world.people.alice
    make_user("dave").teams.add(alice.teams.get())
    team = figures.peers(alice)
    found = {f.indicator.key: f for f in figures.my_figures(alice, NOV)}
    assert found["revenue"].spread is not None
    for indicator in registry.indicators():
        alone = figures._spread(indicator, indicator.compute(None, NOV, team), team)
        assert found[indicator.key].spread == alone, indicator.key


def test_the_team_matrix_gives_each_cell_as_computed_alone(world):
    maria = world.people.maria
    matrix = figures.team_matrix(maria, NOV)
    ids = [row.person.pk for row in matrix.rows]
    for column, indicator in enumerate(matrix.indicators):
        parts = indicator.compute(maria, NOV, ids)
        assert matrix.totals[column].value == figures.value_of(parts, indicator), indicator.key
        for row in matrix.rows:
            pk = row.person.pk
            alone = figures.value_of({pk: parts[pk]} if pk in parts else {}, indicator)
            assert row.figures[column].value == alone, (indicator.key, row.person.username)


def test_work_shared_by_the_figures_of_a_page_is_forgotten_after_it():
    with registry.shared_work():
        registry.once(("probe",), lambda: 1)
        assert registry.once(("probe",), lambda: 2) == 1
    assert registry.once(("probe",), lambda: 3) == 3
