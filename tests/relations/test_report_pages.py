"""The activity page and its report: written in one request, changed with its version, agreements
made commitments in one click, the next step planned, a manager's comment."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from koers.relations import services
from koers.relations.models import (
    Activity,
    ActivityStatus,
    Commitment,
    CommitmentDirection,
    VisitReport,
)
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan

REPORT = {
    "purpose": "Introduce the range",
    "discussed": "Their stock problems.",
    "needs": "",
    "signals": "",
    "market_info": "",
    "agreements": "We send prices\nThey send volumes",
    "next_step": "Call about the trial",
    "next_step_date": "2026-12-14",
}


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


@pytest.fixture
def visit(people, account):
    jan = make_contact(account, last_name="de Vries")
    return plan(people.alice, account, contacts=[jan])


def test_writing_the_report_in_one_request_completes_the_visit(people, client_for, visit):
    response = client_for(people.alice).post(
        reverse("relations:report_write", args=[visit.pk]), REPORT
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("relations:activity_detail", args=[visit.pk])
    visit.refresh_from_db()
    assert visit.status == ActivityStatus.DONE
    assert VisitReport.objects.get().discussed == "Their stock problems."


def test_a_report_without_what_was_discussed_is_refused_at_the_field(people, client_for, visit):
    response = client_for(people.alice).post(
        reverse("relations:report_write", args=[visit.pk]), {**REPORT, "discussed": ""}
    )

    assert response.status_code == 422
    assert list(response.context["form"].errors) == ["discussed"]
    assert 'data-draft="report-' in response.content.decode()
    visit.refresh_from_db()
    assert (visit.status, VisitReport.objects.count()) == (ActivityStatus.PLANNED, 0)


def test_a_stale_change_keeps_the_typed_text_and_says_so(people, client_for, visit):
    services.report_write(actor=people.alice, activity=visit, data={"discussed": "First"})
    services.report_write(
        actor=people.alice,
        activity=visit,
        data={"discussed": "Second"},
        expected_version=1,
    )

    response = client_for(people.alice).post(
        reverse("relations:report_write", args=[visit.pk]),
        {**REPORT, "discussed": "Mine", "version": "1"},
    )

    assert response.status_code == 422
    assert "Someone changed this report" in response.content.decode()
    assert response.context["form"]["discussed"].value() == "Mine"
    assert VisitReport.objects.get().discussed == "Second"


def test_the_activity_page_shows_the_report_and_its_agreements(people, client_for, visit):
    services.report_write(
        actor=people.alice, activity=visit, data={"discussed": "x", "agreements": "A\nB"}
    )

    response = client_for(people.alice).get(reverse("relations:activity_detail", args=[visit.pk]))

    assert response.status_code == 200
    assert [a["text"] for a in response.context["agreements"]] == ["A", "B"]
    assert 'data-draft-saved="report-' in response.content.decode()


def test_an_agreement_becomes_a_commitment_in_one_click(people, client_for, visit):
    services.report_write(
        actor=people.alice, activity=visit, data={"discussed": "x", "agreements": "A\nB"}
    )

    client_for(people.alice).post(
        reverse("relations:report_commitment", args=[visit.pk]),
        {"line": "1", "direction": "theirs", "due_date": "2026-12-20"},
    )

    made = Commitment.objects.get()
    assert (made.description, made.direction, made.due_date, made.contact) == (
        "B",
        CommitmentDirection.THEIRS,
        date(2026, 12, 20),
        visit.contacts.get(),
    )
    page = client_for(people.alice).get(reverse("relations:activity_detail", args=[visit.pk]))
    assert [a["made"] for a in page.context["agreements"]] == [False, True]


def test_the_next_step_is_planned_in_one_click(people, client_for, visit):
    client = client_for(people.alice)
    client.post(reverse("relations:report_write", args=[visit.pk]), REPORT)

    client.post(reverse("relations:report_next_step", args=[visit.pk]))

    call = Activity.objects.exclude(pk=visit.pk).get()
    assert (call.subject, call.planned_start, call.status) == (
        "Call about the trial",
        at("2026-12-14", 9),
        ActivityStatus.PLANNED,
    )


def test_the_manager_comments_and_the_owner_reads_it(people, client_for, visit):
    services.report_write(actor=people.alice, activity=visit, data={"discussed": "x"})

    client_for(people.maria).post(
        reverse("relations:report_comment", args=[visit.pk]), {"text": "Ask about volumes."}
    )

    page = client_for(people.alice).get(reverse("relations:activity_detail", args=[visit.pk]))
    assert [c.text for c in page.context["comments"]] == ["Ask about volumes."]
    assert page.context["can_comment"] is False


def test_an_account_manager_does_not_comment(people, client_for, visit):
    services.report_write(actor=people.alice, activity=visit, data={"discussed": "x"})

    client_for(people.alice).post(
        reverse("relations:report_comment", args=[visit.pk]), {"text": "Self praise"}
    )

    assert VisitReport.objects.get().comments.count() == 0


def test_a_call_has_no_report_page(people, client_for, account):
    call = plan(people.alice, account, kind="phone_call")

    assert (
        client_for(people.alice).get(reverse("relations:report_write", args=[call.pk])).status_code
        == 404
    )


@time_machine.travel("2026-12-21 16:00 +01:00", tick=False)
def test_a_report_that_starts_a_follow_up_says_it_was_planned(people, client_for, account):
    services.follow_up_rule_add(
        actor=people.admin,
        kind="visit",
        next_kind="phone_call",
        working_days=5,
        subject="Nabellen {account}",
    )
    visit = plan(people.alice, account, planned_start=at("2026-12-21", 10))

    response = client_for(people.alice).post(
        reverse("relations:report_write", args=[visit.pk]), REPORT, follow=True
    )

    html = response.content.decode()
    assert "The report is saved." in html
    assert "Follow-up planned: Nabellen Bakkerij Jansen on 2026-12-29." in html
