"""Activities for a deal, the remaining ways in: planned from the agenda (the account chosen
there, its open deals offered by HTMX), follow-ups that inherit the deal while it is open (the
completion chain, the visit report's next step, "Plan a follow-up"), and the activity API's
`links`. A refused deal leaves no activity behind."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.relations import services
from koers.relations.models import Activity, ActivityStatus
from koers.sales.models import DealActivity, Stage
from koers.sales.opportunities import services as deal_services
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan
from tests.sales.opportunity_factories import make_opportunity


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Bos")


@pytest.fixture
def deal(people, account):
    return make_opportunity(people.alice, account, title="Ovens")


def deal_of(activity: Activity) -> int | None:
    link = DealActivity.objects.filter(activity=activity).first()
    return link.opportunity_id if link else None


def close(people, deal) -> None:
    deal_services.opportunity_stage_change(actor=people.alice, opportunity=deal, to=Stage.WON)


# --- the service ------------------------------------------------------------------------------


def test_planning_with_a_deal_saves_the_activity_and_its_link_together(people, account, deal):
    visit = plan(people.alice, account, subject="Oven demo", links={"opportunity": deal.pk})
    assert deal_of(visit) == deal.pk


def test_a_deal_of_another_account_is_refused_and_no_activity_is_left(people, account):
    knives = make_opportunity(people.alice, make_account(people.alice, "Slagerij Smit"))
    with pytest.raises(ValidationError) as refused:
        plan(people.alice, account, subject="Wrong deal", links={"opportunity": knives.pk})
    assert refused.value.message_dict["opportunity"] == [
        "Choose an open opportunity of this account."
    ]
    assert not Activity.objects.exists() and not DealActivity.objects.exists()


# --- planning from the agenda -------------------------------------------------------------------


def _agenda_post(client, account, opportunity: int | str = ""):
    return client.post(
        reverse("relations:activity_plan"),
        {
            "account": account.pk,
            "kind": "visit",
            "subject": "Oven demo",
            "day": "2026-06-22",
            "start_time": "10:00",
            "duration": 60,
            "opportunity": opportunity,
        },
    )


def test_the_agenda_form_asks_for_the_deal_once_an_account_is_chosen(
    people, account, deal, client_for
):
    make_opportunity(people.alice, account, Stage.WON, title="Mixers")
    client = client_for(people.alice)
    page = client.get(reverse("relations:activity_plan"))
    assert "opportunity" not in page.context["form"].fields
    links_url = reverse("relations:activity_plan_links")
    assert f'hx-get="{links_url}"' in page.content.decode()

    partial = client.get(links_url, {"account": account.pk}, HTTP_HX_REQUEST="true")

    html = partial.content.decode()
    assert partial.status_code == 200 and 'id="plan-links"' in html
    assert f'<option value="{deal.pk}">Ovens</option>' in html and "Mixers" not in html


def test_the_deal_choice_is_empty_for_an_account_you_do_not_work(people, deal, client_for):
    foreign = make_account(people.charlie, "Charlie BV")
    make_opportunity(people.charlie, foreign, title="Not hers")
    partial = client_for(people.alice).get(
        reverse("relations:activity_plan_links"), {"account": foreign.pk}
    )
    html = partial.content.decode()
    assert partial.status_code == 200 and "<select" not in html and "Not hers" not in html


def test_marketing_may_not_ask_for_the_deal_choice(people, account, deal, client_for):
    partial = client_for(people.mark).get(
        reverse("relations:activity_plan_links"), {"account": account.pk}
    )
    assert partial.status_code == 403


def test_planning_from_the_agenda_links_the_chosen_deal(people, account, deal, client_for):
    response = _agenda_post(client_for(people.alice), account, deal.pk)
    assert response.status_code == 302
    assert deal_of(Activity.objects.get(subject="Oven demo")) == deal.pk


def test_the_agenda_refuses_a_closed_deal_and_plans_nothing(people, account, deal, client_for):
    client = client_for(people.alice)
    client.get(reverse("relations:activity_plan"))
    close(people, deal)
    response = _agenda_post(client, account, deal.pk)
    assert response.status_code == 422
    assert "opportunity" in response.context["form"].errors
    assert not Activity.objects.exists()


# --- follow-ups inherit the deal ----------------------------------------------------------------


@pytest.fixture
def chain(people):
    services.follow_up_rule_add(
        actor=people.admin,
        kind="visit",
        next_kind="phone_call",
        working_days=2,
        subject="Bel na: {subject}",
    )


def test_a_follow_up_of_the_completion_chain_is_for_the_same_open_deal(
    people, account, deal, chain
):
    visit = plan(people.alice, account, subject="Oven demo", links={"opportunity": deal.pk})
    services.activity_complete(actor=people.alice, activity=visit)
    call = Activity.objects.get(follow_up_of=visit)
    assert (call.subject, call.status, deal_of(call)) == (
        "Bel na: Oven demo",
        ActivityStatus.PLANNED,
        deal.pk,
    )


def test_a_follow_up_of_a_closed_deal_is_for_the_account_in_general(people, account, deal, chain):
    visit = plan(people.alice, account, subject="Oven demo", links={"opportunity": deal.pk})
    close(people, deal)
    services.activity_complete(actor=people.alice, activity=visit)
    assert deal_of(Activity.objects.get(follow_up_of=visit)) is None


def test_a_follow_up_of_an_activity_for_no_deal_is_for_no_deal(people, account, deal, chain):
    visit = plan(people.alice, account, subject="Coffee")
    services.activity_complete(actor=people.alice, activity=visit)
    assert deal_of(Activity.objects.get(follow_up_of=visit)) is None


def test_the_visit_reports_next_step_is_for_the_visits_deal(people, account, deal):
    visit = plan(people.alice, account, subject="Oven demo", links={"opportunity": deal.pk})
    report = services.report_write(
        actor=people.alice,
        activity=visit,
        data={
            "discussed": "Two ovens",
            "next_step": "Send the offer",
            "next_step_date": at("2026-12-14").date(),
        },
    )
    step = services.report_plan_next_step(actor=people.alice, report=report)
    assert (step.subject, deal_of(step)) == ("Send the offer", deal.pk)


def test_plan_a_follow_up_starts_from_the_done_activity_and_its_deal(
    people, account, deal, client_for
):
    anna = make_contact(account, first_name="Anna")
    visit = plan(
        people.alice, account, subject="Oven demo", contacts=[anna], links={"opportunity": deal.pk}
    )
    services.activity_complete(actor=people.alice, activity=visit)
    client = client_for(people.alice)
    detail = client.get(reverse("relations:activity_detail", args=[visit.pk])).content.decode()
    assert 'id="plan-follow-up"' in detail

    url = reverse("relations:activity_plan") + f"?account={account.pk}&follow_up={visit.pk}"
    form = client.get(url).context["form"]

    assert form["opportunity"].value() == deal.pk
    assert (form["kind"].value(), form["subject"].value()) == ("visit", "Follow-up: Oven demo")
    assert form["contacts"].value() == [anna.pk]


def test_plan_a_follow_up_of_a_closed_deal_offers_it_no_more(people, account, deal, client_for):
    make_opportunity(people.alice, account, title="Mixers")
    visit = plan(people.alice, account, subject="Oven demo", links={"opportunity": deal.pk})
    services.activity_complete(actor=people.alice, activity=visit)
    close(people, deal)
    url = reverse("relations:activity_plan") + f"?account={account.pk}&follow_up={visit.pk}"
    form = client_for(people.alice).get(url).context["form"]
    assert form["opportunity"].value() is None
    assert [label for value, label in form.fields["opportunity"].choices if value] == ["Mixers"]


def test_a_planned_activity_has_no_follow_up_button(people, account, client_for):
    visit = plan(people.alice, account, subject="Oven demo")
    detail = client_for(people.alice).get(reverse("relations:activity_detail", args=[visit.pk]))
    assert 'id="plan-follow-up"' not in detail.content.decode()


# --- the API ------------------------------------------------------------------------------------


def _body(account, **links) -> dict:
    return {
        "account_id": account.pk,
        "kind": "visit",
        "subject": "Oven demo",
        "planned_start": "2026-12-14T10:00:00+01:00",
        **({"links": links} if links else {}),
    }


def test_the_api_plans_an_activity_for_a_deal_and_shows_the_link(people, account, deal, api):
    client = api(people.alice)
    made = client.post("/activities", _body(account, opportunity=deal.pk))
    assert made.status_code == 201, made.json()
    assert made.json()["links"] == {"opportunity": deal.pk}
    general = plan(people.alice, account, subject="Coffee")

    listed = {row["id"]: row["links"] for row in client.get("/activities").json()["results"]}
    assert listed == {
        made.json()["id"]: {"opportunity": deal.pk},
        general.pk: {"opportunity": None},
    }
    read = client.get(f"/activities/{general.pk}").json()
    assert read["links"] == {"opportunity": None}


@pytest.mark.parametrize("which", ["closed", "other_account", "unknown"])
def test_the_api_refuses_a_deal_that_is_not_open_at_the_account(people, account, deal, api, which):
    if which == "closed":
        close(people, deal)
        pk, code = deal.pk, "status"
    elif which == "other_account":
        pk = make_opportunity(people.alice, make_account(people.alice, "Slagerij Smit")).pk
        code = "not_at_account"
    else:
        pk, code = 999_999, "not_found"

    response = api(people.alice).post("/activities", _body(account, opportunity=pk))

    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("links.opportunity", code)
    ]
    assert not Activity.objects.exists()


def test_the_api_refuses_an_unknown_link(people, account, api):
    response = api(people.alice).post("/activities", _body(account, campaign=1))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "links.campaign"
    assert not Activity.objects.exists()
