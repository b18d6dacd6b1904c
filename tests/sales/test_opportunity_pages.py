"""The opportunity pages: create from the account with the DMU, the page, the stage form with
the lost reason, the list with its filters and export, the account's panel; query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from koers.sales.models import DealContact, Opportunity, Stage, StageChange
from koers.sales.opportunities import services
from koers.sales.opportunities.filters import OpportunityFilterSet
from tests.factories import make_account, make_contact
from tests.sales.factories import make_group, make_product
from tests.sales.opportunity_factories import make_competitor, make_opportunity


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def _detail(o: Opportunity) -> str:
    return reverse("sales:opportunity_detail", args=[o.pk])


def test_it_creates_an_opportunity_with_two_dmu_members(account, people, client_for):
    els = make_contact(account, first_name="Els", buying_role="decider")
    jan = make_contact(account, first_name="Jan", buying_role="buyer")
    client = client_for(people.alice)
    url = reverse("sales:opportunity_new") + f"?account={account.pk}"
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        {
            "title": "Ovens",
            "close_on": "2026-09-30",
            "amount": "12500",
            "source": "visit",
            "stage": "qualify",
            "contacts": [els.pk, jan.pk],
        },
    )

    opportunity = Opportunity.objects.get()
    assert response.status_code == 302 and response.url == _detail(opportunity)
    assert (opportunity.stage, opportunity.amount, opportunity.owner) == (
        Stage.QUALIFY,
        Decimal("12500.00"),
        people.alice,
    )
    assert set(DealContact.objects.values_list("contact_id", flat=True)) == {els.pk, jan.pk}


def test_a_bad_form_says_which_field(account, people, client_for):
    url = reverse("sales:opportunity_new") + f"?account={account.pk}"
    response = client_for(people.alice).post(url, {"title": "", "close_on": "x"})
    assert response.status_code == 422
    assert set(response.context["form"].errors) >= {"title", "close_on"}
    assert not Opportunity.objects.exists()


def test_the_page_warns_when_no_decider_is_known(account, people, client_for):
    jan = make_contact(account, first_name="Jan", buying_role="buyer")
    opportunity = make_opportunity(people.alice, account, contacts=[jan])
    response = client_for(people.alice).get(_detail(opportunity))
    assert response.status_code == 200
    dmu = response.context["dmu"]
    assert dmu["no_decider"] is True
    assert dmu["missing"] == ["Decider", "Influencer", "User", "Gatekeeper"]
    assert b"No decider known for this deal." in response.content


def test_lost_without_a_reason_is_refused_next_to_the_field(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    url = reverse("sales:opportunity_stage", args=[opportunity.pk])
    response = client_for(people.alice).post(url, {"stage-to": "lost"})
    assert response.status_code == 422
    assert response.context["stage_form"].errors == {
        "lost_reason": ["Choose why the opportunity was lost."]
    }
    assert Opportunity.objects.get().stage == Stage.PREPARE


def test_the_stage_form_moves_and_keeps_the_history(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    url = reverse("sales:opportunity_stage", args=[opportunity.pk])
    client = client_for(people.alice)
    assert client.post(url, {"stage-to": "proposal"}).status_code == 302
    rival = make_competitor()
    response = client.post(
        url, {"stage-to": "lost", "stage-lost_reason": "competitor", "stage-lost_to": rival.pk}
    )
    assert response.status_code == 302
    stored = Opportunity.objects.get()
    assert (stored.stage, stored.lost_to) == (Stage.LOST, rival)
    assert list(StageChange.objects.values_list("to_stage", flat=True)) == [
        "prepare",
        "proposal",
        "lost",
    ]
    page = client.get(_detail(stored))
    assert page.context["stage_form"] is None and page.context["reopen_form"] is None
    manager_page = client_for(people.maria).get(_detail(stored))
    assert manager_page.context["reopen_form"] is not None


def test_the_edit_form_refuses_a_stale_save(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    services.opportunity_update(
        actor=people.maria, opportunity=opportunity, expected_version=1, data={"title": "X"}
    )
    response = client_for(people.alice).post(
        reverse("sales:opportunity_edit", args=[opportunity.pk]),
        {
            "title": "Mine",
            "close_on": "2026-09-30",
            "source": "visit",
            "owner": people.alice.pk,
            "version": "1",
        },
    )
    assert response.status_code == 422
    assert Opportunity.objects.get().title == "X"


def test_members_form_names_the_split_error(account, people, client_for):
    opportunity = make_opportunity(people.alice, account)
    response = client_for(people.alice).post(
        reverse("sales:opportunity_members", args=[opportunity.pk]),
        {"members-owner_share": "50", "members-user_0": people.bob.pk, "members-share_0": "20"},
    )
    assert response.status_code == 422
    assert "members" not in response.context["members_form"].fields
    assert response.context["members_form"].non_field_errors() == [
        "The shares add up to 70 %; they must add up to 100 %."
    ]


def test_a_product_line_sets_the_value(account, people, client_for):
    opportunity = make_opportunity(people.alice, account, amount=Decimal("5"))
    product = make_product(list_price=Decimal("12.50"))
    response = client_for(people.alice).post(
        reverse("sales:opportunity_line_add", args=[opportunity.pk]),
        {"line-product": product.pk, "line-quantity": "4"},
    )
    assert response.status_code == 302
    assert Opportunity.objects.get().amount == Decimal("50.00")


def test_the_list_filters(account, people, client_for):
    group = make_group()
    product = make_product(group=group)
    ovens = make_opportunity(
        people.alice, account, title="Ovens", close_on=date(2026, 7, 10), amount=Decimal("900")
    )
    make_opportunity(
        people.alice,
        account,
        title="Shelves",
        close_on=date(2026, 8, 1),
        lines=[(product, Decimal("2"))],
        source="upsell",
    )
    make_opportunity(people.alice, account, title="Old", stage=Stage.WON)
    client = client_for(people.alice)
    url = reverse("sales:opportunity_list")

    def titles(query: str) -> list[str]:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        return [o.title for o in response.context["page_obj"].object_list]

    assert titles("") == ["Ovens", "Shelves"]
    assert titles("stage=won") == ["Old"]
    assert titles("close_month=2026-07") == ["Ovens"]
    assert titles("source=upsell") == ["Shelves"]
    assert titles(f"product_group={group.pk}") == ["Shelves"]
    assert titles("value_min=100&value_max=1000") == ["Ovens"]
    assert titles("close_month=garbage") == ["Ovens", "Shelves"]
    assert titles("sort=-value") == ["Ovens", "Shelves"]
    assert ovens.pk


def test_a_long_list_shows_its_rows_first_and_counts_after(
    account, people, client_for, settings, monkeypatch
):
    monkeypatch.setattr(OpportunityFilterSet, "count_cap", 3)
    settings.PAGE_SIZE = 2
    for day in range(1, 6):
        make_opportunity(people.alice, account, title=f"Deal {day}", close_on=date(2026, 7, day))
    make_opportunity(people.charlie, make_account(people.charlie), title="Not mine")
    client = client_for(people.alice)
    url, count_url = reverse("sales:opportunity_list"), reverse("sales:opportunity_count")

    first = client.get(url)
    count = client.get(count_url, headers={"HX-Request": "true"})
    july = client.get(count_url, {"close_month": "2026-07", "value_min": "0"})
    last = client.get(url, {"page": 2})

    # The page does not count: it asks for the count in a second request.
    assert [o.title for o in first.context["page_obj"].object_list] == ["Deal 1", "Deal 2"]
    assert "Counting opportunities" in first.content.decode()
    assert f'hx-get="{count_url}?"' in first.content.decode()
    assert "More than 3 opportunities match" in count.content.decode()
    assert "More than 3 opportunities match" in july.content.decode()
    # The last page within the cap says so without a second request.
    assert [o.title for o in last.context["page_obj"].object_list] == ["Deal 3"]
    assert "More than 3 opportunities match" in last.content.decode()


def test_the_count_follows_the_filters(account, people, client_for):
    make_opportunity(people.alice, account, title="Ovens", close_on=date(2026, 7, 10))
    make_opportunity(people.alice, account, title="Shelves", close_on=date(2026, 8, 1))
    make_opportunity(people.charlie, make_account(people.charlie), title="Not mine")
    client = client_for(people.alice)
    count_url = reverse("sales:opportunity_count")

    assert "2 opportunities" in client.get(count_url).content.decode()
    assert "1 opportunity" in client.get(count_url, {"close_month": "2026-07"}).content.decode()


def test_others_do_not_see_it_in_the_list(account, people, client_for):
    make_opportunity(people.alice, account)
    response = client_for(people.charlie).get(reverse("sales:opportunity_list"))
    assert list(response.context["page_obj"].object_list) == []


def test_the_export_has_the_columns(account, people, client_for):
    make_opportunity(people.alice, account, title="Ovens", amount=Decimal("1000"))
    response = client_for(people.alice).get(reverse("sales:opportunity_export_csv"))
    assert response.status_code == 200
    text = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Ovens" in text and "Weighted value" in text and "50.00" in text


def test_the_account_panel_lists_open_and_recent(account, people, client_for):
    make_opportunity(people.alice, account, title="Ovens")
    make_opportunity(people.alice, account, title="Lost one", stage=Stage.LOST)
    response = client_for(people.alice).get(
        reverse("sales:account_opportunities", args=[account.pk])
    )
    assert [o.title for o in response.context["opportunities"]] == ["Ovens", "Lost one"]
    assert response.context["may_create"] is True


@pytest.mark.parametrize("rows", [1, 6])
def test_the_list_makes_a_fixed_number_of_queries(
    account, people, client_for, query_baseline, rows
):
    for i in range(rows):
        make_opportunity(people.alice, account, title=f"Deal {i}")
    client = client_for(people.maria)
    client.get(reverse("sales:opportunity_list"))
    with query_baseline("page"):
        client.get(reverse("sales:opportunity_list"))


@pytest.mark.parametrize("contacts", [1, 4])
def test_the_page_makes_a_fixed_number_of_queries(
    account, people, client_for, query_baseline, contacts
):
    people_at = [make_contact(account, buying_role="user") for _ in range(contacts)]
    opportunity = make_opportunity(people.alice, account, contacts=people_at)
    services.opportunity_competitors_set(
        actor=people.alice, opportunity=opportunity, competitors=[make_competitor()]
    )
    for to in (Stage.QUALIFY, Stage.NEEDS):
        services.opportunity_stage_change(actor=people.alice, opportunity=opportunity, to=to)
    client = client_for(people.alice)
    with query_baseline("page"):
        client.get(_detail(opportunity))


def test_the_edit_form_saves_an_empty_estimate_as_zero(account, people, client_for):
    opportunity = make_opportunity(people.alice, account, amount=Decimal("100"))
    response = client_for(people.alice).post(
        reverse("sales:opportunity_edit", args=[opportunity.pk]),
        {
            "title": "Ovens",
            "close_on": "2026-09-30",
            "source": "visit",
            "owner": people.alice.pk,
            "amount": "",
            "probability": "35",
            "room_max_discount": "10",
            "version": "1",
        },
    )
    assert response.status_code == 302
    stored = Opportunity.objects.get()
    assert (stored.title, stored.amount, stored.probability, stored.version) == (
        "Ovens",
        Decimal("0.00"),
        35,
        2,
    )
    assert (stored.room_max_discount, stored.room_lowest_price) == (Decimal("10.0"), None)


@pytest.mark.parametrize("rows", [1, 5])
def test_the_account_panel_makes_a_fixed_number_of_queries(
    account, people, client_for, query_baseline, rows
):
    for i in range(rows):
        make_opportunity(people.alice, account, title=f"Deal {i}")
        make_opportunity(people.alice, account, title=f"Lost {i}", stage=Stage.LOST)
    client = client_for(people.maria)
    with query_baseline("panel"):
        client.get(reverse("sales:account_opportunities", args=[account.pk]))
