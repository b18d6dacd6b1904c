"""Visit reports: written after a visit, the next step planned in one click, managers' comments."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from koers.core.errors import NotAllowed, StaleVersionError
from koers.relations import services
from koers.relations.models import ActivityKind, ActivityStatus, CancelReason, VisitReport
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan

REPORT = {
    "purpose": "Introduce the new range",
    "discussed": "Their stock problems over the holidays.",
    "agreements": "We send the price list\n\nThey share last year's volumes\n",
    "next_step": "Call about the trial order",
    "next_step_date": date(2026, 12, 14),
}


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


def test_writing_the_report_completes_the_planned_visit(people, account):
    visit = plan(people.alice, account)

    report = services.report_write(actor=people.alice, activity=visit, data=REPORT)

    visit.refresh_from_db()
    assert visit.status == ActivityStatus.DONE
    assert (report.author, report.agreement_lines()) == (
        people.alice,
        ["We send the price list", "They share last year's volumes"],
    )


def test_a_call_has_no_report(people, account):
    call = plan(people.alice, account, kind=ActivityKind.PHONE_CALL)

    with pytest.raises(ValidationError) as refused:
        services.report_write(actor=people.alice, activity=call, data=REPORT)

    assert list(refused.value.message_dict) == ["activity"]
    assert VisitReport.objects.count() == 0


def test_a_cancelled_visit_has_no_report(people, account):
    visit = plan(people.alice, account)
    services.activity_cancel(actor=people.alice, activity=visit, reason=CancelReason.CUSTOMER)

    with pytest.raises(ValidationError):
        services.report_write(actor=people.alice, activity=visit, data=REPORT)

    assert VisitReport.objects.count() == 0


def test_a_report_without_what_was_discussed_is_refused_and_the_visit_stays_planned(
    people, account
):
    visit = plan(people.alice, account)

    with pytest.raises(ValidationError) as refused:
        services.report_write(actor=people.alice, activity=visit, data={**REPORT, "discussed": ""})

    assert "discussed" in refused.value.message_dict
    visit.refresh_from_db()
    assert (visit.status, VisitReport.objects.count()) == (ActivityStatus.PLANNED, 0)


def test_changing_a_report_needs_its_version(people, account):
    visit = plan(people.alice, account)
    report = services.report_write(actor=people.alice, activity=visit, data=REPORT)

    changed = services.report_write(
        actor=people.alice, activity=visit, data={"needs": "Faster delivery"}, expected_version=1
    )
    assert (changed.pk, changed.needs, changed.version) == (report.pk, "Faster delivery", 2)

    with pytest.raises(StaleVersionError):
        services.report_write(
            actor=people.alice, activity=visit, data={"needs": "Other"}, expected_version=1
        )


def test_the_next_step_becomes_a_planned_call_with_the_same_contacts(people, account):
    jan = make_contact(account, last_name="de Vries")
    visit = plan(people.alice, account, contacts=[jan])
    report = services.report_write(actor=people.alice, activity=visit, data=REPORT)

    call = services.report_plan_next_step(actor=people.alice, report=report)

    assert (call.kind, call.subject, call.planned_start, call.owner) == (
        ActivityKind.PHONE_CALL,
        "Call about the trial order",
        at("2026-12-14", 9),
        people.alice,
    )
    assert list(call.contacts.all()) == [jan]


def test_the_manager_comments_on_a_report_of_the_team(people, account):
    visit = plan(people.alice, account)
    report = services.report_write(actor=people.alice, activity=visit, data=REPORT)

    comment = services.report_comment(actor=people.maria, report=report, text="Good prep.")

    assert [(c.author, c.text) for c in report.comments.all()] == [(people.maria, "Good prep.")]
    assert comment.pk is not None


@pytest.mark.parametrize("persona", ["bob", "ingrid", "mark"])
def test_others_do_not_comment(people, account, persona):
    visit = plan(people.alice, account)
    report = services.report_write(actor=people.alice, activity=visit, data=REPORT)

    with pytest.raises(NotAllowed):
        services.report_comment(actor=getattr(people, persona), report=report, text="Hm")

    assert report.comments.count() == 0
