"""Setting the contact norms: the administrator's table on a settings page (every account's
status follows, in the background) and an account's own norm, set by its team's manager."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.core.errors import NotAllowed
from koers.relations import services
from koers.relations.models import AccountNorm, ActivityKind, ContactNorm, CountingKind, RoleNorm
from tests.core.administration import signed_in_admin
from tests.factories import make_account
from tests.relations.test_norms import NOW, log, state

TABLE = {
    "tier_A": "21",
    "tier_B": "56",
    "tier_C": "90",
    "role_decider": "100",
    "role_buyer": "",
    "counting": ["visit", "phone_call"],
}


@time_machine.travel(NOW, tick=False)
def test_the_administrator_sets_the_norm_table_and_every_account_follows(
    people, client, django_capture_on_commit_callbacks
):
    a_account = make_account(people.alice, tier="A")
    log(people, a_account, day="2026-12-01")
    assert state(a_account) == (date(2026, 12, 1), 28, date(2026, 12, 29))

    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in_admin(client, people.admin).post(
            reverse("relations:norm_settings"), TABLE
        )

    assert response.status_code == 302
    assert dict(ContactNorm.objects.values_list("tier", "days")) == {"A": 21, "B": 56, "C": 90}
    assert dict(RoleNorm.objects.values_list("buying_role", "days")) == {"decider": 100}
    assert sorted(CountingKind.objects.values_list("kind", flat=True)) == ["phone_call", "visit"]
    assert state(a_account) == (date(2026, 12, 1), 21, date(2026, 12, 22))


def test_the_settings_page_shows_the_current_table(people, client):
    page = signed_in_admin(client, people.admin).get(reverse("relations:norm_settings"))

    assert page.status_code == 200
    form = page.context["form"]
    assert (form["tier_A"].value(), form["tier_B"].value(), form["tier_C"].value()) == (28, 56, 182)
    assert (form["role_decider"].value(), form["role_buyer"].value()) == (180, 120)
    assert sorted(form["counting"].value()) == [
        "event_meeting",
        "phone_call",
        "video_call",
        "visit",
    ]


def test_a_norm_out_of_range_is_shown_at_its_field_and_nothing_is_saved(people, client):
    page = signed_in_admin(client, people.admin).post(
        reverse("relations:norm_settings"), {**TABLE, "tier_B": "0", "counting": []}
    )

    assert page.status_code == 200
    assert page.context["form"].errors.keys() == {"tier_B", "counting"}
    assert ContactNorm.objects.get(tier="B").days == 56
    assert CountingKind.objects.count() == 4


def test_no_kind_that_counts_is_refused_by_the_service(people):
    with pytest.raises(ValidationError) as refused:
        services.norms_update(
            actor=people.admin, tier_days={"A": 28, "B": 56, "C": 182}, role_days={}, counting=[]
        )

    assert refused.value.message_dict == {
        "counting": ["Choose at least one kind of contact that counts."]
    }


def test_only_administrators_set_the_table(people):
    with pytest.raises(NotAllowed):
        services.norms_update(
            actor=people.maria,
            tier_days={"A": 1, "B": 1, "C": 1},
            role_days={},
            counting=["visit"],
        )
    assert ContactNorm.objects.get(tier="A").days == 28


@time_machine.travel(NOW, tick=False)
def test_the_manager_gives_an_account_its_own_norm_from_its_page(people, client_for):
    account = make_account(people.alice, tier="C")
    log(people, account, kind=ActivityKind.VISIT, day="2026-12-01")
    client = client_for(people.maria)

    panel = client.post(
        reverse("relations:account_norm", args=[account.pk]), {"days": "14"}, HTTP_HX_REQUEST="true"
    )

    assert panel.status_code == 200
    assert "Own norm: every 14 days" in panel.content.decode()
    assert state(account) == (date(2026, 12, 1), 14, date(2026, 12, 15))

    client.post(
        reverse("relations:account_norm", args=[account.pk]), {"days": ""}, HTTP_HX_REQUEST="true"
    )
    assert not AccountNorm.objects.filter(account=account).exists()
    assert state(account) == (date(2026, 12, 1), 182, date(2027, 6, 1))


def test_the_account_manager_sees_the_own_norm_but_cannot_change_it(people, client_for):
    account = make_account(people.alice, tier="C")
    services.account_norm_set(actor=people.maria, account=account, days=30)
    client = client_for(people.alice)

    panel = client.get(reverse("relations:account_contact", args=[account.pk]))
    refused = client.post(reverse("relations:account_norm", args=[account.pk]), {"days": "300"})

    assert "This account has an own norm of 30 days." in panel.content.decode()
    assert 'name="days"' not in panel.content.decode()
    assert refused.status_code == 403
    assert AccountNorm.objects.get(account=account).days == 30


def test_a_bad_own_norm_is_shown_at_its_field(people, client_for):
    account = make_account(people.alice, tier="C")

    panel = client_for(people.maria).post(
        reverse("relations:account_norm", args=[account.pk]),
        {"days": "9999"},
        HTTP_HX_REQUEST="true",
    )

    assert panel.status_code == 200
    assert panel.context["norm_form"].errors.keys() == {"days"}
    assert not AccountNorm.objects.filter(account=account).exists()
