"""Completion chains: completing an activity plans its follow-up, in working days, once."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.core.errors import NotAllowed
from koers.relations import services
from koers.relations.models import Activity, ActivityKind, FollowUpRule
from koers.relations.services.activities import plan_follow_ups
from tests.factories import make_account, make_contact
from tests.relations.factories import at, plan

MONDAY = "2026-12-21 16:00 +01:00"


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


@pytest.fixture
def chain(people):
    return services.follow_up_rule_add(
        actor=people.admin,
        kind="visit",
        next_kind="phone_call",
        working_days=5,
        subject="Nabellen {account}: {subject}",
    )


@time_machine.travel(MONDAY, tick=False)
def test_completing_a_visit_plans_the_call_five_working_days_later(people, account, chain):
    anna = make_contact(account, last_name="Visser")
    visit = plan(people.alice, account, contacts=[anna], planned_start=at("2026-12-21", 10))

    services.activity_complete(actor=people.alice, activity=visit)

    call = Activity.objects.get(follow_up_of=visit)
    # Christmas Day (Friday) is no working day: 22, 23, 24, 28, 29 December.
    assert (call.kind, call.subject, call.status, call.duration) == (
        ActivityKind.PHONE_CALL,
        "Nabellen Bakkerij Jansen: Quarterly review",
        "planned",
        15,
    )
    assert timezone.localtime(call.planned_start) == at("2026-12-29", 10)
    assert (call.owner, list(call.contacts.all()), call.location) == (people.alice, [anna], "")


@time_machine.travel(MONDAY, tick=False)
def test_the_follow_up_is_the_owners_when_a_manager_completes(people, account, chain):
    visit = plan(people.alice, account)

    services.activity_complete(actor=people.maria, activity=visit)

    call = Activity.objects.get(follow_up_of=visit)
    assert (call.owner, call.created_by) == (people.alice, people.maria)


@time_machine.travel(MONDAY, tick=False)
def test_a_follow_up_is_planned_once_per_source(people, account, chain):
    visit = plan(people.alice, account)
    done = services.activity_complete(actor=people.alice, activity=visit)
    call = Activity.objects.get(follow_up_of=visit)
    services.activity_cancel(actor=people.alice, activity=call, reason="customer")

    assert plan_follow_ups(actor=people.alice, activity=done) == []
    assert Activity.objects.filter(follow_up_of=visit).count() == 1


@time_machine.travel(MONDAY, tick=False)
def test_writing_the_report_or_logging_a_visit_starts_the_chain_too(people, account, chain):
    visit = plan(people.alice, account, planned_start=at("2026-12-21", 9))
    services.report_write(actor=people.alice, activity=visit, data={"discussed": "Prices"})
    logged = services.activity_log(
        actor=people.alice, account=account, kind="visit", subject="Langs geweest"
    )

    assert Activity.objects.filter(follow_up_of__in=[visit, logged]).count() == 2


@time_machine.travel(MONDAY, tick=False)
def test_a_kind_without_a_chain_plans_nothing(people, account, chain):
    call = plan(people.alice, account, kind="phone_call")

    services.activity_complete(actor=people.alice, activity=call)

    assert Activity.objects.count() == 1


@pytest.mark.parametrize("persona", ["alice", "maria", "mark"])
def test_only_an_administrator_sets_the_chains(people, persona):
    with pytest.raises(NotAllowed):
        services.follow_up_rule_add(
            actor=getattr(people, persona),
            kind="visit",
            next_kind="phone_call",
            working_days=5,
            subject="Call",
        )

    assert FollowUpRule.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"working_days": 300}, "working_days"),
        ({"subject": "Call {owner}"}, "subject"),
        ({"next_kind": "phone_call"}, "next_kind"),
    ],
)
def test_a_rule_that_makes_no_sense_is_refused_naming_the_field(people, chain, data, field):
    rule = {"kind": "visit", "next_kind": "email", "working_days": 2, "subject": "Mail"} | data

    with pytest.raises(ValidationError) as refused:
        services.follow_up_rule_add(actor=people.admin, **rule)

    assert list(refused.value.message_dict) == [field]
    assert FollowUpRule.objects.count() == 1


def test_working_days_skip_weekends_and_holidays():
    from koers.relations.recurrence import add_working_days, off_holiday

    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert add_working_days(date(2026, 12, 4), 0) == date(2026, 12, 4)
    assert off_holiday(date(2027, 4, 27)) == date(2027, 4, 28)  # King's Day
    assert off_holiday(date(2026, 12, 19)) == date(2026, 12, 19)  # a Saturday stays
