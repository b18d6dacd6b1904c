"""The register's pages: recording from the account, the panels, the manager's decision and
list, the list with its export, the yearly overview and the limit's settings page."""

from __future__ import annotations

import html
import re
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from koers.gifts import services
from koers.gifts.models import Gift, GiftStatus, current_limit
from tests.core.administration import signed_in_admin
from tests.factories import make_account, make_contact
from tests.gifts.factories import record


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(date(2026, 12, 5), tick=False):
        yield


def _form(anna, **data):
    return {
        "direction": "given",
        "kind": "gift",
        "contact": str(anna.pk),
        "description": "Golf balls",
        "value": "120.00",
        "date": "2026-12-04",
        "occasion": "Christmas",
        "interest": "Golf",
        **data,
    }


def test_an_account_manager_asks_approval_from_the_account(people, client_for, account, anna):
    client = client_for(people.alice)

    response = client.post(reverse("gifts:gift_new", args=[account.pk]), _form(anna))

    gift = Gift.objects.get()
    assert response.status_code == 302
    assert (gift.status, gift.value, gift.interest, gift.person) == (
        GiftStatus.REQUESTED,
        Decimal("120.00"),
        "Golf",
        people.alice,
    )
    page = client.get(response["Location"]).content.decode()
    assert "waits for your manager&#x27;s approval" in page
    assert "Awaiting approval" in page


def test_the_form_offers_the_contacts_interests(people, client_for, account, anna):
    url = reverse("gifts:gift_new", args=[account.pk]) + f"?contact={anna.pk}"

    page = client_for(people.alice).get(url).content.decode()

    assert '<option value="Golf">' in page
    assert '<option value="Ajax">' in page


def test_a_dutch_user_types_the_value_the_dutch_way(people, client_for, account, anna):
    people.alice.language = "nl"
    people.alice.save()

    client_for(people.alice).post(
        reverse("gifts:gift_new", args=[account.pk]), _form(anna, value="1.234,50")
    )

    assert Gift.objects.get().value == Decimal("1234.50")


def test_a_bad_value_is_shown_next_to_the_field(people, client_for, account, anna):
    response = client_for(people.alice).post(
        reverse("gifts:gift_new", args=[account.pk]), _form(anna, value="-5")
    )

    assert response.status_code == 200
    assert 'id="field-value"' in response.content.decode()
    assert "field-error" in response.content.decode()
    assert Gift.objects.count() == 0


def test_marketing_may_not_record_a_gift(people, client_for, account, anna):
    response = client_for(people.mark).post(
        reverse("gifts:gift_new", args=[account.pk]), _form(anna)
    )

    assert response.status_code == 403
    assert Gift.objects.count() == 0


def test_the_manager_approves_on_the_gift_page(people, client_for, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("120"))
    client = client_for(people.maria)
    page = client.get(reverse("gifts:gift_detail", args=[gift.pk])).content.decode()
    assert 'id="gift-approve"' in page

    client.post(reverse("gifts:gift_approve", args=[gift.pk]), {"comment": "OK"})

    gift.refresh_from_db()
    assert (gift.status, gift.decided_by, gift.decision_comment) == (
        GiftStatus.APPROVED,
        people.maria,
        "OK",
    )


def test_a_refusal_without_a_reason_is_said_at_the_comment(people, client_for, account, anna):
    gift = record(people.alice, account, anna, value=Decimal("120"))

    response = client_for(people.maria).post(
        reverse("gifts:gift_refuse", args=[gift.pk]), {"comment": ""}
    )

    assert response.status_code == 200
    assert "Say why the gift is refused." in response.content.decode()
    assert Gift.objects.get(pk=gift.pk).status == GiftStatus.REQUESTED


@pytest.mark.parametrize("persona", ["alice", "bob", "charlie", "mark"])
def test_no_one_but_the_manager_decides_on_the_page(people, client_for, account, anna, persona):
    gift = record(people.alice, account, anna, value=Decimal("120"))
    client = client_for(getattr(people, persona))

    response = client.post(reverse("gifts:gift_approve", args=[gift.pk]), {"comment": "OK"})

    assert response.status_code in (403, 404)
    assert Gift.objects.get(pk=gift.pk).status == GiftStatus.REQUESTED


def test_the_manager_sees_requests_and_flags_with_a_count(people, client_for, account, anna):
    asked = record(people.alice, account, anna, value=Decimal("120"), description="Golf day")
    got = record(
        people.alice, account, anna, direction="received", value=Decimal("300"), description="Box"
    )
    record(people.alice, account, anna, value=Decimal("20"), description="Pen")
    client = client_for(people.maria)

    page = client.get(reverse("gifts:decisions")).content.decode()
    count = client.get(reverse("gifts:decisions_count"), HTTP_HX_REQUEST="true")

    assert f'id="request-{asked.pk}"' in page
    assert f'id="flag-{got.pk}"' in page
    assert "<strong>Pen</strong>" not in page  # (a bare "Pen" can be in a CSRF token)
    assert ">2</span>" in count.content.decode()

    client.post(reverse("gifts:gift_noted", args=[got.pk]), {"next": "decisions"})
    assert ">1</span>" in client.get(reverse("gifts:decisions_count")).content.decode()


def test_the_header_asks_a_manager_for_the_count(people, client_for):
    page = client_for(people.maria).get(reverse("gifts:gift_list")).content.decode()

    assert reverse("gifts:decisions_count") in page


@pytest.mark.parametrize("persona", ["alice", "ingrid", "mark"])
def test_the_decisions_page_is_for_managers(people, client_for, persona):
    assert client_for(getattr(people, persona)).get(reverse("gifts:decisions")).status_code == 403


def test_the_panels_show_the_gifts_in_the_users_language(people, client_for, account, anna):
    people.alice.language = "nl"
    people.alice.save()
    record(people.alice, account, anna, value=Decimal("1234.5"), description="Golftas")
    client = client_for(people.alice)

    for url in (
        reverse("gifts:account_gifts", args=[account.pk]),
        reverse("gifts:contact_gifts", args=[anna.pk]),
    ):
        page = client.get(url, HTTP_HX_REQUEST="true").content.decode()
        assert "Golftas" in page
        assert "€ 1.234,50" in page
        assert "01-12-2026" in page


def test_the_panels_are_on_the_account_and_contact_pages(people, client_for, account, anna):
    client = client_for(people.alice)

    assert (
        reverse("gifts:account_gifts", args=[account.pk])
        in client.get(reverse("accounts:account_detail", args=[account.pk])).content.decode()
    )
    assert (
        reverse("gifts:contact_gifts", args=[anna.pk])
        in client.get(reverse("accounts:contact_detail", args=[anna.pk])).content.decode()
    )


def test_the_list_filters_and_exports_the_same_rows(people, client_for, account, anna):
    record(people.alice, account, anna, description="Wine")
    record(people.alice, account, anna, direction="received", description="Cake")
    client = client_for(people.alice)

    page = client.get(reverse("gifts:gift_list"), {"direction": "received"}).content.decode()
    csv = b"".join(
        client.get(reverse("gifts:gift_export_csv"), {"direction": "received"}).streaming_content
    ).decode("utf-8-sig")

    assert "Cake" in page and "Wine" not in page
    assert "Cake" in csv and "Wine" not in csv


def test_the_overview_totals_per_colleague_and_account(people, client_for, account, anna):
    record(people.alice, account, anna, value=Decimal("30"))
    record(people.alice, account, anna, value=Decimal("45.50"), direction="received")
    refused = record(people.alice, account, anna, value=Decimal("500"))
    services.gift_refuse(actor=people.maria, gift=refused, comment="No")
    record(people.alice, account, anna, value=Decimal("10"), date=date(2025, 3, 1))
    other = make_account(people.bob, "Bob BV")
    record(people.bob, other, make_contact(other), value=Decimal("20"))

    page = client_for(people.maria).get(reverse("gifts:overview"), {"year": "2026"})
    text = page.content.decode()

    assert "Given €50.00, received €45.50." in text
    assert "given €30.00, received €45.50" in text  # alice, and her account
    assert "given €20.00, received €0.00" in text  # bob and Bob BV


def test_an_overview_row_opens_its_gifts_in_the_list_and_the_accounts_are_capped(
    people, client_for, account, anna, monkeypatch
):
    record(people.alice, account, anna, value=Decimal("30"), description="Cake")
    other = make_account(people.bob, "Bob BV")
    record(people.bob, other, make_contact(other), value=Decimal("80"), description="Wine")
    monkeypatch.setattr("koers.gifts.views.manager.OVERVIEW_ACCOUNTS", 1)
    client = client_for(people.maria)

    page = client.get(reverse("gifts:overview"), {"year": "2026"}).content.decode()
    link = re.search(rf'href="(/gifts/\?year=2026&amp;person={people.alice.pk}[^"]*)"', page)
    listed = client.get(html.unescape(link.group(1))).content.decode()

    assert "Cake" in listed and "Wine" not in listed
    assert "Bob BV" in page and account.name not in page.split('id="per-account"')[1]
    assert 'id="more-accounts"' in page


def test_the_administrator_sets_the_limit(people, client, client_for):
    admin = signed_in_admin(client, people.admin)
    assert admin.get(reverse("gifts:gift_settings")).status_code == 200
    response = admin.post(reverse("gifts:gift_settings"), {"limit": "75"})

    assert response.status_code == 302
    assert current_limit() == Decimal("75.00")
    admin.logout()
    assert (
        client_for(people.maria).post(reverse("gifts:gift_settings"), {"limit": "1000"}).status_code
        == 403
    )
    assert current_limit() == Decimal("75.00")


@pytest.mark.parametrize("size", [1, 6])
def test_the_lists_make_a_fixed_number_of_queries(
    people, client_for, account, anna, query_baseline, size
):
    for n in range(size):
        record(people.alice, account, anna, description=f"Gift {n}", value=Decimal(60 + n))
        record(people.alice, account, anna, direction="received", value=Decimal(70 + n))
    client = client_for(people.maria)
    client.get(reverse("gifts:gift_list"))  # the session's first use

    with query_baseline("list"):
        client.get(reverse("gifts:gift_list"))
    with query_baseline("decisions"):
        page = client.get(reverse("gifts:decisions"))
    with query_baseline("account panel"):
        client.get(reverse("gifts:account_gifts", args=[account.pk]), HTTP_HX_REQUEST="true")
    with query_baseline("contact panel"):
        client.get(reverse("gifts:contact_gifts", args=[anna.pk]), HTTP_HX_REQUEST="true")
    with query_baseline("overview"):
        client.get(reverse("gifts:overview"))

    assert page.content.decode().count('id="request-') == size
