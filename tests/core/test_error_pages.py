"""The 403 and 404 pages: in the layout, translated, with a way back; a refusal logs one line."""

from __future__ import annotations

import logging

import pytest

from koers.core.models import User

pytestmark = pytest.mark.django_db

REFUSED = "/settings/users/"  # administrators only
MISSING = "/accounts/987654/"


def test_a_refused_page_is_a_403_in_the_layout_with_a_way_back(client, people):
    client.force_login(people.alice)
    response = client.get(REFUSED)

    assert response.status_code == 403
    html = response.content.decode()
    assert '<nav class="site-nav"' in html  # the header with the areas
    assert 'data-area="accounts"' in html
    assert "<h1>You may not do this</h1>" in html
    assert 'href="/" role="button">To the start page</a>' in html
    assert "data-history-back" in html


def test_a_missing_page_is_a_404_in_the_layout_with_a_way_back(client, people):
    client.force_login(people.alice)
    response = client.get(MISSING)

    assert response.status_code == 404
    html = response.content.decode()
    assert '<nav class="site-nav"' in html
    assert "<h1>Page not found</h1>" in html
    assert 'href="/" role="button">To the start page</a>' in html


def test_the_error_pages_speak_the_users_language(client, people):
    User.objects.filter(pk=people.alice.pk).update(language="nl")
    client.force_login(people.alice)

    refused = client.get(REFUSED).content.decode()
    missing = client.get(MISSING).content.decode()

    assert "<h1>Dit mag je niet doen</h1>" in refused
    assert ">Naar de startpagina</a>" in refused
    assert "<h1>Pagina niet gevonden</h1>" in missing


def test_a_missing_page_for_someone_not_signed_in_is_a_404_without_the_areas(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert 'id="error-404"' in html
    assert "data-area=" not in html


def test_a_refused_request_is_logged_as_one_line_without_a_traceback(client, people, caplog):
    client.force_login(people.alice)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        client.get(REFUSED)

    records = [r for r in caplog.records if r.name == "django.request"]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert records[0].getMessage() == (
        f"Forbidden (Permission denied): {REFUSED} [403 (Only administrators manage users, "
        f"teams and segments.), user {people.alice.pk}]"
    )
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback(caplog):
    logger = logging.getLogger("django.request")
    try:
        raise RuntimeError("boom")
    except RuntimeError as exc:
        with caplog.at_level(logging.ERROR, logger="django.request"):
            logger.error("Internal Server Error: /x", extra={"status_code": 500}, exc_info=exc)

    assert caplog.records[-1].exc_info is not None
    assert "Traceback" in caplog.text
