"""The structural complaints overview: categories and products with complaints at several
accounts in a period, in the scope of the complaint list."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from koers.complaints.models import ComplaintStatus
from tests.complaints.factories import make_category, make_complaint
from tests.factories import make_account
from tests.sales.factories import make_group, make_product

S = ComplaintStatus
TODAY = date(2026, 12, 5)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime(2026, 12, 5, 12, 0), tick=False):
        yield


def _days_ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def _spread(owner, names, *, days=5, category="Quality", text="", status=S.RECEIVED, **about):
    """A complaint of `category` at each of the accounts `names` (made for `owner`); `about`
    names a catalogue product or product group."""
    made = []
    for name in names:
        account = make_account(owner, name)
        made.append(
            make_complaint(
                owner,
                account,
                status,
                category=make_category(category),
                product_name=text,
                received_at=_days_ago(days),
                **about,
            )
        )
    return made


def _rows(client, **params):
    response = client.get(reverse("complaints:structural"), params)
    assert response.status_code == 200
    return [(r.kind, r.label, r.accounts, r.complaints, r.open) for r in response.context["rows"]]


def test_a_category_at_three_accounts_is_structural_and_at_two_is_not(people, client_for):
    _spread(people.alice, ["A1", "A2", "A3"], category="Quality")
    _spread(people.alice, ["B1", "B2"], category="Invoice")

    rows = _rows(client_for(people.alice))

    assert rows == [("category", "Quality", 3, 3, 3)]


def test_the_threshold_can_be_lowered(people, client_for):
    _spread(people.alice, ["A1", "A2", "A3"], category="Quality")
    _spread(people.alice, ["B1", "B2"], category="Invoice")

    rows = _rows(client_for(people.alice), min_accounts=2)

    assert rows == [("category", "Quality", 3, 3, 3), ("category", "Invoice", 2, 2, 2)]


def test_several_complaints_at_one_account_count_that_account_once(people, client_for):
    account = make_account(people.alice, "Alpha")
    quality = make_category("Quality")
    for _ in range(4):
        make_complaint(people.alice, account, category=quality, received_at=_days_ago(3))

    assert _rows(client_for(people.alice)) == []


def test_only_the_period_counts_by_default_the_last_90_days(people, client_for):
    _spread(people.alice, ["A1", "A2"], days=10)
    _spread(people.alice, ["A3"], days=95)
    client = client_for(people.alice)

    assert _rows(client) == []
    longer = _rows(client, received_from=(TODAY - timedelta(days=100)).isoformat())
    assert longer == [("category", "Quality", 3, 3, 3)]


def test_products_are_grouped_whatever_their_case(people, client_for):
    _spread(people.alice, ["A1"], category="Quality", text="Kipfilet")
    _spread(people.alice, ["A2"], category="Delivery", text="kipfilet ")
    _spread(people.alice, ["A3"], category="Invoice", text="KIPFILET", status=S.SOLVED)

    rows = _rows(client_for(people.alice))

    assert [(kind, label.lower(), n, c, o) for kind, label, n, c, o in rows] == [
        ("product_name", "kipfilet", 3, 3, 2)
    ]


def test_the_row_links_to_the_complaints_behind_it(people, client_for):
    made = _spread(people.alice, ["A1", "A2", "A3"], text="Rookworst")
    _spread(people.alice, ["Z1"], days=200, text="Rookworst")
    client = client_for(people.alice)
    response = client.get(reverse("complaints:structural"))
    product_row = next(r for r in response.context["rows"] if r.kind == "product_name")

    listed = client.get(f"{reverse('complaints:complaint_list')}?{product_row.query}")

    assert {c.pk for c in listed.context["page_obj"].object_list} == {c.pk for c in made}


def test_a_catalogue_product_at_three_accounts_is_a_row_linked_to_its_complaints(
    people, client_for
):
    minced = make_product("RU-101", name_nl="Rundergehakt", name_en="Minced beef")
    made = _spread(people.alice, ["A1", "A2"], category="Quality", product=minced)
    made += _spread(people.alice, ["A3"], category="Delivery", product=minced)
    _spread(people.alice, ["Z1"], days=200, product=minced)
    client = client_for(people.alice)

    response = client.get(reverse("complaints:structural"))
    row = next(r for r in response.context["rows"] if r.kind == "product")
    listed = client.get(f"{reverse('complaints:complaint_list')}?{row.query}")

    assert (row.label, row.accounts, row.complaints, row.open) == ("RU-101 Minced beef", 3, 3, 3)
    assert row.query.startswith(f"product={minced.pk}&")
    assert {c.pk for c in listed.context["page_obj"].object_list} == {c.pk for c in made}


def test_a_main_group_counts_the_complaints_on_its_subgroups_and_their_products(people, client_for):
    meat = make_group("VERS", name_en="Fresh meat")
    beef = make_group("RUND", parent=meat, name_en="Beef")
    minced = make_product("RU-101", group=beef, name_en="Minced beef")
    made = _spread(people.alice, ["A1"], category="Quality", product=minced)
    made += _spread(people.alice, ["A2"], category="Delivery", product_group=beef)
    made += _spread(people.alice, ["A3"], category="Invoice", product_group=meat)
    client = client_for(people.alice)

    rows = _rows(client, min_accounts=2)
    main = client.get(reverse("complaints:structural")).context["rows"][0]
    listed = client.get(f"{reverse('complaints:complaint_list')}?{main.query}")

    assert rows == [("product_group", "Fresh meat", 3, 3, 3), ("product_group", "Beef", 2, 2, 2)]
    assert main.label == "Fresh meat"
    assert {c.pk for c in listed.context["page_obj"].object_list} == {c.pk for c in made}


def test_a_subgroup_row_lists_only_the_complaints_in_that_subgroup(people, client_for):
    meat = make_group("VERS", name_en="Fresh meat")
    beef = make_group("RUND", parent=meat, name_en="Beef")
    pork = make_group("VARK", parent=meat, name_en="Pork")
    made = _spread(people.alice, ["A1", "A2"], product_group=beef)
    made += _spread(people.alice, ["A3"], product=make_product(group=beef))
    _spread(people.alice, ["B1"], product_group=pork)
    client = client_for(people.alice)

    response = client.get(reverse("complaints:structural"))
    sub = next(r for r in response.context["rows"] if r.label == "Beef")
    listed = client.get(f"{reverse('complaints:complaint_list')}?{sub.query}")

    assert [(r.kind, r.label, r.accounts) for r in response.context["rows"]] == [
        ("product_group", "Fresh meat", 4),
        ("category", "Quality", 4),
        ("product_group", "Beef", 3),
    ]
    assert sub.query.startswith(f"product_group={beef.pk}&")
    assert {c.pk for c in listed.context["page_obj"].object_list} == {c.pk for c in made}


def test_an_account_manager_sees_only_complaints_she_may_read(people, client_for):
    _spread(people.charlie, ["C1", "C2", "C3"])

    assert _rows(client_for(people.alice)) == []
    assert _rows(client_for(people.charlie)) == [("category", "Quality", 3, 3, 3)]


def test_a_manager_sees_the_team_and_narrows_it_by_owner(people, client_for):
    _spread(people.alice, ["A1", "A2"])
    _spread(people.bob, ["B1"])
    client = client_for(people.maria)

    assert _rows(client) == [("category", "Quality", 3, 3, 3)]
    assert _rows(client, owner=people.alice.pk) == []
    team = people.alice.teams.get()
    assert _rows(client, team=team.pk) == [("category", "Quality", 3, 3, 3)]


def test_a_period_that_ends_before_it_starts_is_shown_at_the_field(people, client_for):
    response = client_for(people.alice).get(
        reverse("complaints:structural"),
        {"received_from": "2026-12-01", "received_to": "2026-11-01"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "received_to": ["The end of the period lies before its start."]
    }
    assert "The end of the period lies before its start." in response.content.decode()


def test_a_threshold_below_two_is_refused_at_the_field(people, client_for):
    response = client_for(people.alice).get(reverse("complaints:structural"), {"min_accounts": "1"})

    assert "min_accounts" in response.context["form"].errors


def test_the_overview_is_linked_from_the_complaint_list(people, client_for):
    page = client_for(people.alice).get(reverse("complaints:complaint_list")).content.decode()

    assert f'href="{reverse("complaints:structural")}"' in page


def test_the_overview_makes_a_fixed_number_of_queries(people, client_for, query_baseline):
    _spread(people.alice, ["A1", "A2", "A3"], text="Rookworst")
    _spread(people.bob, ["B1", "B2", "B3"], category="Delivery", text="Kipfilet")
    beef = make_group("RUND", parent=make_group("VERS"))
    _spread(people.alice, ["C1", "C2", "C3"], category="Delivery", product=make_product(group=beef))
    client = client_for(people.maria)
    client.get(reverse("complaints:structural"))

    with query_baseline("page"):
        response = client.get(reverse("complaints:structural"))

    # Quality, Delivery, Rookworst, Kipfilet; the product, its subgroup and its main group.
    assert len(response.context["rows"]) == 7


def test_a_catalogue_name_is_read_in_the_users_language(people, client_for):
    minced = make_product("RU-101", name_nl="Rundergehakt", name_en="Minced beef")
    _spread(people.alice, ["A1", "A2", "A3"], product=minced)
    people.alice.language = "nl"
    people.alice.save(update_fields=["language"])

    rows = client_for(people.alice).get(reverse("complaints:structural")).context["rows"]

    assert "RU-101 Rundergehakt" in [r.label for r in rows if r.kind == "product"]
