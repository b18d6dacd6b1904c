"""The mandate pages: my mandate, the check with the live meter, the administrator's settings,
a manager's team mandates and delegations; refusals change nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.core.models import Role
from koers.sales.mandate import services
from koers.sales.models import ApprovalDelegation, LevelMandate, PersonalMandate
from koers.sales.opportunities import services as opportunity_services
from tests.core.administration import signed_in_admin
from tests.factories import make_account, make_team, make_user
from tests.sales.factories import make_group
from tests.sales.opportunity_factories import make_opportunity

D = Decimal
CHECK = reverse("sales:mandate_check")


def _limits(**changes: str) -> dict[str, str]:
    values = {
        "max_line_discount": "15",
        "max_total_discount": "12",
        "min_margin": "20",
        "far_line_discount": "30",
        "far_total_discount": "25",
        "far_min_margin": "10",
    }
    return {**values, **changes}


def test_an_account_manager_sees_their_levels_mandate_and_approver(people, client_for):
    page = client_for(people.alice).get(reverse("sales:mandate_mine"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Mandate of level B" in text
    assert "10 %" in text
    assert "Maria Tester" in text  # approves for her
    assert reverse("sales:team_mandates") not in text


def test_the_check_shows_every_breach_and_who_approves(people, client_for):
    client = client_for(people.alice)
    data = {"list_1": "1000", "discount_1": "15", "cost_1": "700", "list_2": "200"}
    response = client.post(CHECK, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    meter = response.context["meter"]
    assert [b["breach"].rule for b in meter["breaches"]] == [
        "line_discount",
        "total_discount",
        "margin_unknown",
    ]
    assert meter["step"] == "manager"
    assert meter["approvers"] == [people.maria]
    text = response.content.decode()
    assert 'id="mandate-meter"' in text
    assert "<html" not in text  # the partial only
    assert "Needs the manager" in text


def test_within_the_mandate_the_check_says_so(people, client_for):
    response = client_for(people.charlie).post(
        CHECK, {"list_1": "1000", "discount_1": "20", "cost_1": "500"}
    )
    assert response.context["meter"]["step"] == "none"
    assert "Within the mandate" in response.content.decode()


def test_bad_figures_are_named_at_their_field(people, client_for):
    response = client_for(people.alice).post(CHECK, {"list_1": "-5", "discount_1": "120"})
    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"list_1", "discount_1"}


def test_the_check_of_a_deal_uses_its_owner_and_approved_room(people, client_for):
    deal = make_opportunity(people.alice, make_account(people.alice, "Alpha"))
    deal = opportunity_services.opportunity_update(
        actor=people.alice,
        opportunity=deal,
        expected_version=deal.version,
        data={"room_max_discount": D("15"), "room_min_margin": D("20")},
    )
    opportunity_services.opportunity_room_approve(actor=people.maria, opportunity=deal)
    url = f"{CHECK}?opportunity={deal.pk}"
    response = client_for(people.maria).post(
        url, {"list_1": "1000", "discount_1": "15", "cost_1": "660"}
    )
    meter = response.context["meter"]
    assert meter["owner"] == people.alice
    assert meter["step"] == "none"
    assert all(b["breach"].covered_by_room for b in meter["breaches"])
    assert "inside the deal" in response.content.decode()
    # A deal bob may not read is a 404.
    assert client_for(people.bob).get(url).status_code == 404


def test_a_group_cap_shows_with_the_groups_name(people, client_for):
    group = make_group("PRINT", name_nl="Drukwerk", name_en="Print")
    services.group_cap_set(actor=people.admin, group=group, max_discount=D("3"))
    response = client_for(people.alice).post(
        CHECK, {"list_1": "100", "discount_1": "5", "cost_1": "10", "group_1": str(group.pk)}
    )
    assert "above the cap of Print (3.0 %)" in response.content.decode()


def test_the_administrator_sets_the_level_mandates_and_a_group_cap(people):
    client = signed_in_admin(Client(), people.admin)
    url = reverse("sales:mandate_settings")
    assert client.get(url).status_code == 200
    data = {"action": "levels"}
    for row in LevelMandate.objects.all():
        for name, value in _limits().items():
            data[f"{row.level}-{name}"] = str(getattr(row, name)) if row.level != "B" else value
    wrong = {**data, "B-far_line_discount": "5"}
    refused = client.post(url, wrong)
    assert refused.status_code == 422
    assert LevelMandate.objects.get(level="B").max_line_discount == D("10")
    assert client.post(url, data).status_code == 302
    assert LevelMandate.objects.get(level="B").max_line_discount == D("15")
    group = make_group("PRINT")
    assert (
        client.post(url, {"action": "cap", "group": group.pk, "max_discount": "4"}).status_code
        == 302
    )
    assert group.discount_cap.max_discount == D("4")
    assert "Group PRINT" in client.get(url).content.decode()


def test_a_manager_sets_and_ends_a_personal_mandate_for_their_team(people, client_for):
    client = client_for(people.maria)
    team = client.get(reverse("sales:team_mandates"))
    assert [row["person"] for row in team.context["rows"]] == [people.alice, people.bob]
    url = reverse("sales:personal_mandate", args=[people.alice.pk])
    today = timezone.localdate()
    data = {**_limits(), "reason": "Key account this quarter", "valid_from": today.isoformat()}
    assert client.post(url, data).status_code == 302
    mandate = PersonalMandate.objects.get()
    assert (mandate.user, mandate.set_by, mandate.max_line_discount) == (
        people.alice,
        people.maria,
        D("15"),
    )
    alice = Client()
    alice.force_login(people.alice)
    mine = alice.get(reverse("sales:mandate_mine"))
    assert mine.context["mandate"].source == "personal"
    assert "Key account this quarter" in mine.content.decode()
    client.post(reverse("sales:personal_mandate_end", args=[mandate.pk]))
    mandate.refresh_from_db()
    assert mandate.valid_until == today


def test_a_personal_mandate_needs_a_reason_and_a_sound_period(people, client_for):
    url = reverse("sales:personal_mandate", args=[people.alice.pk])
    today = timezone.localdate()
    response = client_for(people.maria).post(
        url,
        {
            **_limits(),
            "reason": "",
            "valid_from": today.isoformat(),
            "valid_until": (today - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 422
    assert "reason" in response.context["form"].errors
    past = client_for(people.maria).post(
        url,
        {**_limits(), "reason": "x", "valid_from": (today - timedelta(days=3)).isoformat()},
    )
    assert "valid_from" in past.context["form"].errors
    assert not PersonalMandate.objects.exists()


@pytest.mark.parametrize("persona", ["alice", "ingrid", "mark"])
def test_only_managers_open_the_team_mandates(people, client_for, persona):
    client = client_for(getattr(people, persona))
    assert client.get(reverse("sales:team_mandates")).status_code == 403
    url = reverse("sales:personal_mandate", args=[people.bob.pk])
    assert (
        client.post(url, {**_limits(), "reason": "x", "valid_from": "2030-01-01"}).status_code
        == 403
    )
    assert not PersonalMandate.objects.exists()


def test_a_manager_of_another_team_cannot_set_the_mandate(people, client_for):
    sam = make_user("sam2", role=Role.MANAGER)
    make_team("West", sam)
    url = reverse("sales:personal_mandate", args=[people.alice.pk])
    assert client_for(sam).get(url).status_code == 403


def test_a_manager_delegates_approvals_for_a_period(people, client_for):
    sam = make_user("sam2", role=Role.MANAGER, first_name="Sam", last_name="Stand-in")
    client = client_for(people.maria)
    url = reverse("sales:delegations")
    today = timezone.localdate()
    data = {
        "delegate": sam.pk,
        "starts_on": (today + timedelta(days=1)).isoformat(),
        "ends_on": (today + timedelta(days=5)).isoformat(),
        "note": "Holiday",
    }
    assert client.post(url, data).status_code == 302
    delegation = ApprovalDelegation.objects.get()
    assert (delegation.manager, delegation.delegate) == (people.maria, sam)
    backwards = {**data, "ends_on": today.isoformat()}
    assert client.post(url, backwards).status_code == 422
    stand_in = Client()
    stand_in.force_login(sam)
    assert "Sam Stand-in" in stand_in.get(url).content.decode()  # received
    end = reverse("sales:delegation_end", args=[delegation.pk])
    assert stand_in.post(end).status_code == 404
    client.post(end)
    assert not ApprovalDelegation.objects.exists()
    assert client_for(people.alice).get(url).status_code == 403


def test_the_team_page_makes_a_fixed_number_of_queries(people, client_for, query_baseline):
    for i in range(3):
        person = make_user(f"extra{i}", level="C")
        people.maria.managed_teams.get().members.add(person)
        services.personal_mandate_set(
            actor=people.maria,
            user=person,
            limits={k: D(v) for k, v in _limits().items()},
            reason="x",
            valid_from=timezone.localdate(),
        )
    client = client_for(people.maria)
    with query_baseline("page"):
        assert client.get(reverse("sales:team_mandates")).status_code == 200


def test_the_settings_page_shows_my_mandate_as_a_panel(people, client_for):
    client = client_for(people.alice)
    settings_page = client.get(reverse("core:settings")).content.decode()
    assert 'id="my-mandate-panel"' in settings_page
    panel = client.get(reverse("sales:mandate_mine"), HTTP_HX_REQUEST="true")
    assert "Mandate of level B" in panel.content.decode()
    assert "<html" not in panel.content.decode()
    other = Client()
    other.force_login(people.mark)
    assert 'id="my-mandate-panel"' not in other.get(reverse("core:settings")).content.decode()


def test_the_deal_page_links_to_its_mandate_check(people, client_for):
    deal = make_opportunity(people.alice, make_account(people.alice, "Alpha"))
    page = client_for(people.alice).get(reverse("sales:opportunity_detail", args=[deal.pk]))
    assert f"{CHECK}?opportunity={deal.pk}" in page.content.decode()
