"""The API docs page under the strict CSP, and the token page from sign-in to a working token."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_api_docs_render_under_the_strict_csp(page):
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    response = page.goto("/api/v1/docs")

    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI reads and lays out the whole schema (195 operations) first: on a busy machine
    # (the other worker's tests) that takes longer than the default ten seconds.
    page.wait_for_selector(".opblock", timeout=45_000)
    page.click("#operations-accounts-koers_api_accounts_list_accounts .opblock-summary")
    page.wait_for_selector(".opblock.is-open .parameters")
    assert page.locator(".opblock").count() >= 20
    assert problems == []


def test_a_user_makes_a_token_uses_it_and_revokes_it(people, login, page):
    login(people.alice)
    page.goto("/settings/api-tokens/")
    page.fill("input[name=name]", "Webshop")
    page.click("main form[action='/settings/api-tokens/'] button[type=submit]")

    token = page.input_value("#new-token-value")
    assert token.startswith("koers_")
    me = page.request.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status == 200
    assert me.json()["username"] == "alice"

    with page.expect_navigation(wait_until="load"):
        page.click("main table button[type=submit]")
    expect(page.locator("main table")).to_have_count(0)
    gone = page.request.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert gone.status == 401
