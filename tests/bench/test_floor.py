"""The benchmark's floor: the cheapest page a signed-in user can ask for."""

from __future__ import annotations


def test_it_answers_ok_to_a_signed_in_user(client_for, people):
    response = client_for(people.alice).get("/floor")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, db):
    response = client.get("/floor")

    assert response.status_code == 302
    assert response["Location"].startswith("/login")


def test_it_refuses_a_post(client_for, people):
    assert client_for(people.alice).post("/floor").status_code == 405
