"""The approval of a quote beyond its owner's mandate: required after the review (or without
it), granted by a manager of the owner's team (or their delegate), returned with a comment,
asked again for a revision that stays beyond, the sales director after the manager far beyond.
Sending waits for it. Every refusal says why and changes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from koers.core.errors import NotAllowed
from koers.core.lifecycle import TransitionRefused
from koers.core.models import Role
from koers.notifications.models import Notification
from koers.sales.models import (
    ApprovalDelegation,
    QuoteApproval,
    QuoteEvent,
    QuoteSettings,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.quotes import services
from koers.sales.quotes.approval_queries import approvals_pending_for
from koers.sales.quotes.services import CHECKLIST, LineData
from tests.factories import make_account, make_user
from tests.sales.factories import make_product
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.quote_factories import serve

S = QuoteStatus


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


def draft(people, account, discount: str) -> QuoteVersion:
    """Alice's (level B: 10 % per line, far beyond at 20 %) quote of one line of 100.00, cost
    60.00, with `discount` percent off."""
    product = make_product(list_price=D("100.00"), cost_price=D("60.00"), vat_category="high")
    opportunity = make_opportunity(people.alice, account)
    version = services.quote_create(actor=people.alice, opportunity=opportunity)
    services.quote_line_add(
        actor=people.alice,
        version=version,
        data=LineData(product=product, quantity=D("1"), discount_percent=D(discount)),
    )
    return QuoteVersion.objects.get(pk=version.pk)


def reviewed(people, version: QuoteVersion) -> QuoteVersion:
    version = services.quote_submit(actor=people.alice, version=version)
    return services.quote_review_approve(
        actor=people.ingrid, version=version, checklist=list(CHECKLIST)
    )


def steps(version: QuoteVersion) -> list[tuple[str, str]]:
    return list(version.approvals.order_by("pk").values_list("step", "status"))


def state(version: QuoteVersion) -> tuple:
    version.refresh_from_db()
    return (version.status, steps(version), QuoteEvent.objects.count())


def test_within_the_mandate_the_review_approves_it_for_sending(people, account):
    version = reviewed(people, draft(people, account, "10"))
    assert (version.status, steps(version)) == (S.APPROVED, [])


def test_beyond_the_mandate_it_needs_the_managers_approval_and_cannot_be_sent(people, account):
    version = reviewed(people, draft(people, account, "15"))
    assert (version.status, steps(version)) == (S.NEEDS_APPROVAL, [("manager", "pending")])
    approval = version.approvals.get()
    assert (approval.discount_percent, approval.margin_percent) == (D("15.00"), D("29.4"))
    assert [b["rule"] for b in approval.breaches] == ["line_discount", "total_discount"]
    note = Notification.objects.get(kind="quote_approval")
    assert note.recipient == people.maria
    assert "asks your approval" in note.text
    before = state(version)
    with pytest.raises(TransitionRefused, match="waits for approval"):
        services.quote_mark_sent(actor=people.alice, version=version)
    assert state(version) == before


def test_without_the_review_it_goes_straight_to_the_approval(people, account):
    QuoteSettings.objects.create(pk=1, review_from=D("1000.00"))
    version = services.quote_submit(actor=people.alice, version=draft(people, account, "15"))
    assert (version.status, steps(version)) == (S.NEEDS_APPROVAL, [("manager", "pending")])


def test_the_manager_approves_with_a_comment_and_it_can_be_sent(people, account):
    version = reviewed(people, draft(people, account, "15"))
    version = services.quote_approve(actor=people.maria, version=version, comment="Good deal")
    assert (version.status, steps(version)) == (S.APPROVED, [("manager", "approved")])
    approval = version.approvals.get()
    assert (approval.decided_by, approval.comment) == (people.maria, "Good deal")
    assert Notification.objects.filter(kind="quote_approval_decided", recipient=people.alice)
    kinds = list(QuoteEvent.objects.filter(quote_version=version).values_list("kind", flat=True))
    assert kinds[-3:] == ["appr_asked", "appr_given", "approved"]
    version = services.quote_mark_sent(actor=people.alice, version=version)
    assert version.status == S.SENT


def test_the_manager_returns_it_with_a_comment_as_a_draft(people, account):
    version = reviewed(people, draft(people, account, "15"))
    before = state(version)
    with pytest.raises(ValidationError) as error:
        services.quote_return(actor=people.maria, version=version, comment="  ")
    assert "comment" in error.value.message_dict
    assert state(version) == before
    version = services.quote_return(actor=people.maria, version=version, comment="Max 10 %")
    assert (version.status, steps(version)) == (S.DRAFT, [("manager", "returned")])
    assert version.approvals.get().comment == "Max 10 %"


def test_a_revision_still_beyond_the_mandate_asks_again(people, account):
    version = reviewed(people, draft(people, account, "15"))
    version = services.quote_approve(actor=people.maria, version=version, comment="")
    second = services.quote_revise(actor=people.alice, version=version)
    second = reviewed(people, second)
    assert (second.status, steps(second)) == (S.NEEDS_APPROVAL, [("manager", "pending")])
    # The first version's history stays on it.
    assert steps(version) == [("manager", "approved")]


def test_far_beyond_the_director_approves_after_the_manager(people, account):
    director = make_user("diana", role=Role.SALES_DIRECTOR)
    version = reviewed(people, draft(people, account, "25"))
    assert steps(version) == [("manager", "pending")]
    with pytest.raises(NotAllowed):
        services.quote_approve(actor=director, version=version, comment="")
    version = services.quote_approve(actor=people.maria, version=version, comment="ok")
    assert (version.status, steps(version)) == (
        S.NEEDS_APPROVAL,
        [("manager", "approved"), ("director", "pending")],
    )
    assert Notification.objects.filter(kind="quote_approval", recipient=director).exists()
    before = state(version)
    with pytest.raises(NotAllowed):
        services.quote_approve(actor=people.maria, version=version, comment="")
    assert state(version) == before
    assert [a.pk for a in approvals_pending_for(director)] == [version.approvals.last().pk]
    assert list(approvals_pending_for(people.maria)) == []
    version = services.quote_approve(actor=director, version=version, comment="Once")
    assert (version.status, steps(version)) == (
        S.APPROVED,
        [("manager", "approved"), ("director", "approved")],
    )


def test_a_delegate_approves_while_the_manager_is_away(people, account):
    sam = type(people.maria).objects.get(username="sam")
    today = timezone.localdate()
    ApprovalDelegation.objects.create(
        manager=people.maria, delegate=sam, starts_on=today, ends_on=today + timedelta(days=3)
    )
    version = reviewed(people, draft(people, account, "15"))
    assert Notification.objects.get(kind="quote_approval").recipient == sam
    assert [a.quote_version_id for a in approvals_pending_for(sam)] == [version.pk]
    version = services.quote_approve(actor=sam, version=version, comment="For Maria")
    assert version.status == S.APPROVED


@pytest.mark.parametrize("who", ["alice", "bob", "ingrid", "charlie", "mark"])
def test_nobody_else_decides_and_a_refusal_changes_nothing(people, account, who):
    version = reviewed(people, draft(people, account, "15"))
    actor = getattr(people, who)
    before = state(version)
    for decide in (services.quote_approve, services.quote_return):
        with pytest.raises(NotAllowed):
            decide(actor=actor, version=version, comment="No")
    assert state(version) == before
    assert list(approvals_pending_for(actor)) == []


def test_the_owner_cannot_approve_their_own_quote(people, account):
    version = reviewed(people, draft(people, account, "15"))
    with pytest.raises(NotAllowed, match="your own quote"):
        services.quote_approve(actor=people.alice, version=version, comment="")


def test_a_version_that_waits_for_nothing_cannot_be_approved(people, account):
    version = reviewed(people, draft(people, account, "5"))
    before = state(version)
    with pytest.raises(ValidationError) as error:
        services.quote_approve(actor=people.maria, version=version, comment="")
    assert "status" in error.value.message_dict
    assert state(version) == before
    assert QuoteApproval.objects.count() == 0


def test_a_review_cannot_approve_what_waits_for_the_manager(people, account):
    version = reviewed(people, draft(people, account, "15"))
    before = state(version)
    with pytest.raises(ValidationError) as error:
        services.quote_review_approve(
            actor=people.ingrid, version=version, checklist=list(CHECKLIST)
        )
    assert "status" in error.value.message_dict
    assert state(version) == before


def test_a_withdrawn_or_revised_version_leaves_the_approvals_queue(people, account):
    """The queue lists pending steps only: every way out of "needs approval" decides or closes
    the step (the queue's query relies on it, decision 135)."""
    withdrawn = reviewed(people, draft(people, account, "15"))
    revised = reviewed(people, draft(people, account, "15"))
    assert {a.quote_version_id for a in approvals_pending_for(people.maria)} == {
        withdrawn.pk,
        revised.pk,
    }

    services.quote_withdraw(actor=people.alice, version=withdrawn, reason="Not needed")
    services.quote_revise(actor=people.alice, version=revised)

    assert list(approvals_pending_for(people.maria)) == []
    assert set(QuoteApproval.objects.values_list("status", flat=True)) == {"closed"}
