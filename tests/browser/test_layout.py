"""The page layout in a real browser: the menu on a phone, and the administration pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from koers.accounts import services
from koers.api.services import api_token_create
from koers.core.models import Role, Team, User
from tests.factories import (
    make_account,
    make_contact,
    make_segment,
    make_totp_device,
    totp_code,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def test_on_a_phone_the_menu_button_opens_the_areas_and_leads_to_one(page: Page, login, people):
    page.set_viewport_size(PHONE)
    login(people.alice)

    menu = page.get_by_role("button", name="Menu")
    contacts = page.locator(".nav-areas").get_by_role("link", name="Contacts")
    expect(menu).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(contacts).to_be_hidden()

    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(contacts).to_be_visible()
    contacts.click()

    expect(page).to_have_url(re.compile(r"/contacts/$"))
    expect(page.locator('.nav-areas a[aria-current="page"]')).to_have_text("Contacts")
    expect(page.locator(".nav-areas")).to_be_hidden()  # a new page starts with the menu shut


def test_on_a_desktop_the_areas_show_without_a_menu_button(page: Page, login, people):
    page.set_viewport_size({"width": 1280, "height": 800})
    login(people.alice)

    expect(page.get_by_role("button", name="Menu")).to_be_hidden()
    expect(page.locator(".nav-areas").get_by_role("link", name="Accounts")).to_be_visible()


def test_an_administrator_creates_a_user_on_the_administration_pages(page: Page, login, people):
    device = make_totp_device(people.admin)
    login(people.admin)
    page.get_by_label("Code from your authenticator app").fill(totp_code(device))
    page.get_by_role("button", name="Confirm").click()

    page.get_by_role("link", name="Administration").click()
    expect(page).to_have_url(re.compile(r"/settings/users/$"))
    page.get_by_role("button", name="Add user").click()
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("de Boer")
    page.get_by_label("Email address").fill("nina@example.nl")
    page.get_by_label("Username").fill("nina")
    page.get_by_label("Role").select_option(label="Account manager")
    page.get_by_label("Level").select_option(value="C")
    page.get_by_label("North").check()
    page.locator("#id_password1").fill("Koers-welkom-2026")
    page.locator("#id_password2").fill("Koers-welkom-2026")
    page.get_by_role("button", name="Create user").click()

    expect(page).to_have_url(re.compile(r"/settings/users/$"))
    expect(page.locator(".messages")).to_contain_text("User Nina de Boer has been created.")
    expect(page.get_by_role("link", name="Nina de Boer")).to_be_visible()
    nina = User.objects.get(username="nina")
    assert (nina.role, nina.level, nina.email) == (Role.ACCOUNT_MANAGER, "C", "nina@example.nl")
    assert list(nina.teams.all()) == [Team.objects.get(name="North")]


# ------------------------------------------------------------------------ every page on a phone

MAIN_PAGES = (
    "/accounts/",
    "/accounts/{account}/",
    "/accounts/{account}/edit/",
    "/accounts/{account}/history/",
    "/accounts/{account}/chain/",
    "/accounts/new/",
    "/contacts/",
    "/contacts/{contact}/",
    "/contacts/{contact}/edit/",
    "/contacts/{contact}/history/",
    "/contacts/new/",
    "/import/",
    "/settings/",
    "/settings/api-tokens/",
    "/settings/users/",
    "/settings/users/new/",
    "/settings/users/{user}/",
    "/settings/teams/",
    "/settings/teams/new/",
    "/settings/teams/{team}/",
    "/settings/segments/",
    "/settings/segments/new/",
    "/agenda/",
    "/agenda/week/",
    "/activities/new/",
)


def _signed_in_admin(page: Page, login, people) -> None:
    device = make_totp_device(people.admin)
    login(people.admin)
    page.locator("input[name=token]").fill(totp_code(device))
    page.locator("input[name=token]").press("Enter")
    expect(page).not_to_have_url(re.compile(r"/two-factor/"))


def _customer_file(people) -> dict[str, int]:
    retail = make_segment("Groothandel en distributie")
    chain = make_account(people.alice, "Bakkerij Van der Westhuizen-Vermeulen Holding B.V.")
    account = services.account_create(
        actor=people.alice,
        data={
            "owner": people.alice,
            "name": "Bakkerij Van der Westhuizen-Vermeulen Zuidoost Vestiging",
            "parent": chain,
            "segment": retail,
            "visit_city": "Capelle aan den IJssel",
            "email": "inkoop.afdeling.zuidoost@bakkerijvanderwesthuizen-vermeulen.nl",
            "website": "https://www.bakkerijvanderwesthuizen-vermeulen.nl/vestigingen/zuidoost",
        },
    )
    account.team_members.create(user=people.ingrid, role="inside_sales")
    contact = make_contact(
        account,
        first_name="Anne-Marije",
        last_name="van Oldenbarnevelt-Hoogstraten",
        email="anne-marije.vanoldenbarnevelt-hoogstraten@bakkerijvanderwesthuizen.nl",
        job_title="Hoofd inkoop en logistiek",
        buying_role="decider",
    )
    services.account_update(
        actor=people.alice,
        account=account,
        data={"visit_city": "Rotterdam"},
        expected_version=account.version,
    )
    api_token_create(user=people.admin, name="Koppeling met het ERP-systeem van de boekhouding")
    return {
        "account": account.pk,
        "contact": contact.pk,
        "user": people.alice.pk,
        "team": Team.objects.get(name="North").pk,
    }


@pytest.mark.parametrize("language", ["nl", "en"])
def test_on_a_phone_no_main_page_is_wider_than_the_screen(page: Page, login, people, language):
    ids = _customer_file(people)
    User.objects.filter(pk=people.admin.pk).update(language=language)
    page.set_viewport_size(PHONE)
    _signed_in_admin(page, login, people)

    too_wide = {}
    for url in MAIN_PAGES:
        url = url.format(**ids)
        response = page.goto(url)
        assert response is not None and response.status == 200, url
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            too_wide[url] = width
    assert too_wide == {}


def test_on_a_phone_the_api_tokens_revoke_button_is_on_the_screen(page: Page, login, people):
    _customer_file(people)
    page.set_viewport_size(PHONE)
    _signed_in_admin(page, login, people)
    page.goto("/settings/api-tokens/")

    revoke = page.get_by_role("button", name=re.compile("Revoke|Intrekken"))
    expect(revoke).to_be_in_viewport()
    box = revoke.bounding_box()
    assert box is not None and box["x"] + box["width"] <= PHONE["width"]


def _top(page: Page, selector: str) -> float:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return box["y"]


def test_on_a_phone_the_account_page_shows_the_contacts_before_the_team_form(
    page: Page, login, people
):
    ids = _customer_file(people)
    login(people.alice)
    page.set_viewport_size(PHONE)
    page.goto(f"/accounts/{ids['account']}/")
    assert _top(page, "#contacts") < _top(page, "#team form.team-add")

    page.set_viewport_size({"width": 1280, "height": 800})  # beside the details, as before
    details = page.locator(".account-data").bounding_box()
    team = page.locator("#team").bounding_box()
    assert details is not None and team is not None
    assert team["x"] > details["x"] + details["width"] - 1
    assert team["y"] < _top(page, "#contacts")


def test_on_a_phone_a_forms_errors_are_summed_up_and_each_sits_under_its_field(
    page: Page, login, people
):
    login(people.alice)
    page.set_viewport_size(PHONE)
    page.goto("/accounts/new/")
    page.get_by_label("KvK number").fill("12")
    page.locator("form.account-form button[type=submit]").last.click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name="Name")).to_be_visible()
    for name in ("name", "kvk_number"):
        field = page.locator(f"#id_{name}").bounding_box()
        error = page.locator(f"#id_{name}_error").bounding_box()
        assert field is not None and error is not None
        assert abs(error["x"] - field["x"]) <= 1  # aligned with its own field
        assert 0 <= error["y"] - (field["y"] + field["height"]) <= 8  # right under it
    summary.get_by_role("link", name="KvK number").click()
    expect(page.locator("#id_kvk_number")).to_be_focused()
