"""The selection's filters on a hand-made file (tests/campaigns/file.py), with the consent and
opt-out exclusions exact; frozen and live selections; contacts added and removed by hand."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from koers.accounts.models import Contact
from koers.campaigns import services
from koers.campaigns.models import Campaign, SelectionMember
from koers.campaigns.selection import Criteria, found_contacts, preview
from koers.core.errors import NotAllowed
from tests.factories import make_contact


def _found(criteria: Criteria, campaign: Campaign | None = None) -> dict[str, str]:
    selection = campaign.selection if campaign else None
    rows = found_contacts(criteria, selection).values_list("first_name", "reason")
    return dict(rows)


def _campaign(people: Any, **criteria: Any) -> Campaign:
    campaign = services.campaign_create(
        actor=people.mark,
        data={
            "name": "Spring mailing",
            "kind": "mailing",
            "starts_on": date(2027, 3, 1),
            "ends_on": date(2027, 3, 31),
            "owner": people.mark,
        },
    )
    services.selection_save(actor=people.mark, campaign=campaign, criteria=Criteria(**criteria))
    return campaign


def _members(campaign: Campaign) -> dict[str, str]:
    rows = SelectionMember.objects.filter(selection=campaign.selection)
    return dict(rows.values_list("contact__first_name", "reason"))


def test_a_segment_finds_its_current_contacts_with_each_exclusion_reason(file):
    retail = file.noord.segment_id

    assert _found(Criteria(segments=[retail])) == {
        "Anna": "",
        "Otto": "opted_out",
        "Nina": "no_consent",
        "Erik": "no_email",
    }


def test_the_preview_counts_included_and_each_reason(file):
    counts = preview(Criteria(segments=[file.noord.segment_id]))

    assert counts == {
        "total": 4,
        "included": 1,
        "erased": 0,
        "opted_out": 1,
        "no_consent": 1,
        "no_email": 1,
        "removed": 0,
    }


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        ({"tiers": ["A"], "buying_roles": ["decider"]}, {"Anna"}),
        ({"statuses": ["prospect"]}, {"Carl"}),
        ({"postcode_from": 1000, "postcode_to": 1999}, {"Anna", "Otto", "Nina"}),
        ({"postcode_from": 5000, "postcode_to": 9999}, {"Carl", "Erik"}),
        ({"postcode_to": 5611}, {"Anna", "Otto", "Nina", "Carl"}),
        ({"buying_roles": ["decider"]}, {"Anna", "Erik", "Carl"}),
    ],
)
def test_the_filters_on_the_account_and_the_position(file, criteria, expected):
    assert set(_found(Criteria(**criteria))) == expected


def test_the_account_manager_filter(file, people):
    assert set(_found(Criteria(owners=[people.charlie.pk]))) == {"Carl"}


def test_the_tag_filter(file):
    assert set(_found(Criteria(tags=[file.fair.pk]))) == {"Anna", "Otto", "Nina"}


def test_bought_counts_a_main_group_with_its_groups_and_no_cancelled_order(file):
    assert set(_found(Criteria(bought=[file.bakery.pk]))) == {"Anna", "Otto", "Nina"}
    assert set(_found(Criteria(bought=[file.cakes.pk]))) == {"Erik"}


def test_not_bought_leaves_out_who_bought(file):
    assert set(_found(Criteria(not_bought=[file.bread.pk]))) == {"Erik", "Carl"}


def test_without_filters_every_current_contact_is_found(file):
    assert set(_found(Criteria())) == {"Anna", "Otto", "Nina", "Erik", "Carl"}


def test_a_frozen_selection_does_not_change_when_the_file_does(file, people):
    campaign = _campaign(people, segments=[file.noord.segment_id])
    services.selection_freeze(actor=people.mark, campaign=campaign)
    before = _members(campaign)

    Contact.objects.filter(pk=file.anna.pk).update(opted_out=True)
    Contact.objects.filter(pk=file.nina.pk).update(mailing_consent=True)
    make_contact(file.oost, first_name="Nieuw", last_name="Test", email="n@example.nl")
    with pytest.raises(ValidationError):
        services.selection_refresh(actor=people.mark, campaign=campaign)

    assert (
        _members(campaign)
        == before
        == {
            "Anna": "",
            "Otto": "opted_out",
            "Nina": "no_consent",
            "Erik": "no_email",
        }
    )
    campaign.selection.refresh_from_db()
    assert (campaign.selection.included, campaign.selection.excluded) == (1, 3)


def test_a_live_selection_follows_the_file_when_refreshed(file, people):
    campaign = _campaign(people, segments=[file.noord.segment_id])

    Contact.objects.filter(pk=file.anna.pk).update(opted_out=True)
    services.selection_refresh(actor=people.mark, campaign=campaign)

    assert _members(campaign)["Anna"] == "opted_out"


def test_an_account_manager_removes_their_contact_and_it_stays_removed(file, people):
    campaign = _campaign(people, segments=[file.noord.segment_id])

    services.selection_remove_contact(actor=people.alice, campaign=campaign, contact=file.anna)
    services.selection_refresh(actor=people.mark, campaign=campaign)

    assert _members(campaign)["Anna"] == "removed"
    campaign.selection.refresh_from_db()
    assert campaign.selection.included == 0


def test_an_account_manager_adds_their_contact_outside_the_filters(file, people):
    campaign = _campaign(people, statuses=["prospect"])

    services.selection_add_contact(actor=people.alice, campaign=campaign, contact=file.anna)
    services.selection_add_contact(actor=people.alice, campaign=campaign, contact=file.nina)
    services.selection_refresh(actor=people.mark, campaign=campaign)

    assert _members(campaign) == {"Carl": "", "Anna": "", "Nina": "no_consent"}
    assert SelectionMember.objects.get(contact=file.anna).by_hand is True


def test_an_account_manager_may_not_touch_a_colleagues_contact(file, people):
    campaign = _campaign(people, statuses=["prospect"])

    with pytest.raises(ValidationError):
        services.selection_remove_contact(actor=people.alice, campaign=campaign, contact=file.carl)

    assert _members(campaign) == {"Carl": ""}


def test_marketing_may_not_adjust_a_frozen_selection_by_hand_and_inside_sales_not_at_all(
    file, people
):
    campaign = _campaign(people, statuses=["prospect"])
    with pytest.raises(NotAllowed):
        services.selection_add_contact(actor=people.ingrid, campaign=campaign, contact=file.anna)
    services.selection_freeze(actor=people.mark, campaign=campaign)
    with pytest.raises(ValidationError):
        services.selection_add_contact(actor=people.alice, campaign=campaign, contact=file.anna)

    assert _members(campaign) == {"Carl": ""}


def test_only_marketing_and_admins_run_campaigns(file, people):
    campaign = _campaign(people)
    for person in (people.alice, people.maria):
        with pytest.raises(NotAllowed):
            services.selection_freeze(actor=person, campaign=campaign)
    assert not campaign.selection.frozen
