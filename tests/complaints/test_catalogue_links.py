"""A complaint about a catalogue product or product group (issue 11: "optionally a branch, a
contact, a product or product group"): the service's rules, the form, the list's filters, the
page and the API. The structural overview's rows are in test_structural.py."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from koers.complaints import services
from koers.complaints.models import Complaint
from tests.complaints.factories import make_category, make_complaint
from tests.factories import make_account
from tests.sales.factories import make_group, make_product


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel("2026-12-05T09:00:00+01:00", tick=False):
        yield


@pytest.fixture
def alpha(people):
    return make_account(people.alice, "Alpha")


@pytest.fixture
def catalogue():
    meat = make_group("VERS", name_en="Fresh meat")
    beef = make_group("RUND", parent=meat, name_en="Beef")
    poultry = make_group("GEVO", parent=meat, name_en="Poultry")
    return {
        "meat": meat,
        "beef": beef,
        "poultry": poultry,
        "minced": make_product("RU-101", group=beef, name_en="Minced beef"),
        "chicken": make_product("GE-301", group=poultry, name_en="Chicken breast"),
        "retired": make_product(
            "RU-999", group=beef, name_en="Old steak", active_until=date(2026, 6, 30)
        ),
        "old_group": make_group("OUD", name_en="Old group", active=False),
    }


# ---------------------------------------------------------------------------------- service


def test_a_complaint_names_a_catalogue_product(people, alpha, catalogue):
    complaint = make_complaint(people.alice, alpha, product=catalogue["minced"])

    stored = Complaint.objects.get(pk=complaint.pk)
    assert (stored.product, stored.product_group, stored.product_name) == (
        catalogue["minced"],
        None,
        "",
    )


def test_a_product_and_a_group_together_are_refused_at_the_group(people, alpha, catalogue):
    with pytest.raises(ValidationError) as refused:
        make_complaint(
            people.alice, alpha, product=catalogue["minced"], product_group=catalogue["beef"]
        )

    assert list(refused.value.error_dict) == ["product_group"]
    assert not Complaint.objects.exists()


def test_a_product_no_longer_sold_and_a_retired_group_are_refused(people, alpha, catalogue):
    with pytest.raises(ValidationError) as product:
        make_complaint(people.alice, alpha, product=catalogue["retired"])
    with pytest.raises(ValidationError) as group:
        make_complaint(people.alice, alpha, product_group=catalogue["old_group"])

    assert product.value.error_dict["product"][0].code == "not_active"
    assert group.value.error_dict["product_group"][0].code == "inactive"
    assert not Complaint.objects.exists()


def test_a_product_retired_since_stays_on_a_changed_complaint(people, alpha, catalogue):
    with time_machine.travel("2026-03-01T09:00:00+01:00", tick=False):
        complaint = make_complaint(people.alice, alpha, product=catalogue["retired"])

    changed = services.complaint_update(
        actor=people.alice,
        complaint=complaint,
        expected_version=complaint.version,
        data={"description": "Still tough"},
    )

    assert (changed.product, changed.description) == (catalogue["retired"], "Still tough")


def test_changing_to_a_group_drops_the_product(people, alpha, catalogue):
    complaint = make_complaint(people.alice, alpha, product=catalogue["minced"])

    changed = services.complaint_update(
        actor=people.alice,
        complaint=complaint,
        expected_version=complaint.version,
        data={"product": None, "product_group": catalogue["poultry"]},
    )

    assert (changed.product, changed.product_group) == (None, catalogue["poultry"])


# ---------------------------------------------------------------------------------- pages


def _register(client, alpha, **data):
    return client.post(
        f"{reverse('complaints:complaint_new')}?account={alpha.pk}",
        {
            "category": make_category("Quality").pk,
            "description": "Too fatty",
            "severity": "normal",
            "channel": "phone",
            **data,
        },
    )


def test_the_form_offers_products_sold_today_and_groups_in_use(
    people, client_for, alpha, catalogue
):
    page = client_for(people.alice).get(f"{reverse('complaints:complaint_new')}?account={alpha.pk}")

    form = page.context["form"]
    products = {p.code for p in form.fields["product"].queryset}
    groups = [label for _pk, label in form.fields["product_group"].choices]
    assert products == {"RU-101", "GE-301"}
    # (The product factory makes a group of its own for each product too.)
    mine = [label for label in groups if "Group" not in label]
    assert mine == ["---------", "Fresh meat", "Fresh meat / Poultry", "Fresh meat / Beef"]
    assert "Old group" not in groups


def test_registering_with_a_product_from_the_page(people, client_for, alpha, catalogue):
    client = client_for(people.alice)

    response = _register(client, alpha, product=catalogue["minced"].pk)

    complaint = Complaint.objects.get()
    assert response.status_code == 302
    assert complaint.product == catalogue["minced"]
    detail = client.get(reverse("complaints:complaint_detail", args=[complaint.pk]))
    assert "RU-101 Minced beef" in detail.content.decode()


def test_a_product_and_a_group_on_the_page_are_refused_next_to_the_group(
    people, client_for, alpha, catalogue
):
    response = _register(
        client_for(people.alice),
        alpha,
        product=catalogue["minced"].pk,
        product_group=catalogue["beef"].pk,
    )

    assert response.status_code == 422
    assert "product_group" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_a_retired_group_is_no_choice_on_the_page(people, client_for, alpha, catalogue):
    response = _register(client_for(people.alice), alpha, product_group=catalogue["old_group"].pk)

    assert response.status_code == 422
    assert "product_group" in response.context["form"].errors
    assert not Complaint.objects.exists()


def test_the_edit_form_keeps_a_product_retired_since(people, client_for, alpha, catalogue):
    with time_machine.travel("2026-03-01T09:00:00+01:00", tick=False):
        complaint = make_complaint(people.alice, alpha, product=catalogue["retired"])
    client = client_for(people.alice)
    url = reverse("complaints:complaint_edit", args=[complaint.pk])

    form = client.get(url).context["form"]

    assert catalogue["retired"] in form.fields["product"].queryset
    assert form.initial["product"] == catalogue["retired"]


def test_the_list_filters_by_product_and_by_group_with_its_subgroups(
    people, client_for, alpha, catalogue
):
    minced = make_complaint(people.alice, alpha, product=catalogue["minced"])
    beef = make_complaint(people.alice, alpha, product_group=catalogue["beef"])
    meat = make_complaint(people.alice, alpha, product_group=catalogue["meat"])
    chicken = make_complaint(people.alice, alpha, product=catalogue["chicken"])
    make_complaint(people.alice, alpha, product_name="Crates")
    client = client_for(people.alice)
    url = reverse("complaints:complaint_list")

    def listed(**params):
        page = client.get(url, params)
        return {c.pk for c in page.context["page_obj"].object_list}

    assert listed(product=catalogue["minced"].pk) == {minced.pk}
    assert listed(product_group=catalogue["beef"].pk) == {minced.pk, beef.pk}
    assert listed(product_group=catalogue["meat"].pk) == {minced.pk, beef.pk, meat.pk, chicken.pk}
    page = client.get(url).content.decode()
    assert "Minced beef" in page and "Beef" in page
    narrowed = client.get(url, {"product": catalogue["minced"].pk}).content.decode()
    banner = narrowed.split('id="complaint-narrowed"')[1].split("</p>")[0]
    assert "Minced beef" in banner
    assert 'select name="product"' not in narrowed  # no list of every product


# ---------------------------------------------------------------------------------- API


def test_the_api_registers_and_reads_the_product(people, api, alpha, catalogue):
    body = {
        "account_id": alpha.pk,
        "category_id": make_category("Quality").pk,
        "description": "Too fatty",
        "product_id": catalogue["minced"].pk,
    }

    response = api(people.alice).post("/complaints", body)

    assert response.status_code == 201, response.json()
    out = response.json()
    assert (out["product_id"], out["product_code"], out["product_title"]) == (
        catalogue["minced"].pk,
        "RU-101",
        "Minced beef",
    )
    assert (out["product_group_id"], out["product_group_name"]) == (None, None)


@pytest.mark.parametrize("field", ["product_id", "product_group_id"])
def test_an_unknown_catalogue_id_is_a_422_naming_the_field(people, api, alpha, field):
    body = {
        "account_id": alpha.pk,
        "category_id": make_category("Quality").pk,
        "description": "Too fatty",
        field: 999999,
    }

    response = api(people.alice).post("/complaints", body)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Complaint.objects.exists()


def test_the_api_refuses_a_product_and_a_group_naming_the_group(people, api, alpha, catalogue):
    body = {
        "account_id": alpha.pk,
        "category_id": make_category("Quality").pk,
        "description": "Too fatty",
        "product_id": catalogue["minced"].pk,
        "product_group_id": catalogue["beef"].pk,
    }

    response = api(people.alice).post("/complaints", body)

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["product_group_id"]


def test_the_api_changes_the_product_to_a_group(people, api, alpha, catalogue):
    complaint = make_complaint(people.alice, alpha, product=catalogue["minced"])

    response = api(people.alice).patch(
        f"/complaints/{complaint.pk}",
        {
            "version": complaint.version,
            "product_id": None,
            "product_group_id": catalogue["beef"].pk,
        },
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["product_id"], response.json()["product_group_name"]) == (None, "Beef")


def test_the_api_filters_by_product_and_group(people, api, alpha, catalogue):
    minced = make_complaint(people.alice, alpha, product=catalogue["minced"])
    chicken = make_complaint(people.alice, alpha, product=catalogue["chicken"])
    client = api(people.alice)

    def listed(**params):
        response = client.get("/complaints", params)
        assert response.status_code == 200, response.json()
        return {c["id"] for c in response.json()["results"]}

    assert listed(product=catalogue["minced"].pk) == {minced.pk}
    assert listed(product_group=catalogue["meat"].pk) == {minced.pk, chicken.pk}
    assert listed(product_group=catalogue["poultry"].pk) == {chicken.pk}


def test_an_unknown_product_in_the_api_filter_is_a_422_naming_it(people, api):
    response = api(people.alice).get("/complaints", {"product": 999999})

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == ["product"]
