"""The recurring-visits panel of the account page, its forms, and the follow-ups page."""

from __future__ import annotations

from datetime import date, time

import pytest
import time_machine
from django.urls import reverse

from koers.relations import services
from koers.relations.models import Activity, ActivityStatus, FollowUpRule, VisitSchedule
from tests.core.administration import signed_in_admin
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan

MONDAY = "2026-12-07 08:00 +01:00"
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


def panel_url(account) -> str:
    return reverse("relations:account_schedules", args=[account.pk])


def make(actor, account, **data):
    data.setdefault("subject", "Vaste ronde")
    data.setdefault("every_weeks", 2)
    data.setdefault("starts_on", date(2026, 12, 7))
    data.setdefault("start_time", time(10, 0))
    return services.visit_schedule_make(actor=actor, account=account, **data)


def form_data(account, owner, **changes) -> dict[str, str]:
    return {
        "kind": "visit",
        "subject": "Maandelijks bezoek",
        "every_weeks": "4",
        "starts_on": "2026-12-08",
        "ends_on": "",
        "times": "",
        "start_time": "09:30",
        "duration": "45",
        "owner": str(owner.pk),
        **changes,
    }


def test_the_account_page_loads_the_recurring_visits_panel(people, client_for, account):
    page = client_for(people.alice).get(reverse("accounts:account_detail", args=[account.pk]))

    assert f'hx-get="{panel_url(account)}"' in page.content.decode()


@time_machine.travel(MONDAY, tick=False)
def test_the_panel_lists_each_schedule_with_its_next_visits(people, client_for, account):
    make(people.alice, account)

    response = client_for(people.alice).get(panel_url(account), **HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "every 2 weeks from 2026-12-07" in html
    assert "Mon 2026-12-07 10 a.m." in html
    assert [a.pk for a in response.context["schedules"][0].next_occurrences] == list(
        Activity.objects.order_by("planned_start").values_list("pk", flat=True)[:3]
    )
    assert "New recurring visit" in html


@time_machine.travel(MONDAY, tick=False)
def test_marketing_reads_the_schedules_but_gets_no_forms(people, client_for, account):
    make(people.alice, account)

    html = client_for(people.mark).get(panel_url(account), **HTMX).content.decode()

    assert "Vaste ronde" in html
    assert "New recurring visit" not in html
    assert "End" not in html


@time_machine.travel(MONDAY, tick=False)
def test_making_a_schedule_from_the_panel(people, client_for, account):
    anna = make_contact(account, last_name="Visser")
    url = reverse("relations:schedule_make", args=[account.pk])

    response = client_for(people.alice).post(
        url, form_data(account, people.alice, contacts=str(anna.pk)), **HTMX
    )

    assert response.status_code == 200
    schedule = VisitSchedule.objects.get()
    assert (schedule.subject, schedule.every_weeks, schedule.start_time, schedule.duration) == (
        "Maandelijks bezoek",
        4,
        time(9, 30),
        45,
    )
    assert list(Activity.objects.values_list("planned_start", flat=True).order_by("pk")) == [
        at("2026-12-08", 9.5),
        at("2027-01-05", 9.5),
    ]
    assert "Maandelijks bezoek" in response.content.decode()


@time_machine.travel(MONDAY, tick=False)
def test_a_bad_schedule_is_refused_with_the_message_next_to_the_field(people, client_for, account):
    url = reverse("relations:schedule_make", args=[account.pk])

    response = client_for(people.alice).post(
        url, form_data(account, people.alice, ends_on="2027-01-01", times="3"), **HTMX
    )

    assert response.status_code == 422
    assert response.context["form"].errors["times"] == [
        "Give an end date or a number of times, not both."
    ]
    assert VisitSchedule.objects.count() == Activity.objects.count() == 0


@time_machine.travel(MONDAY, tick=False)
def test_changing_a_schedule_moves_its_future_visits(people, client_for, account):
    schedule = make(people.alice, account)
    client = client_for(people.alice)
    url = reverse("relations:schedule_edit", args=[schedule.pk])
    form = client.get(url, **HTMX).context["form"]
    assert form.initial["subject"] == "Vaste ronde"

    response = client.post(
        url, form_data(account, people.alice, starts_on="2026-12-07", every_weeks="2"), **HTMX
    )

    assert response.status_code == 200
    assert set(Activity.objects.values_list("subject", flat=True)) == {"Maandelijks bezoek"}
    assert Activity.objects.earliest("planned_start").planned_start == at("2026-12-07", 9.5)


@time_machine.travel(MONDAY, tick=False)
def test_ending_a_schedule_from_the_panel(people, client_for, account):
    schedule = make(people.alice, account)

    response = client_for(people.maria).post(reverse("relations:schedule_end", args=[schedule.pk]))

    assert response.status_code == 302
    assert response.url.endswith("#recurring-visits")
    assert set(Activity.objects.values_list("status", flat=True)) == {ActivityStatus.CANCELLED}
    assert VisitSchedule.objects.get().ended_on == date(2026, 12, 7)


@pytest.mark.parametrize("size", [1, 4])
@time_machine.travel(MONDAY, tick=False)
def test_the_panel_makes_a_fixed_number_of_queries(
    people, client_for, account, query_baseline, size
):
    anna = make_contact(account, last_name="Visser")
    for n in range(size):
        make(people.alice, account, subject=f"Ronde {n}", every_weeks=1, contacts=[anna])
    client = client_for(people.alice)

    with query_baseline("panel"):
        response = client.get(panel_url(account), **HTMX)

    assert len(response.context["schedules"]) == size


@time_machine.travel("2026-12-21 16:00 +01:00", tick=False)
def test_done_on_the_agenda_says_which_follow_up_was_planned(people, client_for, account):
    services.follow_up_rule_add(
        actor=people.admin,
        kind="visit",
        next_kind="phone_call",
        working_days=5,
        subject="Nabellen: {subject}",
    )
    visit = plan(people.alice, account, planned_start=at("2026-12-21", 10))
    url = reverse("relations:activity_complete", args=[visit.pk])

    html = client_for(people.alice).post(url, **HTMX).content.decode()

    assert "Follow-up planned: Nabellen: Quarterly review on 2026-12-29." in html


def test_the_administrator_adds_and_removes_follow_ups(people, client):
    client = signed_in_admin(client, people.admin)
    url = reverse("relations:follow_up_settings")
    data = {"kind": "visit", "next_kind": "phone_call", "working_days": "5", "subject": "Bel"}

    assert client.post(url, data).status_code == 302
    refused = client.post(url, data)
    rule = FollowUpRule.objects.get()

    assert refused.status_code == 422
    assert refused.context["form"].errors["next_kind"] == [
        "This kind already has a follow-up of that kind."
    ]
    assert "Bel" in client.get(url).content.decode()
    client.post(reverse("relations:follow_up_remove", args=[rule.pk]))
    assert FollowUpRule.objects.count() == 0


@pytest.mark.parametrize("persona", ["alice", "maria", "mark"])
def test_only_administrators_open_the_follow_ups(people, client_for, persona):
    response = client_for(getattr(people, persona)).get(reverse("relations:follow_up_settings"))

    assert response.status_code == 403


@time_machine.travel(MONDAY, tick=False)
def test_a_save_over_someone_elses_change_is_refused_and_keeps_what_was_typed(
    people, client_for, account
):
    schedule = make(people.alice, account)
    services.visit_schedule_update(
        actor=people.maria, schedule=schedule, expected_version=1, data={"subject": "Maria's"}
    )
    url = reverse("relations:schedule_edit", args=[schedule.pk])

    response = client_for(people.alice).post(
        url, form_data(account, people.alice, version="1"), **HTMX
    )

    assert response.status_code == 422
    assert response.context["form"].non_field_errors() == [
        "Someone changed this schedule in the meantime: check it and save again."
    ]
    assert response.context["form"]["subject"].value() == "Maandelijks bezoek"
    assert response.context["form"]["version"].value() == "2"
    assert VisitSchedule.objects.get().subject == "Maria's"
