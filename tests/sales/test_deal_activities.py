"""Activities for a deal: planned from the opportunity's page they point at it, the plan form
offers the account's open deals only, the deal's next step is its own, and the board's card
shows it; query counts of the board stay as pinned (test_board)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.relations.models import Activity
from koers.sales.models import DealActivity, Stage
from koers.sales.opportunities import board as pipeline
from tests.factories import make_account
from tests.relations.factories import at, plan
from tests.sales.opportunity_factories import make_opportunity


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


def _plan_url(account, opportunity=None) -> str:
    url = reverse("relations:activity_plan") + f"?account={account.pk}"
    return url + (f"&opportunity={opportunity.pk}" if opportunity else "")


def _post(client, account, opportunity_pk, subject="Demo of the ovens", day="2026-06-20"):
    return client.post(
        _plan_url(account),
        {
            "account": account.pk,
            "kind": "visit",
            "subject": subject,
            "day": day,
            "start_time": "10:00",
            "duration": 60,
            "opportunity": opportunity_pk or "",
        },
    )


def test_planning_from_the_deal_links_the_activity_and_makes_it_the_next_step(
    account, people, client_for
):
    deal = make_opportunity(people.alice, account, title="Ovens")
    # An earlier activity at the account for no deal in particular.
    plan(people.alice, account, subject="Coffee with the owner", planned_start=at("2026-06-17"))
    client = client_for(people.alice)
    page = client.get(reverse("sales:opportunity_detail", args=[deal.pk])).content.decode()
    assert "Coffee with the owner" in page and "for no deal in particular" in page
    assert _plan_url(account, deal).replace("&", "&amp;") in page

    form = client.get(_plan_url(account, deal))
    assert form.context["form"]["opportunity"].initial == deal.pk
    response = _post(client, account, deal.pk)

    assert response.status_code == 302
    activity = Activity.objects.get(subject="Demo of the ovens")
    assert DealActivity.objects.get(activity=activity).opportunity == deal
    page = client.get(reverse("sales:opportunity_detail", args=[deal.pk]))
    assert page.context["next_step"] == activity
    assert "Demo of the ovens" in page.content.decode()


def test_the_form_offers_only_the_accounts_open_deals(account, people, client_for):
    open_deal = make_opportunity(people.alice, account, title="Ovens")
    make_opportunity(people.alice, account, Stage.WON, title="Mixers")
    other = make_account(people.alice, "Slagerij Smit")
    make_opportunity(people.alice, other, title="Knives")
    form = client_for(people.alice).get(_plan_url(account)).context["form"]
    choices = [label for value, label in form.fields["opportunity"].choices if value]
    assert choices == [open_deal.title]


def test_the_form_has_no_deal_choice_for_an_account_without_open_deals(account, people, client_for):
    form = client_for(people.alice).get(_plan_url(account)).context["form"]
    assert "opportunity" not in form.fields


def test_it_refuses_a_deal_of_another_account_and_plans_nothing(account, people, client_for):
    make_opportunity(people.alice, account, title="Ovens")
    other = make_account(people.alice, "Slagerij Smit")
    foreign = make_opportunity(people.alice, other, title="Knives")
    response = _post(client_for(people.alice), account, foreign.pk)
    assert response.status_code == 422
    assert "opportunity" in response.context["form"].errors
    assert not Activity.objects.exists() and not DealActivity.objects.exists()


def test_the_service_refuses_a_closed_deal_and_links_nothing(account, people):
    from django.core.exceptions import ValidationError

    from koers.relations import services

    won = make_opportunity(people.alice, account, Stage.WON)
    with pytest.raises(ValidationError) as refused:
        services.activity_plan(
            actor=people.alice,
            account=account,
            kind="visit",
            subject="Too late",
            planned_start=at("2026-06-20"),
            links={"opportunity": won.pk},
        )
    assert "opportunity" in refused.value.message_dict
    assert not Activity.objects.exists()


def test_an_activity_for_another_deal_is_not_this_deals_next_step(account, people, client_for):
    ovens = make_opportunity(people.alice, account, title="Ovens")
    mixers = make_opportunity(people.alice, account, title="Mixers")
    plan(people.alice, account, subject="Mixer demo", links={"opportunity": mixers.pk})
    client = client_for(people.alice)
    ovens_page = client.get(reverse("sales:opportunity_detail", args=[ovens.pk]))
    mixers_page = client.get(reverse("sales:opportunity_detail", args=[mixers.pk]))
    assert ovens_page.context["next_step"] is None
    assert mixers_page.context["next_step"].subject == "Mixer demo"


def test_the_card_shows_the_deals_own_next_step_first(account, people, client_for):
    ovens = make_opportunity(people.alice, account, title="Ovens")
    plan(people.alice, account, subject="General talk", planned_start=at("2026-06-16"))
    plan(
        people.alice,
        account,
        subject="Oven demo",
        planned_start=at("2026-06-25"),
        links={"opportunity": ovens.pk},
    )
    response = client_for(people.alice).get(reverse("sales:board"))
    columns = {c.stage: c for c in response.context["columns"]}
    (card,) = columns["prepare"].cards
    assert (card.next_step_subject, card.no_next_step, card.stale) == ("Oven demo", False, False)
    assert pipeline.CARDS


def test_the_api_links_and_unlinks_an_activity_and_shows_the_next_step(account, people, api):
    deal = make_opportunity(people.alice, account, title="Ovens")
    general = plan(people.alice, account, subject="General talk", planned_start=at("2026-06-16"))
    demo = plan(people.alice, account, subject="Oven demo", planned_start=at("2026-06-25"))
    client = api(people.alice)
    before = client.get(f"/opportunities/{deal.pk}").json()
    assert before["next_step"]["activity_id"] == general.pk
    assert before["next_step"]["for_this_deal"] is False and before["stale"] is False

    linked = client.post(f"/opportunities/{deal.pk}/activities", {"activity_id": demo.pk})

    assert linked.status_code == 200, linked.json()
    assert linked.json()["next_step"] == {
        "activity_id": demo.pk,
        "subject": "Oven demo",
        "planned_start": linked.json()["next_step"]["planned_start"],
        "for_this_deal": True,
    }
    assert client.delete(f"/opportunities/{deal.pk}/activities/{demo.pk}").status_code == 204
    assert not DealActivity.objects.exists()
    assert client.delete(f"/opportunities/{deal.pk}/activities/{demo.pk}").status_code == 404


def test_the_api_refuses_an_activity_of_another_account_and_changes_nothing(account, people, api):
    deal = make_opportunity(people.alice, account, title="Ovens")
    other = make_account(people.alice, "Slagerij Smit")
    elsewhere = plan(people.alice, other, subject="Knife demo")
    url = f"/opportunities/{deal.pk}/activities"
    response = api(people.alice).post(url, {"activity_id": elsewhere.pk})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "opportunity_id"
    unknown = api(people.alice).post(url, {"activity_id": 999999})
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "activity_id"
    assert not DealActivity.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [("bob", 404), ("mark", 403), ("maria", 200)])
def test_the_api_links_only_for_who_may_change_the_account(account, people, api, persona, status):
    deal = make_opportunity(people.alice, account, title="Ovens")
    demo = plan(people.alice, account, subject="Oven demo")
    url = f"/opportunities/{deal.pk}/activities"
    response = api(getattr(people, persona)).post(url, {"activity_id": demo.pk})
    assert response.status_code == status
    assert DealActivity.objects.exists() is (status == 200)


def test_the_activity_page_puts_the_activity_on_a_deal_and_takes_it_off(
    account, people, client_for
):
    ovens = make_opportunity(people.alice, account, title="Ovens")
    mixers = make_opportunity(people.alice, account, title="Mixers")
    visit = plan(people.alice, account, subject="Visit", links={"opportunity": ovens.pk})
    client = client_for(people.alice)
    page = client.get(reverse("relations:activity_detail", args=[visit.pk])).content.decode()
    url = reverse("sales:activity_deal", args=[visit.pk])
    assert url in page
    assert "Ovens" in client.get(url).content.decode()

    moved = client.post(url, {"opportunity": mixers.pk}, headers={"HX-Request": "true"})
    assert moved.status_code == 200 and "Mixers" in moved.content.decode()
    assert DealActivity.objects.get(activity=visit).opportunity == mixers
    assert client.post(url, {"opportunity": ""}).status_code == 302
    assert not DealActivity.objects.exists()


def test_the_activity_page_refuses_a_closed_deal_and_a_reader(account, people, client_for):
    ovens = make_opportunity(people.alice, account, title="Ovens")
    won = make_opportunity(people.alice, account, Stage.WON, title="Won")
    visit = plan(people.alice, account, subject="Visit", links={"opportunity": ovens.pk})
    url = reverse("sales:activity_deal", args=[visit.pk])
    assert client_for(people.alice).post(url, {"opportunity": won.pk}).status_code == 422
    assert client_for(people.mark).post(url, {"opportunity": ""}).status_code == 403
    assert client_for(people.charlie).get(url).status_code == 404
    assert DealActivity.objects.get(activity=visit).opportunity == ovens


def test_an_activity_of_an_account_without_deals_has_no_deal_panel(account, people, client_for):
    visit = plan(people.alice, account, subject="Visit")
    page = client_for(people.alice).get(reverse("relations:activity_detail", args=[visit.pk]))
    assert reverse("sales:activity_deal", args=[visit.pk]) not in page.content.decode()
