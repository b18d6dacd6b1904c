"""Administration: administrators list, create and edit users and set a new password."""

from __future__ import annotations

import pytest
from django.test import Client

from koers.core import services
from koers.core.errors import NotAllowed
from koers.core.models import Role, Team, User
from tests.core.administration import NON_ADMINS, signed_in_admin
from tests.factories import make_user

LIST = "/settings/users/"
NEW = "/settings/users/new/"


def _edit(user: User) -> str:
    return f"/settings/users/{user.pk}/"


def _password(user: User) -> str:
    return f"/settings/users/{user.pk}/password/"


def _new_user(**changes):
    data = {
        "first_name": "Nina",
        "last_name": "de Boer",
        "email": "nina@example.nl",
        "username": "nina",
        "role": Role.ACCOUNT_MANAGER,
        "level": "C",
        "is_active": "on",
        "password1": "Koers-welkom-2026",
        "password2": "Koers-welkom-2026",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _user_data(user: User, **changes):
    data = {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "username": user.username,
        "role": user.role,
        "level": user.level,
        "is_active": "on" if user.is_active else None,
        "teams": [str(t.pk) for t in user.teams.all()],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _snapshot():
    return sorted(
        User.objects.values_list(
            "username", "first_name", "email", "role", "level", "is_active", "password"
        )
    ), sorted(Team.objects.values_list("name", "members__username"), key=str)


def _signs_in(username: str, password: str) -> bool:
    """Through the login page, in a browser of their own."""
    response = Client().post("/login/", {"username": username, "password": password})
    return response.status_code == 302


def _field_errors(response, name):
    return response.context["form"].errors.get(name, [])


@pytest.fixture
def admin(client, people):
    return signed_in_admin(client, people.admin)


def test_the_list_shows_each_user_with_role_level_and_teams(admin, people):
    response = admin.get(LIST)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'href="{_edit(people.alice)}"' in html
    row = html[html.index(f'href="{_edit(people.alice)}"') :]
    row = row[: row.index("</tr>")]
    assert "Account manager (B)" in row
    assert "North" in row
    assert response.context["nav"] == "administration"


def test_the_list_is_paginated_and_searchable(admin, people):
    for n in range(30):
        make_user(f"extra{n:02d}")

    first = admin.get(LIST)
    second = admin.get(LIST + "?page=2")
    found = admin.get(LIST + "?q=charl")

    assert len(first.context["page"].object_list) == 25
    # The eight people of tests/conftest.py and 30 more.
    assert len(second.context["page"].object_list) == 38 - 25
    assert [u.username for u in found.context["page"].object_list] == ["charlie"]


def test_an_administrator_creates_a_user_who_can_then_sign_in(admin, people):
    north = Team.objects.get(name="North")

    response = admin.post(NEW, _new_user(teams=[str(north.pk)]))

    assert response.status_code == 302
    nina = User.objects.get(username="nina")
    assert (nina.get_full_name(), nina.email, nina.role, nina.level, nina.is_active) == (
        "Nina de Boer",
        "nina@example.nl",
        Role.ACCOUNT_MANAGER,
        "C",
        True,
    )
    assert list(nina.teams.all()) == [north]
    assert _signs_in("nina", "Koers-welkom-2026")
    assert "User Nina de Boer has been created." in admin.get(LIST).content.decode()


def test_a_level_is_kept_only_for_account_managers(admin):
    admin.post(NEW, _new_user(role=Role.MANAGER, level="B"))

    assert User.objects.get(username="nina").level == ""


def test_a_username_taken_in_other_capitals_is_reported_at_its_field(admin):
    before = _snapshot()

    response = admin.post(NEW, _new_user(username="Alice"))

    assert response.status_code == 200
    assert _field_errors(response, "username") == ["A user with this username already exists."]
    html = response.content.decode()
    field = html[html.index('id="field-username"') :]
    assert "A user with this username already exists." in field[: field.index("</div>")]
    assert _snapshot() == before


def test_a_weak_or_mismatched_password_is_reported_at_the_password_fields(admin):
    before = _snapshot()

    weak = admin.post(NEW, _new_user(password1="123", password2="123"))
    mismatched = admin.post(NEW, _new_user(password2="something-else-2026"))

    assert _field_errors(weak, "password2")
    assert _field_errors(mismatched, "password2") == ["The two password fields didn\u2019t match."]
    assert _snapshot() == before


def test_first_and_last_name_are_required(admin):
    response = admin.post(NEW, _new_user(first_name="", last_name=""))

    assert _field_errors(response, "first_name") == ["This field is required."]
    assert not User.objects.filter(username="nina").exists()


def test_an_administrator_changes_role_teams_and_deactivates_a_user(admin, people):
    south = Team.objects.get(name="South")

    response = admin.post(
        _edit(people.bob),
        _user_data(people.bob, role=Role.INSIDE_SALES, is_active=None, teams=[str(south.pk)]),
    )

    assert response.status_code == 302
    people.bob.refresh_from_db()
    assert (people.bob.role, people.bob.level, people.bob.is_active) == (
        Role.INSIDE_SALES,
        "",
        False,
    )
    assert list(people.bob.teams.all()) == [south]


def test_the_edit_page_shows_the_stored_details(admin, people):
    response = admin.get(_edit(people.alice))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["username"].value() == "alice"
    assert [t.name for t in form["teams"].initial] == ["North"]


def test_an_administrator_cannot_deactivate_themselves(admin, people):
    before = _snapshot()

    response = admin.post(_edit(people.admin), _user_data(people.admin, is_active=None))

    assert _field_errors(response, "is_active") == ["You cannot deactivate yourself."]
    assert _snapshot() == before


def test_an_administrator_cannot_take_away_their_own_role(admin, people):
    before = _snapshot()

    response = admin.post(_edit(people.admin), _user_data(people.admin, role=Role.MANAGER))

    assert _field_errors(response, "role") == ["You cannot take away your own administrator role."]
    assert _snapshot() == before


def test_an_administrator_sets_a_new_password(admin, people):
    response = admin.post(
        _password(people.alice),
        {"new_password1": "Nieuw-wachtwoord-26", "new_password2": "Nieuw-wachtwoord-26"},
    )

    assert response.status_code == 302
    assert _signs_in("alice", "Nieuw-wachtwoord-26")
    assert not _signs_in("alice", "pw-alice")


def test_an_administrator_who_sets_their_own_password_stays_signed_in(admin, people):
    admin.post(
        _password(people.admin),
        {"new_password1": "Nieuw-wachtwoord-26", "new_password2": "Nieuw-wachtwoord-26"},
    )

    assert admin.get(LIST).status_code == 200


def test_a_mismatched_new_password_is_reported_and_changes_nothing(admin, people):
    before = _snapshot()

    response = admin.post(
        _password(people.alice),
        {"new_password1": "Nieuw-wachtwoord-26", "new_password2": "Ander-wachtwoord-26"},
    )

    assert response.context["form"].errors["new_password2"]
    assert _snapshot() == before


@pytest.mark.parametrize("persona", NON_ADMINS)
@pytest.mark.parametrize("page", ["list", "new", "edit", "password"])
def test_it_refuses_the_user_pages_to_everyone_but_administrators(
    client_for, people, persona, page
):
    url = {"list": LIST, "new": NEW, "edit": _edit(people.bob), "password": _password(people.bob)}
    before = _snapshot()
    client = client_for(getattr(people, persona))

    shown = client.get(url[page])
    posted = client.post(
        url[page],
        {
            **_new_user(),
            **_user_data(people.bob, role=Role.ADMIN),
            "new_password1": "Nieuw-wachtwoord-26",
            "new_password2": "Nieuw-wachtwoord-26",
        },
    )

    assert (shown.status_code, posted.status_code) == (403, 403)
    assert _snapshot() == before


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")


@pytest.mark.parametrize("persona", NON_ADMINS)
def test_the_services_refuse_everyone_but_administrators(people, persona):
    actor = getattr(people, persona)
    before = _snapshot()

    with pytest.raises(NotAllowed):
        services.user_create(actor=actor, data={"username": "x"}, password="Koers-welkom-2026")
    with pytest.raises(NotAllowed):
        services.user_update(actor=actor, user=actor, data={"role": Role.ADMIN})
    with pytest.raises(NotAllowed):
        services.user_set_password(actor=actor, user=people.bob, password="Koers-welkom-2026")

    assert _snapshot() == before


def test_the_list_makes_the_same_queries_for_eight_users_or_forty(admin, people, query_baseline):
    with query_baseline("list"):
        admin.get(LIST)
    for n in range(32):
        make_user(f"extra{n:02d}")
    with query_baseline("list"):
        admin.get(LIST)


def test_an_administrator_made_here_can_open_djangos_admin_for_emergencies(admin):
    admin.post(NEW, _new_user(username="ada", role=Role.ADMIN, level=None))

    ada = User.objects.get(username="ada")
    assert (ada.is_admin, ada.is_staff, ada.is_superuser) == (True, True, True)


def test_someone_who_stops_being_administrator_loses_djangos_admin(admin, people):
    other = make_user("otto", role=Role.ADMIN, is_staff=True, is_superuser=True)

    admin.post(_edit(other), _user_data(other, role=Role.MANAGER))

    other.refresh_from_db()
    assert (other.is_admin, other.is_staff, other.is_superuser) == (False, False, False)


def test_createsuperuser_makes_an_administrator_in_koers_terms(db):
    first = User.objects.create_superuser("root", "root@example.nl", "Koers-welkom-2026")

    assert (first.role, first.is_admin, first.is_staff) == (Role.ADMIN, True, True)
