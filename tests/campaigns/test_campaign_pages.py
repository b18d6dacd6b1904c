"""The campaign pages: creating with errors next to the fields, the list per persona, the
detail with its history, the selection page with its preview, freezing, and an account
manager's own contacts; pinned query counts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from koers.campaigns import services
from koers.campaigns.models import Campaign, SelectionMember
from koers.campaigns.selection import Criteria


def _form(people: Any, **data: str) -> dict[str, str]:
    return {
        "name": "Spring fair",
        "kind": "trade_fair",
        "starts_on": "2027-03-01",
        "ends_on": "2027-03-03",
        "owner": str(people.mark.pk),
        "budget": "12500.00",
        "actual_cost": "0",
        "goal_leads": "40",
        **data,
    }


def make_campaign(people: Any, name: str = "Spring mailing", **criteria: Any) -> Campaign:
    campaign = services.campaign_create(
        actor=people.mark,
        data={
            "name": name,
            "kind": "mailing",
            "starts_on": date(2027, 3, 1),
            "ends_on": date(2027, 3, 31),
            "owner": people.mark,
            "budget": Decimal("1000"),
        },
    )
    services.selection_save(actor=people.mark, campaign=campaign, criteria=Criteria(**criteria))
    return campaign


def test_marketing_creates_a_campaign(people, client_for, file):
    client = client_for(people.mark)

    response = client.post(
        reverse("campaigns:campaign_new"), _form(people, product_groups=str(file.bakery.pk))
    )

    campaign = Campaign.objects.get()
    assert response.status_code == 302
    assert (campaign.name, campaign.budget, campaign.goal_leads) == (
        "Spring fair",
        Decimal("12500.00"),
        40,
    )
    assert list(campaign.product_groups.all()) == [file.bakery]
    page = client.get(response["Location"]).content.decode()
    assert "Spring fair" in page
    assert "Created this campaign." in page


def test_a_period_that_ends_before_it_starts_is_said_at_the_field(people, client_for):
    response = client_for(people.mark).post(
        reverse("campaigns:campaign_new"), _form(people, ends_on="2027-02-01", budget="-5")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="field-ends_on"' in page
    assert "The end lies before the start." in page
    assert 'class="field field-error" id="field-budget"' in page
    assert not Campaign.objects.exists()


def test_a_change_is_kept_in_the_history(people, client_for):
    campaign = make_campaign(people)
    client = client_for(people.mark)

    client.post(
        reverse("campaigns:campaign_edit", args=[campaign.pk]),
        {**_form(people, name="Autumn mailing", kind="mailing"), "version": "1"},
    )

    page = client.get(reverse("campaigns:campaign_history", args=[campaign.pk])).content.decode()
    assert "Spring mailing" in page
    assert "Autumn mailing" in page


def test_an_account_manager_sees_the_campaigns_touching_their_accounts(people, client_for, file):
    make_campaign(people, "North", segments=[file.noord.segment_id])
    make_campaign(people, "South", statuses=["prospect"])

    def names(user: Any) -> set[str]:
        page = client_for(user).get(reverse("campaigns:campaign_list")).content.decode()
        return {n for n in ("North", "South") if f"<strong>{n}</strong>" in page}

    assert names(people.alice) == {"North"}
    assert names(people.charlie) == {"South"}
    assert names(people.bob) == set()
    assert names(people.maria) == {"North"}
    assert names(people.mark) == {"North", "South"}


def test_the_selection_page_shows_the_exclusions_with_their_reason(people, client_for, file):
    campaign = make_campaign(people, segments=[file.noord.segment_id])

    page = client_for(people.mark).get(
        reverse("campaigns:selection", args=[campaign.pk]) + "?show=excluded"
    )

    text = page.content.decode()
    assert "1 contact included" in text
    assert "Excluded: Opted out" in text
    assert "Excluded: No consent for mailings" in text
    assert "Excluded: No e-mail address" in text
    assert f'id="member-{file.anna.pk}"' not in text


def test_the_preview_counts_before_saving(people, client_for, file):
    campaign = make_campaign(people)
    url = reverse("campaigns:selection_preview", args=[campaign.pk])

    page = client_for(people.mark).get(
        url, {"segments": str(file.noord.segment_id)}, HTTP_HX_REQUEST="true"
    )

    text = page.content.decode()
    assert "1 contact included" in text
    assert "of 4 found" in text
    assert "Opted out: 1" in text


def test_marketing_saves_and_freezes_the_selection(people, client_for, file):
    campaign = make_campaign(people)
    client = client_for(people.mark)
    url = reverse("campaigns:selection", args=[campaign.pk])

    client.post(url, {"statuses": ["prospect"], "save": "1"})
    client.post(reverse("campaigns:selection_freeze", args=[campaign.pk]))

    campaign.selection.refresh_from_db()
    assert campaign.selection.frozen
    assert list(SelectionMember.objects.values_list("contact__first_name", flat=True)) == ["Carl"]
    assert "Frozen on" in client.get(url).content.decode()


def test_a_bad_postcode_range_is_said_at_the_field(people, client_for, file):
    campaign = make_campaign(people)
    url = reverse("campaigns:selection", args=[campaign.pk])

    page = client_for(people.mark).post(
        url, {"postcode_from": "5000", "postcode_to": "1000", "save": "1"}
    )

    assert "The end of the range lies before its start." in page.content.decode()
    assert campaign.selection.criteria == {}


def test_an_account_manager_removes_their_contact_from_the_page(people, client_for, file):
    campaign = make_campaign(people, segments=[file.noord.segment_id])
    client = client_for(people.alice)

    client.post(
        reverse("campaigns:selection_remove", args=[campaign.pk]), {"contact": file.anna.pk}
    )

    assert SelectionMember.objects.get(contact=file.anna).reason == "removed"
    page = client.get(reverse("campaigns:selection", args=[campaign.pk])).content.decode()
    assert "Excluded: Removed by hand" in page
    assert "Add again" in page


def test_an_account_manager_sees_only_the_rows_of_their_accounts(people, client_for, file):
    campaign = make_campaign(people)

    page = client_for(people.charlie).get(reverse("campaigns:selection", args=[campaign.pk]))

    text = page.content.decode()
    assert f'id="member-{file.carl.pk}"' in text
    assert f'id="member-{file.anna.pk}"' not in text
    assert 'id="selection-form"' not in text


@pytest.mark.parametrize("size", [1, 4])
def test_the_pages_make_a_fixed_number_of_queries(people, client_for, query_baseline, size):
    from tests.factories import make_account, make_contact

    for n in range(size):
        account = make_account(people.alice, f"Account {n}", visit_postcode=f"{1000 + n} AB")
        make_contact(account, first_name=f"C{n}", email=f"c{n}@example.nl")
        make_campaign(people, f"Campaign {n}")
    campaign = Campaign.objects.first()
    for user in (people.mark, people.alice):
        client = client_for(user)
        client.get(reverse("campaigns:campaign_list"))  # the session's first use

        with query_baseline(f"list {user.username}"):
            client.get(reverse("campaigns:campaign_list"))
        with query_baseline(f"selection {user.username}"):
            client.get(reverse("campaigns:selection", args=[campaign.pk]))
        with query_baseline(f"detail {user.username}"):
            client.get(reverse("campaigns:campaign_detail", args=[campaign.pk]))


def test_an_account_manager_adds_their_contact_from_the_page(people, client_for, file):
    # Touches alice's accounts through Erik at Oost (tier C), so she sees it.
    campaign = make_campaign(people, tiers=["C"])
    client = client_for(people.alice)
    page = client.get(reverse("campaigns:selection", args=[campaign.pk])).content.decode()
    assert f'<option value="{file.anna.pk}">Anna Test</option>' in page

    client.post(reverse("campaigns:selection_add", args=[campaign.pk]), {"contact": file.anna.pk})

    member = SelectionMember.objects.get(contact=file.anna)
    assert (member.reason, member.by_hand, member.account) == ("", True, file.noord)
    assert (
        f'id="member-{file.anna.pk}"'
        in client.get(reverse("campaigns:selection", args=[campaign.pk])).content.decode()
    )


def test_an_account_manager_cannot_add_a_colleagues_contact(people, client_for, file):
    campaign = make_campaign(people, tiers=["A", "C"])

    response = client_for(people.alice).post(
        reverse("campaigns:selection_add", args=[campaign.pk]), {"contact": file.carl.pk}
    )

    assert response.status_code == 302
    assert not SelectionMember.objects.filter(contact=file.carl).exists()
