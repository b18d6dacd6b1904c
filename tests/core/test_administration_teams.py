"""Administration: administrators list, create and edit teams (name, manager, members)."""

from __future__ import annotations

import pytest

from koers.core import services
from koers.core.errors import NotAllowed
from koers.core.models import Role, Team
from tests.core.administration import NON_ADMINS, signed_in_admin
from tests.factories import make_user

LIST = "/settings/teams/"
NEW = "/settings/teams/new/"


def _edit(team: Team) -> str:
    return f"/settings/teams/{team.pk}/"


def _snapshot():
    return sorted(
        Team.objects.values_list("name", "manager__username", "members__username"), key=str
    )


@pytest.fixture
def admin(client, people):
    return signed_in_admin(client, people.admin)


def test_the_list_shows_each_team_with_its_manager_and_size(admin, people):
    response = admin.get(LIST)

    assert response.status_code == 200
    rows = [(t.name, str(t.manager), t.member_count) for t in response.context["page"]]
    assert rows == [("North", "Maria Tester", 3), ("South", "Sam Tester", 1)]


def test_an_administrator_creates_a_team_with_a_manager_and_members(admin, people):
    response = admin.post(
        NEW,
        {
            "name": "West",
            "manager": str(people.maria.pk),
            "members": [str(people.charlie.pk), str(people.ingrid.pk)],
        },
    )

    assert response.status_code == 302
    west = Team.objects.get(name="West")
    assert west.manager == people.maria
    assert set(west.members.all()) == {people.charlie, people.ingrid}


def test_an_administrator_renames_a_team_and_changes_its_members(admin, people):
    north = Team.objects.get(name="North")

    admin.post(
        _edit(north),
        {"name": "Noord", "manager": str(people.maria.pk), "members": [str(people.alice.pk)]},
    )

    north.refresh_from_db()
    assert north.name == "Noord"
    assert list(north.members.all()) == [people.alice]


def test_only_a_manager_can_manage_a_team(admin, people):
    before = _snapshot()

    response = admin.post(NEW, {"name": "West", "manager": str(people.alice.pk)})

    assert response.status_code == 200
    assert response.context["form"].errors["manager"]
    assert _snapshot() == before


def test_a_team_name_in_use_is_reported_at_its_field(admin, people):
    before = _snapshot()

    response = admin.post(NEW, {"name": "North", "manager": str(people.maria.pk)})

    assert response.context["form"].errors["name"] == ["Team with this Name already exists."]
    assert _snapshot() == before


def test_a_deactivated_member_can_still_be_taken_off(admin, people):
    north = Team.objects.get(name="North")
    people.bob.is_active = False
    people.bob.save()

    page = admin.get(_edit(north))
    admin.post(
        _edit(north),
        {"name": "North", "manager": str(people.maria.pk), "members": [str(people.alice.pk)]},
    )

    assert "Bob Tester" in page.content.decode()
    assert list(north.members.all()) == [people.alice]


@pytest.mark.parametrize("persona", NON_ADMINS)
@pytest.mark.parametrize("page", ["list", "new", "edit"])
def test_it_refuses_the_team_pages_to_everyone_but_administrators(
    client_for, people, persona, page
):
    north = Team.objects.get(name="North")
    url = {"list": LIST, "new": NEW, "edit": _edit(north)}[page]
    before = _snapshot()
    client = client_for(getattr(people, persona))

    shown = client.get(url)
    posted = client.post(url, {"name": "Mine", "manager": str(people.maria.pk), "members": []})

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert _snapshot() == before


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_the_team_services_refuse_everyone_but_administrators(people, persona):
    actor = getattr(people, persona)
    north = Team.objects.get(name="North")
    before = _snapshot()

    with pytest.raises(NotAllowed):
        services.team_create(actor=actor, data={"name": "Mine"})
    with pytest.raises(NotAllowed):
        services.team_update(actor=actor, team=north, data={"name": "Mine"}, members=[])

    assert _snapshot() == before


def test_the_team_service_refuses_a_manager_without_the_manager_role(people):
    with pytest.raises(Exception, match="must have the role Manager"):
        services.team_create(
            actor=people.admin, data={"name": "West", "manager": make_user("zoe", Role.MARKETING)}
        )
    assert not Team.objects.filter(name="West").exists()
