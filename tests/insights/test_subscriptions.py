"""Subscriptions: a page e-mailed on a schedule, each copy built as its recipient (only what
they may read), once per recipient and day however often the job runs, and a failed send
tried again. On the hand-made world of tests/insights/world.py (alice's November revenue is
€1,500; team North's, which maria reads, €3,500)."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from koers.core import schedule
from koers.core.errors import NotAllowed
from koers.insights.subscriptions import services
from koers.insights.subscriptions.models import Subscription, SubscriptionCopy

FIRST_OF_DECEMBER = date(2026, 12, 1)  # a Tuesday: monthly copies show November


@pytest.fixture
def people(world):
    for person in (world.people.alice, world.people.bob, world.people.maria, world.people.charlie):
        person.email = f"{person.username}@example.nl"
        person.save(update_fields=["email"])
    return world.people


def _subscribe(user, view="dashboard", query="period=month&compare=none", **kwargs):
    kwargs.setdefault("frequency", "monthly")
    return services.subscription_create(actor=user, view=view, data=query, **kwargs)


def test_the_filters_kept_are_the_pages_own_without_a_fixed_day():
    assert (
        services.clean_query("dashboard", "period=quarter&date=2026-11-03&tier=A&evil=1&team=4")
        == "period=quarter&tier=A"
    )
    assert (
        services.clean_query("team", "period=range&start=2026-01-01&end=2026-03-31&team=4")
        == "period=range&start=2026-01-01&end=2026-03-31&team=4"
    )


@pytest.mark.parametrize(
    ("frequency", "due"),
    [
        # Sunday 29 November to Sunday 6 December
        ("daily", ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"]),
        ("weekly", ["2026-11-30"]),  # Mondays
        ("monthly", ["2026-12-01"]),  # the first
    ],
)
def test_a_copy_is_due_on_working_days_mondays_or_the_first(frequency, due):
    days = [date(2026, 11, 29 + n) if n < 2 else date(2026, 12, n - 1) for n in range(8)]
    found = [d.isoformat() for d in days if services.is_due(Subscription(frequency=frequency), d)]
    assert found == due


def test_each_recipient_gets_their_own_figures_once(people):
    _subscribe(people.alice, also_to=[people.bob.pk])
    mail.outbox.clear()
    assert services.send_due(FIRST_OF_DECEMBER) == 2
    by_recipient = {m.to[0]: m for m in mail.outbox}
    alice, bob = by_recipient["alice@example.nl"], by_recipient["bob@example.nl"]
    assert alice.subject == "Koers: My figures, November 2026"
    assert "Revenue: €1,500" in alice.body
    assert "€1,500" not in bob.body  # bob's copy holds his own figures, not alice's
    html = alice.alternatives[0][0]
    assert 'data-indicator="revenue"' in html and "€1,500" in html
    assert "<svg" in html  # the same charts as the page
    # The job again (a second scheduler, a retry): nobody gets a second copy.
    assert services.send_due(FIRST_OF_DECEMBER) == 0
    assert len(mail.outbox) == 2


def test_a_copy_is_not_sent_on_a_day_it_is_not_due(people):
    _subscribe(people.alice, frequency="weekly")
    mail.outbox.clear()
    assert services.send_due(FIRST_OF_DECEMBER) == 0  # a Tuesday
    assert mail.outbox == []


def test_the_team_matrix_goes_only_to_who_may_read_it(people):
    _subscribe(people.maria, view="team", query="period=month", also_to=[people.alice.pk])
    mail.outbox.clear()
    assert services.send_due(FIRST_OF_DECEMBER) == 1
    assert [m.to for m in mail.outbox] == [["maria@example.nl"]]
    assert "Alice Tester" in mail.outbox[0].body and "Bob Tester" in mail.outbox[0].body
    skipped = SubscriptionCopy.objects.get(recipient=people.alice)
    assert skipped.sent is False


def test_an_account_manager_cannot_subscribe_to_the_team_matrix(people):
    with pytest.raises(NotAllowed):
        _subscribe(people.alice, view="team")


def test_a_failed_send_is_tried_again_on_the_next_run(people):
    _subscribe(people.alice)
    mail.outbox.clear()
    with (
        mock.patch(
            "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionRefusedError
        ),
        pytest.raises(ConnectionRefusedError),
    ):
        services.send_due(FIRST_OF_DECEMBER)
    assert not SubscriptionCopy.objects.exists()
    assert services.send_due(FIRST_OF_DECEMBER) == 1
    assert len(mail.outbox) == 1


def test_colleagues_must_exist_and_have_an_address(people):
    with pytest.raises(ValidationError) as refused:
        _subscribe(people.alice, also_to=[people.mark.pk, 999_999])
    assert list(refused.value.message_dict) == ["also_to"]
    assert not Subscription.objects.exists()


def test_the_daily_job_is_registered_and_runs_through_the_scheduler(people):
    _subscribe(people.alice)
    mail.outbox.clear()
    assert "insight_subscriptions" in schedule.DAILY
    schedule.run_now("insight_subscriptions", FIRST_OF_DECEMBER)
    assert [m.to for m in mail.outbox] == [["alice@example.nl"]]


# ------------------------------------------------------------------------------------- pages


def test_subscribe_from_the_dashboard_with_its_filters(people, client_for):
    client = client_for(people.alice)
    page = client.get("/insights/?period=quarter&date=2026-11-20&compare=last_year")
    assert 'id="subscribe"' in page.content.decode()
    form = client.get(
        "/insights/subscriptions/new/?view=dashboard&period=quarter&compare=last_year"
    )
    assert form.status_code == 200
    assert 'value="period=quarter&amp;compare=last_year"' in form.content.decode()
    done = client.post(
        "/insights/subscriptions/new/",
        {"view": "dashboard", "query": "period=quarter&compare=last_year", "frequency": "weekly"},
    )
    assert done.status_code == 302
    subscription = Subscription.objects.get(user=people.alice)
    assert (subscription.query, subscription.frequency) == (
        "period=quarter&compare=last_year",
        "weekly",
    )
    listing = client.get("/insights/subscriptions/").content.decode()
    assert "Every Monday" in listing and "period=quarter" in listing


def test_a_missing_frequency_is_named_next_to_the_field(people, client_for):
    page = client_for(people.alice).post(
        "/insights/subscriptions/new/", {"view": "dashboard", "query": ""}
    )
    assert page.status_code == 200
    assert page.context["form"].errors["frequency"]
    assert not Subscription.objects.exists()


def test_send_now_and_stop_are_for_the_subscriber_only(people, client_for):
    subscription = _subscribe(people.alice)
    other = client_for(people.bob)
    assert other.post(f"/insights/subscriptions/{subscription.pk}/send/").status_code == 404
    assert other.post(f"/insights/subscriptions/{subscription.pk}/stop/").status_code == 404
    mail.outbox.clear()
    own = client_for(people.alice)
    assert own.post(f"/insights/subscriptions/{subscription.pk}/send/").status_code == 302
    assert [m.to for m in mail.outbox] == [["alice@example.nl"]]
    assert "November 2026" in mail.outbox[0].subject  # today's period (the 20th of November)
    assert own.post(f"/insights/subscriptions/{subscription.pk}/stop/").status_code == 302
    assert not Subscription.objects.exists()


def test_an_account_manager_gets_no_team_subscription_form(people, client_for):
    assert client_for(people.alice).get("/insights/subscriptions/new/?view=team").status_code == 403


# --------------------------------------------------------------------------------------- API


def test_the_api_lists_creates_and_stops_ones_own(people, client_for):
    client = client_for(people.maria)
    made = client.post(
        "/api/v1/insights/subscriptions",
        {
            "view": "team",
            "filters": "period=quarter&sort=revenue",
            "frequency": "weekly",
            "also_to_ids": [people.alice.pk],
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["view"], body["filters"], body["also_to_ids"]) == (
        "team",
        "period=quarter&sort=revenue",
        [people.alice.pk],
    )
    listed = client.get("/api/v1/insights/subscriptions").json()
    assert [s["id"] for s in listed["results"]] == [body["id"]]
    assert client_for(people.alice).get("/api/v1/insights/subscriptions").json()["count"] == 0
    other = client_for(people.bob).delete(f"/api/v1/insights/subscriptions/{body['id']}")
    assert other.status_code == 404
    assert (
        client_for(people.maria).delete(f"/api/v1/insights/subscriptions/{body['id']}").status_code
        == 204
    )


def test_the_api_names_the_bad_field(people, client_for):
    client = client_for(people.alice)
    bad = client.post(
        "/api/v1/insights/subscriptions",
        {"view": "dashboard", "frequency": "hourly"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert "frequency" in str(bad.json())
    team = client.post(
        "/api/v1/insights/subscriptions",
        {"view": "team", "frequency": "daily"},
        content_type="application/json",
    )
    assert team.status_code == 403


def test_the_list_and_the_api_make_a_fixed_number_of_queries(people, client_for, query_baseline):
    for frequency in ("daily", "weekly", "monthly"):
        _subscribe(people.maria, view="team", frequency=frequency, also_to=[people.alice.pk])
    services.send_due(FIRST_OF_DECEMBER)
    client = client_for(people.maria)
    client.get("/insights/subscriptions/")  # the session's caches
    with query_baseline("list"):
        page = client.get("/insights/subscriptions/")
    assert page.content.decode().count("data-subscription=") == 3
    with query_baseline("api"):
        body = client.get("/api/v1/insights/subscriptions").json()
    assert body["count"] == 3
    assert [s["last_sent"] for s in body["results"]] == ["2026-12-01", None, "2026-12-01"]


def test_the_teams_reports_go_to_its_manager_with_their_states(people):
    from koers.insights.reports import services as reports

    reports.report_create(actor=people.alice, kind="month", day=date(2026, 11, 3))
    _subscribe(people.maria, view="team_reports", query="period=month", also_to=[people.alice.pk])
    mail.outbox.clear()
    assert services.send_due(FIRST_OF_DECEMBER) == 1  # not to alice: she reads no team's reports
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Koers: The team's reports, November 2026"
    assert "Alice Tester: Draft" in body and "Bob Tester: not started" in body
    with pytest.raises(NotAllowed):
        _subscribe(people.alice, view="team_reports")
