"""Creating accounts and branches: validation at the field, duplicates, owners, tags."""

from __future__ import annotations

from django.urls import reverse

from koers.accounts.models import Account, Tag
from tests.factories import make_account, make_segment

URL = reverse("accounts:account_create")


def form_data(**overrides) -> dict[str, str]:
    data = {
        "name": "Bakkerij Hendriks",
        "kvk_number": "",
        "establishment_number": "",
        "vat_number": "",
        "visit_street": "Dorpsstraat 1",
        "visit_postcode": "",
        "visit_city": "Zwolle",
        "visit_country": "NL",
        "postal_street": "",
        "postal_postcode": "",
        "postal_city": "",
        "postal_country": "NL",
        "phone": "",
        "email": "",
        "website": "",
        "segment": "",
        "tier": "B",
        "status": "prospect",
        "parent": "",
        "tags": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def field_errors(response, field: str) -> list[str]:
    return list(response.context["form"].errors.get(field, []))


def test_an_account_manager_creates_an_account_in_their_own_portfolio(people, client_for):
    segment = make_segment("Retail")

    response = client_for(people.alice).post(
        URL,
        form_data(
            kvk_number="1234 5678",
            vat_number="nl004495445b01",
            visit_postcode="8011ab",
            phone="038 123 4567",
            segment=str(segment.pk),
            tags="bread, Retail chain, bread",
            notes="Met at the fair.",
        ),
    )

    account = Account.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account_detail", args=[account.pk])
    assert account.owner == people.alice
    assert (account.kvk_number, account.vat_number) == ("12345678", "NL004495445B01")
    assert (account.visit_postcode, account.phone) == ("8011 AB", "+31381234567")
    assert account.segment == segment
    assert sorted(t.name for t in account.tags.all()) == ["Retail chain", "bread"]
    assert account.history.get().history_user == people.alice


def test_existing_tags_are_reused_whatever_their_case(people, client_for):
    Tag.objects.create(name="Bread")

    client_for(people.alice).post(URL, form_data(tags="bread"))

    assert [t.name for t in Account.objects.get().tags.all()] == ["Bread"]
    assert Tag.objects.count() == 1


def test_an_account_manager_cannot_choose_another_owner(people, client_for):
    client = client_for(people.alice)

    form_page = client.get(URL)
    client.post(URL, form_data(owner=str(people.bob.pk)))

    assert "owner" not in form_page.context["form"].fields
    assert Account.objects.get().owner == people.alice


def test_a_manager_assigns_the_account_to_a_team_member(people, client_for):
    client_for(people.maria).post(URL, form_data(owner=str(people.bob.pk)))

    assert Account.objects.get().owner == people.bob


def test_the_external_id_is_only_for_administrators(people, client_for):
    response = client_for(people.alice).get(URL)

    assert "external_id" not in response.context["form"].fields


def test_a_wrong_vat_check_digit_is_reported_at_the_vat_field(people, client_for):
    response = client_for(people.alice).post(URL, form_data(vat_number="NL123456789B02"))

    assert response.status_code == 200
    assert field_errors(response, "vat_number") == ["This VAT number has a wrong check digit."]
    content = response.content.decode()
    field = content[content.index('id="field-vat_number"') :]
    field = field[: field.index("</div>")]
    assert "This VAT number has a wrong check digit." in field
    assert Account.objects.count() == 0


def test_a_kvk_number_of_seven_digits_is_reported_at_its_field(people, client_for):
    response = client_for(people.alice).post(URL, form_data(kvk_number="1234567"))

    assert field_errors(response, "kvk_number") == ["A KvK number has exactly 8 digits."]
    assert Account.objects.count() == 0


def test_bad_identifiers_are_all_reported_at_once(people, client_for):
    response = client_for(people.alice).post(
        URL,
        form_data(
            name="  ",
            establishment_number="123",
            visit_postcode="12345",
            phone="12",
            website="not a url",
            visit_country="Nederland",
        ),
    )

    errors = response.context["form"].errors
    assert set(errors) == {
        "name",
        "establishment_number",
        "visit_postcode",
        "phone",
        "website",
        "visit_country",
    }
    assert Account.objects.count() == 0


def test_a_dutch_postcode_is_normalised(people, client_for):
    client_for(people.alice).post(URL, form_data(visit_postcode="1234ab"))

    assert Account.objects.get().visit_postcode == "1234 AB"


def test_a_foreign_postcode_is_kept_as_typed(people, client_for):
    client_for(people.alice).post(URL, form_data(visit_postcode="B-1000", visit_country="be"))

    account = Account.objects.get()
    assert (account.visit_postcode, account.visit_country) == ("B-1000", "BE")


def test_a_wrong_dutch_postcode_is_reported_at_its_field(people, client_for):
    response = client_for(people.alice).post(URL, form_data(visit_postcode="12345"))

    assert field_errors(response, "visit_postcode") == ["A Dutch postcode looks like 1234 AB."]


def test_marketing_may_not_create_accounts(people, client_for):
    client = client_for(people.mark)

    assert client.get(URL).status_code == 403
    assert client.post(URL, form_data()).status_code == 403
    assert Account.objects.count() == 0


def test_the_parent_must_be_an_account_the_user_can_read(people, client_for):
    secret = make_account(people.charlie, "Secret")

    response = client_for(people.alice).post(URL, form_data(parent=str(secret.pk)))

    assert "parent" in response.context["form"].errors
    assert Account.objects.count() == 1


# ------------------------------------------------------------------------------ duplicates


def test_a_likely_duplicate_is_shown_and_not_saved_without_confirmation(people, client_for):
    own = make_account(people.alice, "Bakkerij Hendriks", visit_postcode="8011 AB")
    other = make_account(people.charlie, "Charlie's Secret Name", kvk_number="12345678")

    response = client_for(people.alice).post(
        URL, form_data(kvk_number="12345678", visit_postcode="8011AB")
    )

    assert response.status_code == 200
    assert Account.objects.count() == 2
    duplicates = response.context["duplicates"]
    assert [(d["account"], d["readable"]) for d in duplicates] == [(own, True), (other, False)]
    content = response.content.decode()
    assert "This account may already exist" in content
    assert reverse("accounts:account_detail", args=[own.pk]) in content
    assert "an account of Charlie Tester" in content
    assert "Charlie&#x27;s Secret Name" not in content
    assert reverse("accounts:account_detail", args=[other.pk]) not in content
    assert 'name="create_anyway"' in content


def test_create_anyway_saves_despite_the_duplicate(people, client_for):
    make_account(people.alice, "Bakkerij Hendriks", visit_postcode="8011 AB")

    response = client_for(people.alice).post(
        URL, form_data(visit_postcode="8011 AB", create_anyway="on")
    )

    assert response.status_code == 302
    assert Account.objects.filter(name="Bakkerij Hendriks").count() == 2


def test_a_branch_with_its_own_establishment_number_is_not_a_duplicate(people, client_for):
    make_account(
        people.alice, "Chain HQ", kvk_number="12345678", establishment_number="000011112222"
    )

    response = client_for(people.alice).post(
        URL,
        form_data(name="Chain Zwolle", kvk_number="12345678", establishment_number="000033334444"),
    )

    assert response.status_code == 302
    assert Account.objects.count() == 2


def test_the_same_kvk_and_establishment_number_is_a_duplicate(people, client_for):
    make_account(
        people.alice, "Chain HQ", kvk_number="12345678", establishment_number="000011112222"
    )

    response = client_for(people.alice).post(
        URL,
        form_data(name="Other name", kvk_number="12345678", establishment_number="000011112222"),
    )

    assert response.status_code == 200
    assert len(response.context["duplicates"]) == 1
    assert Account.objects.count() == 1


# -------------------------------------------------------------------------------- branches


def test_the_branch_form_starts_from_the_parent(people, client_for):
    segment = make_segment("Retail")
    parent = make_account(people.alice, "Chain HQ", kvk_number="12345678", segment=segment)

    response = client_for(people.maria).get(reverse("accounts:branch_create", args=[parent.pk]))

    form = response.context["form"]
    assert form.initial["parent"] == parent.pk
    assert form.initial["kvk_number"] == "12345678"
    assert form.initial["owner"] == people.alice.pk
    assert form.initial["segment"] == segment.pk
    content = response.content.decode()
    assert f'<option value="{parent.pk}" selected>Chain HQ (Utrecht)</option>' in content
    assert "vestigingsnummer" in content


def test_a_branch_is_created_under_its_parent(people, client_for):
    parent = make_account(people.alice, "Chain HQ", kvk_number="12345678")
    url = reverse("accounts:branch_create", args=[parent.pk])

    response = client_for(people.alice).post(
        url,
        form_data(
            name="Chain Zwolle",
            parent=str(parent.pk),
            kvk_number="12345678",
            establishment_number="000011112222",
        ),
    )

    branch = Account.objects.get(name="Chain Zwolle")
    assert response["Location"] == reverse("accounts:account_detail", args=[branch.pk])
    assert (branch.parent, branch.root, branch.owner) == (parent, parent, people.alice)


def test_a_branch_of_an_unreadable_account_is_a_404(people, client_for):
    parent = make_account(people.charlie, "Chain HQ")
    url = reverse("accounts:branch_create", args=[parent.pk])

    response = client_for(people.alice).post(url, form_data(parent=str(parent.pk)))

    assert response.status_code == 404
    assert Account.objects.count() == 1


def test_marketing_may_not_add_a_branch(people, client_for):
    parent = make_account(people.alice, "Chain HQ")
    url = reverse("accounts:branch_create", args=[parent.pk])
    client = client_for(people.mark)

    assert client.get(url).status_code == 403
    assert client.post(url, form_data(parent=str(parent.pk))).status_code == 403
    assert Account.objects.count() == 1


# -------------------------------------------------------------------------- parent lookup


def test_the_parent_lookup_offers_only_readable_accounts(people, client_for):
    own = make_account(people.alice, "Hendriks HQ", visit_city="Zwolle")
    make_account(people.charlie, "Hendriks South")

    response = client_for(people.alice).get(
        reverse("accounts:account_lookup"), {"parent_search": "hendriks"}
    )

    content = response.content.decode()
    assert f'<option value="{own.pk}">Hendriks HQ (Zwolle)</option>' in content
    assert "Hendriks South" not in content


def test_the_parent_lookup_keeps_the_chosen_parent_and_leaves_out_the_account_itself(
    people, client_for
):
    chosen = make_account(people.alice, "Chosen HQ")
    itself = make_account(people.alice, "Chain itself")

    response = client_for(people.alice).get(
        reverse("accounts:account_lookup"),
        {"parent_search": "chain", "parent": chosen.pk, "exclude": itself.pk},
    )

    content = response.content.decode()
    assert f'<option value="{chosen.pk}" selected>Chosen HQ (Utrecht)</option>' in content
    assert "Chain itself" not in content
