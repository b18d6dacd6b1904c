"""The approval in the API: approve and return (the comment required, named), the pending steps
of the caller, the steps on the quote; refusals are 403 / 409 and change nothing."""

from __future__ import annotations

import pytest

from koers.sales.models import QuoteStatus, QuoteVersion
from tests.factories import make_account
from tests.sales.quote_factories import serve
from tests.sales.test_quote_approvals import draft, reviewed

S = QuoteStatus


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


def test_the_manager_approves_and_the_quote_shows_the_steps(people, api, account):
    version = reviewed(people, draft(people, account, "15"))
    pending = api(people.maria).get("/quote-approvals").json()
    assert pending["count"] == 1
    row = pending["results"][0]
    assert (row["quote_version_id"], row["step"], row["discount_percent"]) == (
        version.pk,
        "manager",
        "15.00",
    )
    assert "Line discount 15.0 % is above your 10.0 %." in row["rules"]
    response = api(people.maria).post(f"/quote-versions/{version.pk}/approve", {"comment": "Ok"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "approved"
    quote = api(people.alice).get(f"/quotes/{version.quote_id}").json()
    steps = quote["versions"][0]["approvals"]
    assert [(s["step"], s["status"], s["comment"]) for s in steps] == [
        ("manager", "approved", "Ok")
    ]
    assert api(people.maria).get("/quote-approvals").json()["count"] == 0


def test_returning_needs_a_comment_named_in_the_422(people, api, account):
    version = reviewed(people, draft(people, account, "15"))
    response = api(people.maria).post(f"/quote-versions/{version.pk}/return", {"comment": ""})
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["comment"]
    assert QuoteVersion.objects.get(pk=version.pk).status == S.NEEDS_APPROVAL
    response = api(people.maria).post(f"/quote-versions/{version.pk}/return", {"comment": "No"})
    assert response.json()["status"] == "draft"


@pytest.mark.parametrize(("who", "status"), [("alice", 403), ("mark", 403), ("bob", 404)])
def test_who_may_not_decide_changes_nothing(people, api, account, who, status):
    version = reviewed(people, draft(people, account, "15"))
    response = api(getattr(people, who)).post(f"/quote-versions/{version.pk}/approve", {})
    assert response.status_code == status
    assert QuoteVersion.objects.get(pk=version.pk).status == S.NEEDS_APPROVAL
    assert version.approvals.get().status == "pending"


def test_a_version_that_waits_for_nothing_is_a_409(people, api, account):
    version = reviewed(people, draft(people, account, "5"))
    response = api(people.maria).post(f"/quote-versions/{version.pk}/approve", {})
    assert response.status_code == 409
    assert response.json()["current"]["status"] == "approved"


@pytest.mark.parametrize("rows", [1, 4])
def test_the_pending_list_makes_a_fixed_number_of_queries(
    people, api, account, query_baseline, rows
):
    for _ in range(rows):
        reviewed(people, draft(people, account, "15"))
    client = api(people.maria)
    client.get("/quote-approvals")
    with query_baseline("list"):
        client.get("/quote-approvals")
