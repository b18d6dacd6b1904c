"""POST /api/v1/accounts refuses inside sales as the page does (docs/decisions.md)."""

from __future__ import annotations

from koers.accounts.models import Account


def test_inside_sales_may_not_create_an_account_through_the_api(people, api):
    before = Account.objects.count()

    refused = api(people.ingrid).post("/accounts", {"name": "Api BV"})
    as_owner = api(people.ingrid).post("/accounts", {"name": "Api BV", "owner_id": people.alice.pk})

    assert refused.status_code == as_owner.status_code == 403
    assert refused.json() == {"detail": "Your role does not allow this."}
    assert Account.objects.count() == before


def test_an_account_manager_still_creates_one(people, api):
    response = api(people.alice).post("/accounts", {"name": "Api BV"})

    assert response.status_code == 201
    assert Account.objects.get(name="Api BV").owner == people.alice
