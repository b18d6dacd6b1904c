"""Inside sales serve accounts and do not create them (docs/decisions.md): no new account, no new
branch, on the page as through the API; they still add contacts."""

from __future__ import annotations

from django.urls import reverse

from koers.accounts.models import Account
from tests.factories import make_account

NEW_ACCOUNT = {
    "name": "Nieuw BV",
    "visit_country": "NL",
    "postal_country": "NL",
    "tier": "B",
    "status": "prospect",
    "create_anyway": "on",
}


def test_inside_sales_may_not_create_an_account_on_the_page(people, client_for):
    client = client_for(people.ingrid)
    before = Account.objects.count()

    form = client.get(reverse("accounts:account_create"))
    post = client.post(
        reverse("accounts:account_create"), {**NEW_ACCOUNT, "owner": str(people.alice.pk)}
    )

    assert form.status_code == post.status_code == 403
    assert Account.objects.count() == before


def test_the_account_list_offers_inside_sales_no_new_account(people, client_for):
    ingrid = client_for(people.ingrid).get(reverse("accounts:account_list")).content.decode()
    alice = client_for(people.alice).get(reverse("accounts:account_list")).content.decode()

    new_account = reverse("accounts:account_create")
    assert new_account not in ingrid
    assert new_account in alice


def test_inside_sales_serving_an_account_may_not_add_a_branch(people, client_for):
    alpha = make_account(people.alice, "Alpha")
    alpha.team_members.create(user=people.ingrid, role="inside_sales")
    client = client_for(people.ingrid)
    before = Account.objects.count()

    detail = client.get(reverse("accounts:account_detail", args=[alpha.pk])).content.decode()
    post = client.post(reverse("accounts:branch_create", args=[alpha.pk]), NEW_ACCOUNT)

    assert reverse("accounts:branch_create", args=[alpha.pk]) not in detail
    assert post.status_code == 403
    assert Account.objects.count() == before


def test_inside_sales_still_add_a_contact(people, client_for):
    response = client_for(people.ingrid).get(reverse("accounts:contact_create"))

    assert response.status_code == 200
