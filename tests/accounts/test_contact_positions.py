"""A contact's positions over time: adding, editing, ending; kept as history, never deleted."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from koers.accounts import services
from koers.accounts.models import Position
from tests.factories import make_account, make_contact


def add_url(contact) -> str:
    return reverse("accounts:position_create", args=[contact.pk])


def edit_url(position, end: bool = False) -> str:
    url = reverse("accounts:position_edit", args=[position.pk])
    return url + "?end=1" if end else url


def detail(client, contact) -> str:
    return client.get(reverse("accounts:contact_detail", args=[contact.pk])).content.decode()


def position_data(**overrides) -> dict:
    data = {
        "job_title": "Head of purchasing",
        "buying_role": "buyer",
        "attitude": "neutral",
        "start_date": "",
        "end_date": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def acme(people):
    return make_account(people.alice, name="Acme Foods")


@pytest.fixture
def anna(acme):
    return make_contact(
        acme,
        first_name="Anna",
        last_name="de Vries",
        job_title="Director",
        buying_role="decider",
        start_date=datetime.date(2020, 3, 1),
    )


def test_a_contact_who_changes_jobs_keeps_the_old_position_as_former(
    people, client_for, acme, anna
):
    bakery = make_account(people.bob, name="Bakkerij Bol")
    old = anna.positions.get()
    maria = client_for(people.maria)

    ended = maria.post(edit_url(old, end=True), {"end_date": "2025-06-30"})
    added = maria.post(add_url(anna), position_data(account=bakery.pk, start_date="2025-07-01"))

    assert ended.status_code == added.status_code == 302
    old.refresh_from_db()
    assert old.end_date == datetime.date(2025, 6, 30)
    new = anna.positions.get(account=bakery)
    assert (new.job_title, new.buying_role, new.start_date, new.end_date) == (
        "Head of purchasing",
        "buyer",
        datetime.date(2025, 7, 1),
        None,
    )
    html = detail(maria, anna)
    current_at = html.index("Bakkerij Bol")
    former_at = html.index(f'id="position-{old.pk}"')
    assert current_at < former_at
    assert '<span class="badge former-badge">former</span>' in html[former_at:]
    assert "30-06-2025" in html or "2025-06-30" in html


def test_the_owner_of_the_old_account_still_sees_the_contact_but_not_the_new_account(
    people, client_for, acme, anna
):
    bakery = make_account(people.bob, name="Bakkerij Bol")
    maria = client_for(people.maria)
    maria.post(edit_url(anna.positions.get(), end=True), {"end_date": "2025-06-30"}, follow=True)
    maria.post(add_url(anna), position_data(account=bakery.pk), follow=True)

    alice = client_for(people.alice)
    response = alice.get(reverse("accounts:contact_detail", args=[anna.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Acme Foods" in html
    assert "former" in html
    assert "Bakkerij Bol" not in html
    listed = alice.get(reverse("accounts:contact_list")).context["page"].object_list
    assert [c.pk for c in listed] == [anna.pk]


def test_ending_a_position_never_deletes_it(people, client_for, anna):
    position = anna.positions.get()

    client_for(people.alice).post(edit_url(position, end=True), {"end_date": "2025-06-30"})

    assert Position.objects.filter(pk=position.pk, end_date="2025-06-30").exists()
    assert position.history.count() == 2


def test_the_end_form_suggests_today(people, client_for, anna):
    response = client_for(people.alice).get(edit_url(anna.positions.get(), end=True))

    assert response.status_code == 200
    assert response.context["form"]["end_date"].value() is not None
    assert "Record the day Anna de Vries left Acme Foods" in response.content.decode()


def test_ending_before_the_start_is_an_error_at_the_end_date(people, client_for, anna):
    position = anna.positions.get()

    response = client_for(people.alice).post(
        edit_url(position, end=True), {"end_date": "2019-01-01"}
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["end_date"]
    assert 'id="id_end_date_error"' in response.content.decode()
    position.refresh_from_db()
    assert position.end_date is None


def test_editing_with_the_end_before_the_start_is_an_error_at_the_end_date(
    people, client_for, anna
):
    position = anna.positions.get()

    response = client_for(people.alice).post(
        edit_url(position), position_data(start_date="2024-05-01", end_date="2024-04-30")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["end_date"]
    position.refresh_from_db()
    assert (position.start_date, position.end_date) == (datetime.date(2020, 3, 1), None)


def test_adding_with_the_end_before_the_start_is_an_error_at_the_end_date(
    people, client_for, acme, anna
):
    response = client_for(people.alice).post(
        add_url(anna),
        position_data(account=acme.pk, start_date="2024-05-01", end_date="2024-01-01"),
    )

    assert list(response.context["form"].errors) == ["end_date"]
    assert anna.positions.count() == 1


def test_editing_a_position_changes_role_and_attitude(people, client_for, anna):
    position = anna.positions.get()

    response = client_for(people.alice).post(
        edit_url(position),
        position_data(
            job_title="CEO", buying_role="influencer", attitude="critic", start_date="2020-03-01"
        ),
    )

    assert response.status_code == 302
    position.refresh_from_db()
    assert (position.job_title, position.buying_role, position.attitude) == (
        "CEO",
        "influencer",
        "critic",
    )


def test_the_account_choice_lists_only_accounts_the_user_may_change(people, client_for, acme, anna):
    make_account(people.charlie, name="Zuid Retail")
    south = make_account(people.charlie, name="Zuid Groothandel")
    client = client_for(people.alice)

    html = client.get(add_url(anna)).content.decode()
    response = client.post(add_url(anna), position_data(account=south.pk))

    assert "Acme Foods" in html
    assert "Zuid" not in html
    assert list(response.context["form"].errors) == ["account"]
    assert anna.positions.count() == 1


def test_positions_at_another_teams_account_are_not_found(people, client_for):
    zara = make_contact(make_account(people.charlie), last_name="Zuidema")
    position = zara.positions.get()
    client = client_for(people.alice)

    assert client.get(edit_url(position)).status_code == 404
    assert client.post(edit_url(position, end=True), {"end_date": "2025-01-01"}).status_code == 404
    assert client.post(add_url(zara), position_data()).status_code == 404
    position.refresh_from_db()
    assert position.end_date is None


def test_marketing_may_not_change_positions(people, client_for, acme, anna):
    position = anna.positions.get()
    client = client_for(people.mark)

    assert client.get(edit_url(position)).status_code == 403
    assert client.post(edit_url(position, end=True), {"end_date": "2025-01-01"}).status_code == 403
    assert client.post(add_url(anna), position_data(account=acme.pk)).status_code == 403
    position.refresh_from_db()
    assert position.end_date is None
    assert anna.positions.count() == 1


def test_a_position_at_an_unreadable_account_of_a_readable_contact_is_not_found(
    people, client_for, anna
):
    # bob reads anna through his own account; her position at alice's account is not his.
    bakery = make_account(people.bob, name="Bakkerij Bol")
    services.position_add(actor=people.admin, contact=anna, account=bakery, data={})
    position = anna.positions.get(account__name="Acme Foods")

    response = client_for(people.bob).post(edit_url(position, end=True), {"end_date": "2025-01-01"})

    assert response.status_code == 404
    position.refresh_from_db()
    assert position.end_date is None
