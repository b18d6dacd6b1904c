"""Issue 12: an activity planned by hand as a follow-up of another joins its chain
(`follow_up_of`), from "Plan a follow-up" and through the API, as the completion chain's
follow-ups do; the activity page shows the chain. The API: tests/api/test_activity_follow_ups.py."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.relations import services
from koers.relations.models import Activity
from tests.factories import make_account
from tests.relations.factories import at, plan

MONDAY = "2026-12-21 16:00 +01:00"


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


@pytest.fixture
def chain(people):
    return services.follow_up_rule_add(
        actor=people.admin,
        kind="visit",
        next_kind="phone_call",
        working_days=5,
        subject="Nabellen {account}: {subject}",
    )


def _plan_url(account, source) -> str:
    return reverse("relations:activity_plan") + f"?account={account.pk}&follow_up={source.pk}"


def _post(account, **extra) -> dict:
    return {
        "account": account.pk,
        "kind": "phone_call",
        "subject": "Follow-up: Oven demo",
        "day": "2026-12-23",
        "start_time": "10:00",
        "duration": 15,
        **extra,
    }


@time_machine.travel(MONDAY, tick=False)
def test_plan_a_follow_up_offers_the_activity_and_keeps_it_as_follow_up_of(
    people, account, client_for
):
    visit = plan(people.alice, account, subject="Oven demo", planned_start=at("2026-12-21", 9))
    services.activity_complete(actor=people.alice, activity=visit)
    client = client_for(people.alice)

    page = client.get(_plan_url(account, visit))
    assert page.context["form"]["follow_up_of"].value() == visit.pk
    assert "Oven demo" in page.content.decode()

    answer = client.post(_plan_url(account, visit), _post(account, follow_up_of=visit.pk))

    assert answer.status_code == 302
    made = Activity.objects.get(subject="Follow-up: Oven demo")
    assert made.follow_up_of == visit


@time_machine.travel(MONDAY, tick=False)
def test_unticked_the_new_activity_stands_on_its_own(people, account, client_for):
    visit = plan(people.alice, account, subject="Oven demo", planned_start=at("2026-12-21", 9))
    services.activity_complete(actor=people.alice, activity=visit)

    client_for(people.alice).post(_plan_url(account, visit), _post(account, follow_up_of=""))

    assert Activity.objects.get(subject="Follow-up: Oven demo").follow_up_of is None


def test_planned_without_an_activity_the_form_offers_no_follow_up_of(people, account, client_for):
    url = reverse("relations:activity_plan") + f"?account={account.pk}"
    form = client_for(people.alice).get(url).context["form"]
    assert "follow_up_of" not in form.fields


@time_machine.travel(MONDAY, tick=False)
def test_a_second_call_by_hand_next_to_the_automatic_one_is_kept_too(people, account, chain):
    visit = plan(people.alice, account, planned_start=at("2026-12-21", 9))
    services.activity_complete(actor=people.alice, activity=visit)

    plan(
        people.alice,
        account,
        kind="phone_call",
        subject="Also call the buyer",
        planned_start=at("2026-12-22"),
        follow_up_of=visit,
    )

    kinds = sorted(Activity.objects.filter(follow_up_of=visit).values_list("subject", flat=True))
    assert kinds == ["Also call the buyer", "Nabellen Bakkerij Bos: Quarterly review"]


@time_machine.travel(MONDAY, tick=False)
def test_a_call_planned_by_hand_before_completion_is_the_chain_s_call(people, account, chain):
    visit = plan(people.alice, account, planned_start=at("2026-12-21", 9))
    plan(
        people.alice,
        account,
        kind="phone_call",
        subject="Bel na over de offerte",
        planned_start=at("2026-12-28"),
        follow_up_of=visit,
    )

    services.activity_complete(actor=people.alice, activity=visit)

    subjects = list(Activity.objects.filter(follow_up_of=visit).values_list("subject", flat=True))
    assert subjects == ["Bel na over de offerte"]


def test_a_follow_up_of_another_account_s_activity_is_refused(people, account):
    other = make_account(people.alice, "Slagerij Smit")
    visit = plan(people.alice, other)

    with pytest.raises(ValidationError) as refused:
        plan(people.alice, account, follow_up_of=visit)

    assert "follow_up_of" in refused.value.message_dict
    assert not Activity.objects.filter(account=account).exists()


@time_machine.travel(MONDAY, tick=False)
def test_the_activity_page_shows_the_chain(people, account, client_for):
    visit = plan(people.alice, account, subject="Oven demo", planned_start=at("2026-12-14"))
    call = plan(
        people.alice,
        account,
        kind="phone_call",
        subject="Nabellen oven",
        planned_start=at("2026-12-16"),
        follow_up_of=visit,
    )
    offer = plan(people.alice, account, subject="Offerte bespreken", planned_start=at("2026-12-28"))
    Activity.objects.filter(pk=offer.pk).update(follow_up_of=call)
    client = client_for(people.alice)

    page = client.get(reverse("relations:activity_detail", args=[call.pk]))

    assert [a.subject for a in page.context["chain_earlier"]] == ["Oven demo"]
    assert [a.subject for a in page.context["chain_later"]] == ["Offerte bespreken"]
    html = page.content.decode()
    chain = html[html.index('id="follow-up-chain"') :]
    assert chain.index("Oven demo") < chain.index("Nabellen oven") < chain.index("Offerte")
    assert reverse("relations:activity_detail", args=[visit.pk]) in chain
    alone = plan(people.alice, account, subject="Losse afspraak")
    other = client.get(reverse("relations:activity_detail", args=[alone.pk])).content.decode()
    assert 'id="follow-up-chain"' not in other
