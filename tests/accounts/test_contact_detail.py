"""The contact page: per-role access, mailing status, positions over time, history."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from koers.accounts import services
from tests.factories import make_account, make_contact


def detail_url(contact) -> str:
    return reverse("accounts:contact_detail", args=[contact.pk])


@pytest.fixture
def acme(people):
    return make_account(people.alice, name="Acme Foods")


@pytest.fixture
def anna(acme):
    return make_contact(
        acme,
        first_name="Anna",
        last_name="de Vries",
        email="anna@acme.nl",
        phone="0201234567",
        mobile="06 12345678",
        job_title="Director",
        buying_role="decider",
        attitude="supporter",
        start_date=datetime.date(2020, 3, 1),
        personal_interests="Sailing; two daughters",
    )


def test_the_account_manager_opens_a_contact_of_her_account(people, client_for, anna):
    response = client_for(people.alice).get(detail_url(anna))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna de Vries" in html
    assert "anna@acme.nl" in html
    assert "020 123 4567" in html
    assert "06 12345678" in html
    assert "Sailing; two daughters" in html
    assert '<span class="badge role role-decider">Decider</span>' in html
    assert '<span class="badge attitude attitude-supporter">Supporter</span>' in html
    assert reverse("accounts:contact_edit", args=[anna.pk]) in html
    assert reverse("accounts:position_create", args=[anna.pk]) in html


def test_a_contact_at_another_teams_account_is_not_found(people, client_for):
    zara = make_contact(make_account(people.charlie), first_name="Zara", last_name="Zuidema")

    response = client_for(people.alice).get(detail_url(zara))

    assert response.status_code == 404
    assert "Zuidema" not in response.content.decode()


def test_an_unknown_contact_is_not_found(people, client_for):
    assert client_for(people.alice).get("/contacts/999999/").status_code == 404


def test_a_manager_reads_the_contacts_of_her_team_only(people, client_for):
    bert = make_contact(make_account(people.bob), last_name="Bol")
    zara = make_contact(make_account(people.charlie), last_name="Zuidema")
    client = client_for(people.maria)

    assert client.get(detail_url(bert)).status_code == 200
    assert client.get(detail_url(zara)).status_code == 404


def test_marketing_reads_but_sees_no_edit_buttons(people, client_for, anna):
    response = client_for(people.mark).get(detail_url(anna))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Anna de Vries" in html
    assert reverse("accounts:contact_edit", args=[anna.pk]) not in html
    assert reverse("accounts:position_create", args=[anna.pk]) not in html
    assert "/positions/" not in html


def test_it_shows_that_a_contact_without_consent_may_not_receive_mailings(people, client_for, anna):
    html = client_for(people.alice).get(detail_url(anna)).content.decode()

    assert "May not receive mailings" in html
    assert "No consent recorded." in html


def test_it_shows_when_and_how_consent_was_given(people, client_for, anna):
    services.contact_update(
        actor=people.alice,
        contact=anna,
        expected_version=1,
        data={
            "mailing_consent": True,
            "consent_date": datetime.date(2025, 1, 10),
            "consent_source": "Trade fair Utrecht",
        },
    )

    html = client_for(people.alice).get(detail_url(anna)).content.decode()

    assert '<span class="badge status-yes">May receive mailings</span>' in html
    assert "Consent given on 2025-01-10." in html
    assert "Source: Trade fair Utrecht." in html


def test_it_shows_an_opt_out_even_when_consent_was_given_before(people, client_for, anna):
    services.contact_update(
        actor=people.alice,
        contact=anna,
        expected_version=1,
        data={
            "mailing_consent": True,
            "consent_date": datetime.date(2025, 1, 10),
            "opted_out": True,
            "opted_out_at": datetime.date(2025, 5, 2),
        },
    )

    html = client_for(people.alice).get(detail_url(anna)).content.decode()

    assert "May not receive mailings" in html
    assert "Opted out on 2025-05-02." in html


def test_dates_follow_the_users_language(people, client_for, anna):
    people.alice.language = "nl"
    people.alice.save()

    html = client_for(people.alice).get(detail_url(anna)).content.decode()

    assert "01-03-2020" in html


def test_the_history_shows_who_changed_what(people, client_for, anna):
    services.contact_update(
        actor=people.maria,
        contact=anna,
        expected_version=1,
        data={"email": "anna@new.nl", "phone": "0307654321"},
    )

    html = client_for(people.alice).get(detail_url(anna)).content.decode()

    history = html[html.index('id="history"') :]
    assert "Maria Tester" in history
    assert "Alice Tester" in history
    assert "<del>anna@acme.nl</del> → <ins>anna@new.nl</ins>" in history
    assert "<del>020 123 4567</del> → <ins>030 765 4321</ins>" in history
    assert "Created this contact." in history


def test_positions_at_accounts_the_user_cannot_read_stay_hidden(people, client_for, anna):
    south = make_account(people.charlie, name="Zuid Retail")
    services.position_add(actor=people.admin, contact=anna, account=south, data={})

    alice_sees = client_for(people.alice).get(detail_url(anna)).content.decode()

    assert "Zuid Retail" not in alice_sees
    assert "Acme Foods" in alice_sees


def test_positions_of_accounts_the_user_may_read_but_not_change_have_no_buttons(
    people, client_for, anna
):
    bakery = make_account(people.bob, name="Bakkerij Bol")
    position = services.position_add(actor=people.admin, contact=anna, account=bakery, data={})

    html = client_for(people.maria).get(detail_url(anna)).content.decode()
    assert reverse("accounts:position_edit", args=[position.pk]) in html

    # bob reads anna through his own account but cannot change alice's position.
    html = client_for(people.bob).get(detail_url(anna)).content.decode()
    own = reverse("accounts:position_edit", args=[position.pk])
    alices = reverse(
        "accounts:position_edit", args=[anna.positions.get(account__name="Acme Foods").pk]
    )
    assert own in html
    assert alices not in html
    assert "Acme Foods" not in html


# session, user, 2 for the OTP device check, contact, positions, can_change_contact, history.


@pytest.mark.parametrize("changes", [0, 12])
def test_the_page_makes_a_fixed_number_of_queries(
    people, client_for, anna, query_baseline, changes
):
    for n in range(changes):
        other = make_account(people.alice, name=f"Account {n}")
        services.position_add(actor=people.alice, contact=anna, account=other, data={})
        services.contact_update(
            actor=[people.alice, people.maria][n % 2],
            contact=anna,
            expected_version=n + 1,
            data={"notes": f"note {n}"},
        )
    client = client_for(people.alice)

    with query_baseline("detail"):
        response = client.get(detail_url(anna))

    # The latest ten changes; the rest on the history page.
    assert len(response.context["history"]) == min(changes + 1, 10)
    assert response.context["more_history"] is (changes + 1 > 10)
    assert len(response.context["current_positions"]) == changes + 1


def test_a_contact_and_account_loaded_without_history_still_open(people, client_for, anna):
    # Records loaded with SQL or loaddata have no history rows.
    anna.history.all().delete()
    account = anna.positions.get().account
    account.history.all().delete()
    client = client_for(people.alice)

    contact_page = client.get(detail_url(anna))
    account_page = client.get(reverse("accounts:account_detail", args=[account.pk]))

    assert contact_page.status_code == 200
    assert "Anna de Vries" in contact_page.content.decode()
    assert account_page.status_code == 200


def history_url(contact) -> str:
    return reverse("accounts:contact_history", args=[contact.pk])


def _edit_notes(contact, actor, times: int):
    for n in range(times):
        contact = services.contact_update(
            actor=actor, contact=contact, expected_version=contact.version, data={"notes": f"{n}"}
        )
    return contact


def test_the_page_shows_the_latest_ten_changes_and_links_to_the_full_history(
    people, client_for, anna
):
    anna = _edit_notes(anna, people.alice, 12)

    html = client_for(people.alice).get(detail_url(anna)).content.decode()

    history = html[html.index('id="history"') :]
    assert history.count("<ins>") == 10
    assert "<ins>11</ins>" in history
    assert "<ins>1</ins>" not in history
    assert reverse("accounts:contact_history", args=[anna.pk]) in history


def test_a_short_history_has_no_link_to_the_history_page(people, client_for, anna):
    html = client_for(people.alice).get(detail_url(anna)).content.decode()

    assert history_url(anna) not in html


def test_the_history_page_is_paged_newest_first(people, client_for, anna, settings):
    settings.PAGE_SIZE = 5
    anna = _edit_notes(anna, people.maria, 7)
    client = client_for(people.alice)

    first = client.get(history_url(anna))
    last = client.get(history_url(anna), {"page": 2})

    assert [e["changes"][0]["new"] for e in first.context["entries"]] == ["6", "5", "4", "3", "2"]
    assert [e["changes"][0]["new"] for e in last.context["entries"][:2]] == ["1", "0"]
    assert last.context["entries"][-1]["type"] == "+"
    html = last.content.decode()
    assert "8 changes" in first.content.decode()
    assert "Page 2 of 2" in html
    assert "Created this contact." in html
    assert "Maria Tester" in first.content.decode()


def test_the_history_page_shows_values_as_people_read_them(people, client_for, anna):
    people.alice.language = "nl"
    people.alice.save()
    services.contact_update(
        actor=people.alice,
        contact=anna,
        expected_version=anna.version,
        data={
            "phone": "0307654321",
            "preferred_language": "en",
            "mailing_consent": True,
            "consent_date": datetime.date(2026, 11, 24),
        },
    )

    html = client_for(people.alice).get(history_url(anna)).content.decode()

    assert "<del>020 123 4567</del> → <ins>030 765 4321</ins>" in html
    assert "<del>Nederlands</del> → <ins>Engels</ins>" in html
    assert "<del>nee</del> → <ins>ja</ins>" in html
    assert "<del>—</del> → <ins>24-11-2026</ins>" in html


def test_the_history_of_a_contact_the_user_may_not_read_is_a_404(people, client_for):
    zara = make_contact(make_account(people.charlie), first_name="Zara", last_name="Zuidema")

    response = client_for(people.alice).get(history_url(zara))

    assert response.status_code == 404
    assert b"Zuidema" not in response.content


# session, user, 2 for the OTP device check, contact, count, history rows.


@pytest.mark.parametrize("changes", [1, 30])
def test_the_history_page_makes_a_fixed_number_of_queries(
    people, client_for, anna, query_baseline, changes
):
    anna = _edit_notes(anna, people.alice, changes)
    client = client_for(people.alice)

    with query_baseline("history page"):
        response = client.get(history_url(anna))

    assert len(response.context["entries"]) == min(changes + 1, 25)
