"""The approval on the pages: the quote's page shows the mandate meter and each line's standing,
the approver approves or returns with a comment there, the queue lists what waits (oldest
first) with discount, margin and rules, and makes a fixed number of queries."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from koers.sales.models import QuoteStatus
from tests.factories import make_account
from tests.sales.quote_factories import serve
from tests.sales.test_quote_approvals import draft, reviewed

S = QuoteStatus


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


def _page(version):
    return reverse("sales:quote_version", args=[version.pk])


def test_the_draft_shows_the_meter_and_where_each_line_stands(people, account, client_for):
    version = draft(people, account, "15")
    html = client_for(people.alice).get(_page(version)).content.decode()
    assert 'id="mandate-meter"' in html
    assert "Needs the manager's approval" in html
    assert "Line discount 15.0 % is above your 10.0 %." in html  # under the line itself
    assert "mandate-line-breach" in html


def test_the_manager_approves_on_the_page_and_the_history_shows_it(people, account, client_for):
    version = reviewed(people, draft(people, account, "15"))
    client = client_for(people.maria)
    html = client.get(_page(version)).content.decode()
    assert 'id="approval-form"' in html
    response = client.post(
        reverse("sales:quote_approval", args=[version.pk]),
        {"decision": "approve", "approval-comment": "Strategic account"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert version.status == S.APPROVED
    html = client_for(people.alice).get(_page(version)).content.decode()
    assert "Strategic account" in html and 'id="quote-approvals"' in html


def test_returning_needs_a_comment_next_to_the_field(people, account, client_for):
    version = reviewed(people, draft(people, account, "15"))
    url = reverse("sales:quote_approval", args=[version.pk])
    client = client_for(people.maria)
    response = client.post(url, {"decision": "return", "approval-comment": ""})
    assert response.status_code == 422
    assert "Say what must change" in response.content.decode()
    version.refresh_from_db()
    assert version.status == S.NEEDS_APPROVAL
    client.post(url, {"decision": "return", "approval-comment": "At most 10 %"})
    version.refresh_from_db()
    assert version.status == S.DRAFT
    html = client_for(people.alice).get(_page(version)).content.decode()
    assert 'id="approval-returned"' in html and "At most 10 %" in html


def test_the_owner_sees_no_approval_form_and_cannot_send(people, account, client_for):
    version = reviewed(people, draft(people, account, "15"))
    html = client_for(people.alice).get(_page(version)).content.decode()
    assert 'id="approval-form"' not in html
    assert 'id="approval-waiting"' in html
    assert reverse("sales:quote_mark_sent", args=[version.pk]) not in html


def test_the_queue_lists_what_waits_with_discount_margin_and_rules(people, account, client_for):
    first = reviewed(people, draft(people, account, "15"))
    second = reviewed(people, draft(people, account, "12"))
    html = client_for(people.maria).get(reverse("sales:quote_approval_queue")).content.decode()
    assert html.index(first.quote.number) < html.index(second.quote.number)
    assert "15.00 %" in html or "15,00 %" in html or "15.0 %" in html
    assert "Line discount 15.0 % is above your 10.0 %." in html
    empty = client_for(people.bob).get(reverse("sales:quote_approval_queue"))
    assert empty.status_code == 403
    badge = client_for(people.maria).get(reverse("sales:quote_approval_count")).content.decode()
    assert ">2</span>" in badge


@pytest.mark.parametrize("rows", [1, 4])
def test_the_queue_makes_a_fixed_number_of_queries(
    people, account, client_for, query_baseline, rows
):
    for _ in range(rows):
        reviewed(people, draft(people, account, "15"))
    client = client_for(people.maria)
    client.get(reverse("sales:quote_approval_queue"))
    with query_baseline("page"):
        client.get(reverse("sales:quote_approval_queue"))


def test_the_discount_is_shown_as_stored(people, account):
    version = reviewed(people, draft(people, account, "15"))
    assert version.approvals.get().discount_percent == D("15.00")


def test_a_delegate_of_another_team_opens_and_approves_it(people, account, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from koers.core.models import User
    from koers.sales.models import ApprovalDelegation

    sam = User.objects.get(username="sam")
    today = timezone.localdate()
    ApprovalDelegation.objects.create(
        manager=people.maria, delegate=sam, starts_on=today, ends_on=today + timedelta(days=2)
    )
    version = reviewed(people, draft(people, account, "15"))
    client = client_for(sam)
    html = client.get(_page(version)).content.decode()
    assert 'id="approval-form"' in html
    response = client.post(
        reverse("sales:quote_approval", args=[version.pk]),
        {"decision": "approve", "approval-comment": ""},
    )
    assert response.url == reverse("sales:quote_approval_queue")
    version.refresh_from_db()
    assert version.status == S.APPROVED
    # Decided, the version is no longer theirs to read.
    assert client.get(_page(version)).status_code == 404
