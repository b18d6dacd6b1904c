"""The account team on the detail page: who may add and remove colleagues."""

from __future__ import annotations

from django.urls import reverse

from koers.accounts.models import AccountTeamMember
from tests.factories import make_account


def team_url(account) -> str:
    return reverse("accounts:account_team", args=[account.pk])


def members(account) -> list[tuple[str, str]]:
    return sorted(
        (m.user.username, m.role) for m in AccountTeamMember.objects.filter(account=account)
    )


def test_the_account_manager_adds_a_colleague_with_a_role(people, client_for):
    account = make_account(people.alice)

    response = client_for(people.alice).post(
        team_url(account), {"action": "add", "user": people.ingrid.pk, "role": "inside_sales"}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account_detail", args=[account.pk]) + "#team"
    assert members(account) == [("ingrid", "inside_sales")]


def test_adding_someone_already_on_the_team_changes_their_role(people, client_for):
    account = make_account(people.alice)
    account.team_members.create(user=people.ingrid, role="service")

    client_for(people.alice).post(
        team_url(account), {"action": "add", "user": people.ingrid.pk, "role": "inside_sales"}
    )

    assert members(account) == [("ingrid", "inside_sales")]


def test_an_htmx_add_returns_the_updated_team(people, client_for):
    account = make_account(people.alice)

    response = client_for(people.alice).post(
        team_url(account),
        {"action": "add", "user": people.bob.pk, "role": "co_account_manager"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith('\n<article id="account-team"')
    assert "Bob Tester" in content
    assert "Co-account manager" in content


def test_the_account_manager_removes_a_colleague(people, client_for):
    account = make_account(people.alice)
    member = account.team_members.create(user=people.bob, role="co_account_manager")

    client_for(people.alice).post(team_url(account), {"action": "remove", "member": member.pk})

    assert members(account) == []


def test_a_member_of_another_account_cannot_be_removed_through_this_one(people, client_for):
    account = make_account(people.alice)
    other = make_account(people.alice)
    member = other.team_members.create(user=people.bob, role="service")

    response = client_for(people.alice).post(
        team_url(account), {"action": "remove", "member": member.pk}
    )

    assert response.status_code == 404
    assert members(other) == [("bob", "service")]


def test_a_bad_team_form_changes_nothing(people, client_for):
    account = make_account(people.alice)

    response = client_for(people.alice).post(
        team_url(account), {"action": "add", "user": people.bob.pk, "role": "boss"}
    )

    assert response.status_code == 302
    assert members(account) == []


def test_marketing_may_not_change_the_team(people, client_for):
    account = make_account(people.alice)
    account.team_members.create(user=people.bob, role="service")

    response = client_for(people.mark).post(
        team_url(account), {"action": "add", "user": people.mark.pk, "role": "service"}
    )

    assert response.status_code == 403
    assert members(account) == [("bob", "service")]


def test_someone_who_cannot_read_the_account_gets_a_404(people, client_for):
    account = make_account(people.charlie)

    response = client_for(people.alice).post(
        team_url(account), {"action": "add", "user": people.alice.pk, "role": "service"}
    )

    assert response.status_code == 404
    assert members(account) == []


def test_the_team_page_only_accepts_posts(people, client_for):
    account = make_account(people.alice)

    assert client_for(people.alice).get(team_url(account)).status_code == 405


def test_a_member_id_that_is_a_unicode_digit_is_a_404_not_a_server_error(people, client_for):
    account = make_account(people.alice)
    account.team_members.create(user=people.bob, role="service")

    response = client_for(people.alice).post(team_url(account), {"action": "remove", "member": "²"})

    assert response.status_code == 404
    assert members(account) == [("bob", "service")]
