"""The timeline on the account and contact pages: everything newest first, filterable, in pages,
with a bounded number of queries; and quick logging from it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from koers.relations import services
from koers.relations.models import Activity, ActivityKind, ActivityStatus, CommitmentDirection
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


def timeline_url(account, **query):
    url = reverse("relations:account_timeline", args=[account.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def subjects(response) -> list[str]:
    return [e.obj.subject for e in response.context["page"].entries if e.source == "activity"]


def test_the_account_page_loads_its_timeline_panel(people, client_for, account):
    page = client_for(people.alice).get(reverse("accounts:account_detail", args=[account.pk]))

    assert f'hx-get="{timeline_url(account)}"' in page.content.decode()


def test_everything_shows_newest_first(people, client_for, account):
    visit = plan(people.alice, account, subject="Visit", planned_start=at("2026-11-02"))
    services.report_write(actor=people.alice, activity=visit, data={"discussed": "Stock"})
    services.commitment_make(
        actor=people.alice,
        account=account,
        direction=CommitmentDirection.OURS,
        description="Send prices",
        due_date=date(2026, 12, 10),
    )
    plan(
        people.alice,
        account,
        subject="Next visit",
        planned_start=timezone.now() + timedelta(days=30),
    )

    response = client_for(people.alice).get(timeline_url(account), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    sources = [e.source for e in response.context["page"].entries]
    # The planned visit lies ahead; then what was written today (commitment, report, account
    # created), then the visit of November.
    assert sources[0] == "activity" and sources[-1] == "activity"
    assert sorted(sources[1:-1]) == ["change", "commitment", "report"]
    dates = [e.at for e in response.context["page"].entries]
    assert dates == sorted(dates, reverse=True)
    assert "Send prices" in response.content.decode()


def test_a_filter_shows_only_that_kind(people, client_for, account):
    plan(people.alice, account, subject="A visit")
    plan(people.alice, account, subject="A call", kind=ActivityKind.PHONE_CALL)

    response = client_for(people.alice).get(timeline_url(account, show="calls"))

    assert [e.source for e in response.context["page"].entries] == ["activity"]
    assert subjects(response) == ["A call"]


def test_the_timeline_comes_in_pages_with_an_older_link(people, client_for, account):
    for day in range(25):
        plan(
            people.alice,
            account,
            subject=f"Call {day}",
            planned_start=at("2026-11-01") + timedelta(days=day),
            kind=ActivityKind.PHONE_CALL,
        )

    first = client_for(people.alice).get(timeline_url(account, show="calls"))
    cursor = first.context["page"].next_before
    second = client_for(people.alice).get(
        timeline_url(account, show="calls", before=cursor.isoformat().replace("+", "%2B")),
        HTTP_HX_REQUEST="true",
    )

    assert subjects(first) == [f"Call {d}" for d in range(24, 4, -1)]
    assert subjects(second) == [f"Call {d}" for d in range(4, -1, -1)]
    assert second.context["page"].next_before is None
    assert "Older" in first.content.decode()


def test_the_number_of_queries_does_not_grow_with_the_timeline(people, client_for, account):
    jan = make_contact(account, last_name="de Vries")
    client = client_for(people.alice)

    def count() -> int:
        client.get(timeline_url(account), HTTP_HX_REQUEST="true")
        with CaptureQueriesContext(connection) as queries:
            client.get(timeline_url(account), HTTP_HX_REQUEST="true")
        return len(queries)

    plan(people.alice, account, contacts=[jan])
    few = count()
    for n in range(30):
        visit = plan(people.alice, account, subject=f"V{n}", contacts=[jan])
        services.report_write(actor=people.alice, activity=visit, data={"discussed": "x"})
    assert count() == few


def test_the_contact_timeline_shows_what_they_took_part_in(people, client_for, account):
    jan = make_contact(account, last_name="de Vries")
    plan(people.alice, account, subject="With Jan", contacts=[jan])
    plan(people.alice, account, subject="Without Jan")

    response = client_for(people.alice).get(reverse("relations:contact_timeline", args=[jan.pk]))

    assert subjects(response) == ["With Jan"]


def test_quick_logging_adds_a_done_call_to_the_timeline(people, client_for, account):
    jan = make_contact(account, last_name="de Vries")

    response = client_for(people.alice).post(
        reverse("relations:activity_log", args=[account.pk]),
        {"kind": "phone_call", "contact": jan.pk, "subject": "Asked about week 50"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    call = Activity.objects.get()
    assert (call.kind, call.status, call.owner, list(call.contacts.all())) == (
        ActivityKind.PHONE_CALL,
        ActivityStatus.DONE,
        people.alice,
        [jan],
    )
    assert subjects(response) == ["Asked about week 50"]


def test_quick_logging_without_a_line_says_so_at_the_field(people, client_for, account):
    response = client_for(people.alice).post(
        reverse("relations:activity_log", args=[account.pk]),
        {"kind": "phone_call", "subject": ""},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert response.context["log_form"].errors == {"subject": ["This field is required."]}
    assert Activity.objects.count() == 0


def test_a_contact_of_another_account_is_refused_at_the_field(people, client_for, account):
    stranger = make_contact(make_account(people.alice, "Other"), last_name="Visser")

    response = client_for(people.alice).post(
        reverse("relations:activity_log", args=[account.pk]),
        {"kind": "phone_call", "contact": stranger.pk, "subject": "Called"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 422
    assert list(response.context["log_form"].errors) == ["contact"]
    assert Activity.objects.count() == 0


def test_marketing_reads_the_timeline_without_the_log_form(people, client_for, account):
    response = client_for(people.mark).get(timeline_url(account), HTTP_HX_REQUEST="true")

    assert response.status_code == 200
    assert response.context["log_form"] is None
