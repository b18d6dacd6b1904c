"""Dutch by default; the header's language switch for visitors and signed-in users."""

from __future__ import annotations

import pytest

LOGIN = "/login/"


def _lang(response) -> str:
    html = response.content.decode()
    start = html.index("<html lang=") + len('<html lang="')
    return html[start : html.index('"', start)]


def test_the_login_page_is_dutch_for_a_new_visitor(client, people):
    response = client.get(LOGIN)

    assert _lang(response) == "nl"
    assert response["Content-Language"] == "nl"
    # The header offers the other language.
    assert 'name="language" value="en"' in response.content.decode()


def test_the_login_page_is_dutch_even_when_the_browser_prefers_english(client, people):
    response = client.get(LOGIN, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert _lang(response) == "nl"


def test_a_visitor_switches_to_english_and_it_sticks(client, people):
    response = client.post("/language/", {"language": "en", "next": LOGIN})

    assert response.status_code == 302
    assert response["Location"] == LOGIN
    assert response.cookies["django_language"].value == "en"
    page = client.get(LOGIN)
    assert _lang(page) == "en"
    assert 'name="language" value="nl"' in page.content.decode()


def test_a_signed_in_user_switches_and_the_choice_is_stored(client_for, people):
    people.alice.language = "nl"
    people.alice.save()
    client = client_for(people.alice)

    response = client.post("/language/", {"language": "en", "next": "/settings/"})

    assert response["Location"] == "/settings/"
    people.alice.refresh_from_db()
    assert people.alice.language == "en"
    assert _lang(client.get("/settings/")) == "en"


def test_the_stored_choice_survives_logging_out_and_in_elsewhere(client, people):
    people.alice.language = "nl"
    people.alice.save()
    client.post("/login/", {"username": "alice", "password": "pw-alice"})
    client.post("/language/", {"language": "en", "next": "/settings/"})
    client.post("/logout/")
    client.cookies.clear()

    client.post("/login/", {"username": "alice", "password": "pw-alice"})

    assert _lang(client.get("/settings/")) == "en"


def test_the_users_choice_wins_over_a_cookie(client_for, people):
    client = client_for(people.alice)  # alice chose English
    client.cookies["django_language"] = "nl"

    assert _lang(client.get("/settings/")) == "en"


def test_signing_in_sets_the_cookie_so_the_login_page_stays_in_that_language(client, people):
    response = client.post("/login/", {"username": "alice", "password": "pw-alice"})
    client.post("/logout/")

    assert response.cookies["django_language"].value == "en"
    assert _lang(client.get(LOGIN)) == "en"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/x", "http://testserver.evil.example/"]
)
def test_the_switch_refuses_an_off_site_next(client, people, next_url):
    response = client.post("/language/", {"language": "en", "next": next_url})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_an_unknown_language_changes_nothing(client_for, people):
    client = client_for(people.alice)

    response = client.post("/language/", {"language": "de", "next": "/settings/"})

    assert response["Location"] == "/settings/"
    assert "django_language" not in response.cookies
    people.alice.refresh_from_db()
    assert people.alice.language == "en"


def test_the_switch_takes_post_only(client, people):
    assert client.get("/language/?language=en").status_code == 405
