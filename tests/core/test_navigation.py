"""The header: the areas each role sees, the current one marked, the menu on a phone; the
landing page per role; links to import and export for those allowed."""

from __future__ import annotations

import re

import pytest
from django.http import HttpResponse
from django.urls import include, path

from koers import urls as project_urls
from koers.core import navigation
from koers.core.models import Role
from koers.sales import urls as sales_urls
from tests.core.administration import signed_in_admin


def test_an_account_manager_sees_the_import_link(people, client_for):
    html = client_for(people.alice).get("/accounts/").content.decode()

    assert 'href="/import/"' in html


def test_marketing_is_not_offered_the_import(people, client_for):
    html = client_for(people.mark).get("/accounts/").content.decode()

    assert 'href="/import/"' not in html


def test_the_export_links_carry_the_current_filter(people, client_for):
    html = client_for(people.alice).get("/accounts/?tier=A&q=bakker").content.decode()

    assert 'href="/export/accounts.xlsx?tier=A&amp;q=bakker"' in html
    assert 'href="/export/accounts.csv?tier=A&amp;q=bakker"' in html


def test_the_contact_list_offers_its_export(people, client_for):
    html = client_for(people.alice).get("/contacts/?buying_role=decider").content.decode()

    assert 'href="/export/contacts.xlsx?buying_role=decider"' in html


# ------------------------------------------------------------------ the header's areas and menu

# A later part's area, as it will exist: used by the tests marked with this module's URLconf.
# The sales app with a quotes page added (its own URLs are the catalogue's and the pipeline's
# until then).
_pipeline = (
    [
        *sales_urls.urlpatterns,
        path("quotes/", lambda request: HttpResponse("quotes"), name="quote_list"),
    ],
    "sales",
)
urlpatterns = [
    *(p for p in project_urls.urlpatterns if getattr(p, "app_name", None) != "sales"),
    path("", include(_pipeline)),
]


def _areas(html: str) -> list[str]:
    return re.findall(r'data-area="([a-z_]+)"', html)


def _current(html: str) -> list[str]:
    return re.findall(r'data-area="([a-z_]+)" aria-current="page"', html)


@pytest.mark.parametrize(
    ("persona", "areas"),
    [
        (
            "alice",
            [
                "my_day",
                "accounts",
                "contacts",
                "import",
                "complaints",
                "proposals",
                "gifts",
                "mail_log",
                "catalogue",
                "pipeline",
                "quotes",
                "orders",
                "plans",
                "portfolio",
                "targets",
                "campaigns",
                "insights",
            ],
        ),
        (
            "maria",
            [
                "my_day",
                "accounts",
                "contacts",
                "import",
                "complaints",
                "proposals",
                "gifts",
                "mail_log",
                "catalogue",
                "pipeline",
                "quotes",
                "orders",
                "surveys",
                "approvals",
                "plans",
                "portfolio",
                "signals",
                "targets",
                "campaigns",
                "insights",
                "mail_templates",
            ],
        ),
        (
            "ingrid",
            [
                "my_day",
                "accounts",
                "contacts",
                "complaints",
                "proposals",
                "gifts",
                "mail_log",
                "catalogue",
                "pipeline",
                "quotes",
                "orders",
            ],
        ),
        (
            "mark",
            [
                "accounts",
                "contacts",
                "catalogue",
                "competitors",
                "signals",
                "targets",
                "campaigns",
                "insights",
            ],
        ),
    ],
)
def test_the_role_decides_which_areas_the_header_shows(people, client_for, persona, areas):
    html = client_for(getattr(people, persona)).get("/contacts/").content.decode()

    assert _areas(html) == areas


def test_a_manager_reaches_the_mail_templates_from_the_header(people, client_for):
    client = client_for(people.maria)
    html = client.get("/contacts/").content.decode()
    link = re.search(r'<a href="([^"]+)" data-area="mail_templates"', html)

    assert link is not None
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert _current(page.content.decode()) == ["mail_templates"]


def test_an_administrator_also_sees_the_administration(people, client):
    html = signed_in_admin(client, people.admin).get("/accounts/").content.decode()

    assert _areas(html) == [
        "my_day",
        "accounts",
        "contacts",
        "import",
        "complaints",
        "proposals",
        "gifts",
        "mail_log",
        "catalogue",
        "pipeline",
        "quotes",
        "orders",
        "surveys",
        "approvals",
        "plans",
        "portfolio",
        "signals",
        "targets",
        "campaigns",
        "insights",
        "administration",
    ]
    assert 'href="/settings/users/"' in html


def test_a_manager_is_asked_for_the_count_of_gifts_to_decide(people, client_for):
    manager = client_for(people.maria).get("/accounts/").content.decode()
    seller = client_for(people.alice).get("/accounts/").content.decode()

    assert 'hx-get="/gifts/decisions/count/"' in manager
    assert "/gifts/decisions/count/" not in seller


def test_the_plans_area_leads_to_the_plans_page(people, client_for):
    client = client_for(people.alice)
    html = client.get("/accounts/").content.decode()
    link = re.search(r'<a href="([^"]+)" data-area="plans"', html)

    assert link is not None and link.group(1) == "/plans/"
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert _current(page.content.decode()) == ["plans"]


@pytest.mark.urls(__name__)
def test_an_area_shows_once_its_page_exists(people, client_for):
    seller = client_for(people.alice).get("/accounts/").content.decode()
    marketer = client_for(people.mark).get("/accounts/").content.decode()

    areas = _areas(seller)
    assert areas[areas.index("quotes") + 1] == "orders"
    assert 'href="/quotes/"' in seller
    assert "quotes" not in _areas(marketer)


@pytest.mark.parametrize(
    ("url", "area"),
    [("/accounts/", "accounts"), ("/contacts/", "contacts"), ("/import/", "import")],
)
def test_the_current_area_is_marked(people, client_for, url, area):
    html = client_for(people.alice).get(url).content.decode()

    assert _current(html) == [area]


def test_the_administration_pages_mark_their_area_and_tab(people, client):
    html = signed_in_admin(client, people.admin).get("/settings/teams/").content.decode()

    assert _current(html) == ["administration"]
    assert re.search(r'href="/settings/teams/" aria-current="page">Teams<', html)


def test_the_personal_settings_mark_the_user_name_not_an_area(people, client_for):
    html = client_for(people.alice).get("/settings/").content.decode()

    assert _current(html) == []
    assert 'href="/settings/" title="Settings" aria-current="page">Alice Tester<' in html


def test_the_menu_button_controls_the_list_of_areas(people, client_for):
    html = client_for(people.alice).get("/accounts/").content.decode()

    button = re.search(r"<button[^>]*data-nav-toggle[^>]*>", html).group(0)
    assert 'aria-expanded="false"' in button
    assert 'aria-controls="nav-menu"' in button
    assert 'id="nav-menu"' in html


def test_a_visitor_gets_no_menu_button_and_no_areas(client):
    html = client.get("/login/").content.decode()

    assert "data-nav-toggle" not in html
    assert _areas(html) == []


def test_every_area_has_a_unique_key_and_a_label():
    keys = [area.key for area in navigation.AREAS]

    assert len(keys) == len(set(keys))
    assert {
        "my_day",
        "accounts",
        "contacts",
        "pipeline",
        "quotes",
        "plans",
        "campaigns",
        "insights",
        "administration",
    } <= set(keys)


# ------------------------------------------------------------------ the landing page per role


@pytest.mark.parametrize(
    ("persona", "landing"),
    [
        ("alice", "/agenda/"),
        ("ingrid", "/agenda/"),
        ("maria", "/accounts/"),
        ("mark", "/accounts/"),
    ],
)
def test_sellers_start_on_their_agenda_the_others_on_the_accounts(
    people, client_for, persona, landing
):
    response = client_for(getattr(people, persona)).get("/")

    assert response.status_code == 302
    assert response["Location"] == landing


def test_a_role_lands_where_its_one_entry_says(people, client_for, monkeypatch):
    monkeypatch.setitem(navigation.LANDINGS, Role.MARKETING, "accounts:contact_list")

    assert client_for(people.mark).get("/")["Location"] == "/contacts/"
    assert client_for(people.alice).get("/")["Location"] == "/agenda/"


def test_a_landing_page_not_built_yet_falls_back_to_the_account_list(
    people, client_for, monkeypatch
):
    monkeypatch.setitem(navigation.LANDINGS, Role.ACCOUNT_MANAGER, "sales:pipeline")

    assert client_for(people.alice).get("/")["Location"] == "/accounts/"


def test_signing_in_without_a_next_lands_on_the_roles_page(people, client, monkeypatch):
    monkeypatch.setitem(navigation.LANDINGS, Role.MARKETING, "accounts:contact_list")

    response = client.post("/login/", {"username": "mark", "password": "pw-mark"})

    assert response["Location"] == "/contacts/"
