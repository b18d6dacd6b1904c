"""Delegated approvals and closed approvals (decision 112): a manager who is away hands their
approvals to another manager or a sales director for a period, both days included; the delegate
sees the quote in their queue and decides it only while the period runs, and the history says
for whom. A withdrawn or superseded version's waiting step leaves every queue and badge. The API
lists, makes and ends delegations."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.core.errors import NotAllowed
from koers.core.models import Role, User
from koers.sales.mandate import services as mandate_services
from koers.sales.models import ApprovalDelegation, QuoteApproval, QuoteEvent, QuoteStatus
from koers.sales.quotes import services
from koers.sales.quotes.approval_queries import approvals_pending_for, pending_count
from tests.factories import make_account, make_user
from tests.sales.quote_factories import serve
from tests.sales.test_quote_approvals import draft, reviewed

S = QuoteStatus
TODAY = date(2026, 6, 15)


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


@pytest.fixture
def sam(people) -> User:
    return User.objects.get(username="sam")


@pytest.fixture
def dora(people) -> User:
    return make_user("dora", role=Role.SALES_DIRECTOR)


def away(people, delegate: User, starts: int, ends: int) -> ApprovalDelegation:
    return mandate_services.delegation_create(
        actor=people.maria,
        delegate=delegate,
        starts_on=TODAY + timedelta(days=starts),
        ends_on=TODAY + timedelta(days=ends),
    )


@pytest.mark.parametrize(
    ("day", "decides"),
    [(-1, False), (0, True), (4, True), (5, False)],
    ids=["the day before", "the first day", "the last day", "the day after"],
)
def test_the_delegate_decides_only_within_the_period(
    people, account, sam, time_machine, day, decides
):
    away(people, sam, starts=0, ends=4)
    version = reviewed(people, draft(people, account, "15"))
    time_machine.move_to(TODAY + timedelta(days=day), tick=False)
    assert bool(list(approvals_pending_for(sam))) == decides
    if decides:
        services.quote_approve(actor=sam, version=version, comment="Fine")
        version.refresh_from_db()
        assert version.status == S.APPROVED
    else:
        with pytest.raises(NotAllowed):
            services.quote_approve(actor=sam, version=version, comment="Fine")
        assert QuoteApproval.objects.get(quote_version=version).status == "pending"


def test_a_sales_director_stands_in_and_the_history_says_for_whom(
    people, account, dora, client_for
):
    away(people, dora, starts=0, ends=2)
    version = reviewed(people, draft(people, account, "15"))
    assert [a.quote_version_id for a in approvals_pending_for(dora)] == [version.pk]
    services.quote_approve(actor=dora, version=version, comment="Go ahead")
    approval = QuoteApproval.objects.get(quote_version=version)
    assert (approval.decided_by, approval.on_behalf_of) == (dora, people.maria)
    event = QuoteEvent.objects.filter(kind="appr_given").get()
    assert event.note == "For Maria Tester (away). Go ahead"
    page = client_for(people.alice).get(reverse("sales:quote_version", args=[version.pk]))
    assert "Dora Tester for Maria Tester" in page.content.decode()


def test_the_manager_deciding_themselves_is_not_for_anyone(people, account, sam):
    away(people, sam, starts=0, ends=2)
    version = reviewed(people, draft(people, account, "15"))
    services.quote_approve(actor=people.maria, version=version, comment="Back early")
    assert QuoteApproval.objects.get(quote_version=version).on_behalf_of is None


@pytest.mark.parametrize("who", ["alice", "ingrid", "maria"])
def test_approvals_go_only_to_another_manager_or_a_sales_director(people, who):
    with pytest.raises(ValidationError) as refused:
        away(people, getattr(people, who), starts=0, ends=1)
    assert list(refused.value.message_dict) == ["delegate"]
    assert not ApprovalDelegation.objects.exists()


def test_a_withdrawn_version_leaves_the_queue_and_the_badge(people, account):
    version = reviewed(people, draft(people, account, "15"))
    assert pending_count(people.maria) == 1
    services.quote_withdraw(actor=people.alice, version=version, reason="Customer stopped")
    approval = QuoteApproval.objects.get(quote_version=version)
    assert (approval.status, approval.decided_by) == ("closed", None)
    assert approval.decided_at is not None
    assert (pending_count(people.maria), list(approvals_pending_for(people.admin))) == (0, [])


def test_a_superseded_version_leaves_the_queue(people, account):
    version = reviewed(people, draft(people, account, "15"))
    new = services.quote_revise(actor=people.alice, version=version)
    assert QuoteApproval.objects.get(quote_version=version).status == "closed"
    assert pending_count(people.maria) == 0
    assert new.status == S.DRAFT


# ----------------------------------------------------------------------------------- the API


def test_a_manager_delegates_lists_and_ends_in_the_api(people, api, sam):
    client = api(people.maria)
    made = client.post(
        "/mandates/delegations",
        {"delegate_id": sam.pk, "starts_on": "2026-06-10", "ends_on": "2026-06-14", "note": "Away"},
    )
    assert made.status_code == 422
    assert [e["field"] for e in made.json()["errors"]] == ["ends_on"]
    made = client.post(
        "/mandates/delegations",
        {"delegate_id": sam.pk, "starts_on": "2026-06-15", "ends_on": "2026-06-20", "note": "Away"},
    )
    assert made.status_code == 201, made.json()
    data = made.json()
    assert (data["manager_name"], data["delegate_name"], data["ends_on"]) == (
        "Maria Tester",
        "Sam Tester",
        "2026-06-20",
    )
    overlap = client.post(
        "/mandates/delegations",
        {"delegate_id": sam.pk, "starts_on": "2026-06-18", "ends_on": "2026-06-25"},
    )
    assert [e["field"] for e in overlap.json()["errors"]] == ["starts_on"]
    assert [r["id"] for r in api(sam).get("/mandates/delegations").json()["results"]] == [
        data["id"]
    ]
    assert api(people.charlie).get("/mandates/delegations").json()["results"] == []
    # The delegate reads it but does not end it; a stranger does not find it.
    assert api(sam).post(f"/mandates/delegations/{data['id']}/end").status_code == 403
    assert api(people.charlie).post(f"/mandates/delegations/{data['id']}/end").status_code == 404
    ended = client.post(f"/mandates/delegations/{data['id']}/end")
    assert ended.status_code == 200
    assert ended.json()["removed"] is True  # it had not started before today
    assert not ApprovalDelegation.objects.exists()


def test_only_a_manager_delegates_in_the_api(people, api, sam):
    body = {"delegate_id": sam.pk, "starts_on": "2026-06-15", "ends_on": "2026-06-16"}
    for who in ("alice", "ingrid", "admin"):
        assert api(getattr(people, who)).post("/mandates/delegations", body).status_code == 403
    assert not ApprovalDelegation.objects.exists()


def test_a_delegation_that_ran_ends_yesterday(people, api, sam, time_machine):
    delegation = away(people, sam, starts=0, ends=9)
    time_machine.move_to(TODAY + timedelta(days=3), tick=False)
    ended = api(people.maria).post(f"/mandates/delegations/{delegation.pk}/end")
    assert (ended.status_code, ended.json()["ends_on"], ended.json()["removed"]) == (
        200,
        "2026-06-17",
        False,
    )


@pytest.mark.parametrize("rows", [1, 3])
def test_the_list_makes_a_fixed_number_of_queries(people, api, sam, query_baseline, rows):
    for i in range(rows):
        away(people, sam, starts=10 * i, ends=10 * i + 2)
    client = api(people.maria)
    with query_baseline("list"):
        assert len(client.get("/mandates/delegations").json()["results"]) == rows


@pytest.mark.parametrize("rows", [1, 3])
def test_the_page_makes_a_fixed_number_of_queries(people, sam, client_for, query_baseline, rows):
    for i in range(rows):
        away(people, sam, starts=10 * i, ends=10 * i + 2)
    client = client_for(people.maria)
    with query_baseline("page"):
        page = client.get(reverse("sales:delegations"))
    assert len(re.findall(r'id="delegation-\d+"', page.content.decode())) == rows
