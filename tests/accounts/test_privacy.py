"""The person's rights (AVG/GDPR): an export of everything about a contact, and erasure."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from koers.accounts import services
from koers.accounts.models import Account, Contact, PersonalDataExport, Position
from koers.accounts.services import privacy
from koers.core.errors import NotAllowed
from tests.core.administration import signed_in_admin
from tests.factories import make_account, make_contact

NAME, EMAIL, PHONE = "Zwanenburg", "anna.zwanenburg@acme.nl", "0201234567"


@pytest.fixture
def anna(people):
    acme = make_account(people.alice, name="Acme Foods")
    anna = make_contact(
        acme,
        first_name="Annabel",
        last_name=NAME,
        email=EMAIL,
        phone=PHONE,
        notes="Loves sailing",
        job_title="Inkoper",
    )
    services.contact_update(
        actor=people.alice,
        contact=anna,
        expected_version=anna.version,
        data={"personal_interests": "Zeilen"},
    )
    return Contact.objects.get(pk=anna.pk)


def _leftovers(*needles: str) -> list[str]:
    """Every text column of every table, history tables included, that still holds a needle."""
    found = []
    for model in apps.get_models():
        text = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
        ]
        for field in text:
            for needle in needles:
                hits = model._default_manager.filter(**{f"{field}__icontains": needle})
                if hits.exists():
                    found.append(f"{model._meta.label}.{field} holds {needle!r}")
    return found


def test_the_export_holds_the_contact_its_positions_and_its_history(people, anna):
    data = services.contact_personal_data(user=people.maria, contact=anna)

    assert data["contact"]["email"] == EMAIL
    assert data["contact"]["personal_interests"] == "Zeilen"
    assert [p["account"] for p in data["positions"]] == ["Acme Foods"]
    assert data["positions"][0]["job_title"] == "Inkoper"
    assert [h["change"] for h in data["history"]] == ["+", "~"]


def test_it_refuses_the_export_to_an_account_manager(people, anna):
    with pytest.raises(NotAllowed):
        services.contact_personal_data(user=people.alice, contact=anna)


def test_after_erasure_nothing_identifying_is_left_in_the_database(people, anna):
    assert _leftovers(NAME, EMAIL, PHONE)  # the search finds them before

    services.contact_erase(actor=people.admin, contact=anna, reason="Request by e-mail")

    assert _leftovers(NAME, EMAIL, PHONE, "Annabel", "Zeilen", "sailing") == []
    anna.refresh_from_db()
    assert anna.last_name == privacy.ERASED
    position = Position.objects.get(contact=anna)
    assert (position.account.name, position.job_title) == ("Acme Foods", "")
    latest = anna.history.latest()
    assert latest.history_user == people.admin
    assert latest.history_change_reason == "erased: Request by e-mail"


def test_it_refuses_the_erasure_to_an_account_manager(people, anna):
    with pytest.raises(NotAllowed):
        services.contact_erase(actor=people.alice, contact=anna, reason="Asked")
    assert Contact.objects.get(pk=anna.pk).email == EMAIL


def test_it_refuses_the_erasure_without_a_reason(people, anna):
    with pytest.raises(NotAllowed):
        services.contact_erase(actor=people.maria, contact=anna, reason="  ")
    assert Contact.objects.get(pk=anna.pk).email == EMAIL


def test_it_refuses_the_erasure_while_the_law_keeps_the_contact(people, anna, monkeypatch):
    monkeypatch.setattr(privacy, "legal_holds", lambda contact: ["Open invoice 2026-001."])

    with pytest.raises(NotAllowed, match="Open invoice 2026-001"):
        services.contact_erase(actor=people.maria, contact=anna, reason="Asked")

    assert Contact.objects.get(pk=anna.pk).email == EMAIL
    assert _leftovers(EMAIL)


def test_maria_downloads_the_personal_data_as_json(people, client_for, anna):
    url = reverse("accounts:contact_personal_data", kwargs={"pk": anna.pk})
    response = client_for(people.maria).get(url)

    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response.json()["contact"]["email"] == EMAIL


def test_maria_erases_a_contact_with_a_reason_on_the_form(people, client_for, anna):
    url = reverse("accounts:contact_erase", kwargs={"pk": anna.pk})
    assert client_for(people.maria).get(url).status_code == 200

    response = client_for(people.maria).post(url, {"reason": "Asked by phone"})

    assert response.status_code == 302
    assert Contact.objects.get(pk=anna.pk).email == ""


def test_the_form_shows_why_the_law_keeps_the_contact(people, client_for, anna, monkeypatch):
    monkeypatch.setattr(privacy, "legal_holds", lambda contact: ["Open invoice 2026-001."])
    url = reverse("accounts:contact_erase", kwargs={"pk": anna.pk})

    assert "Open invoice 2026-001." in client_for(people.maria).get(url).content.decode()
    assert client_for(people.maria).post(url, {"reason": "Asked"}).status_code == 403
    assert Contact.objects.get(pk=anna.pk).email == EMAIL


def test_the_form_without_a_reason_erases_nothing(people, client_for, anna):
    url = reverse("accounts:contact_erase", kwargs={"pk": anna.pk})

    response = client_for(people.maria).post(url, {"reason": " "})

    assert response.status_code == 200
    assert Contact.objects.get(pk=anna.pk).email == EMAIL


# ------------------------------------------------------------------ the readable export


def test_the_export_lists_each_change_of_the_mailing_consent(people, anna):
    services.contact_update(
        actor=people.alice,
        contact=anna,
        expected_version=anna.version,
        data={"mailing_consent": True, "consent_date": date(2026, 3, 1), "consent_source": "Beurs"},
    )

    data = services.contact_personal_data(user=people.maria, contact=anna)

    assert [(c["mailing_consent"], c["consent_source"]) for c in data["consent_history"]] == [
        (False, ""),
        (True, "Beurs"),
    ]
    assert data["consent_history"][1]["consent_date"] == date(2026, 3, 1)


def test_the_export_holds_notes_elsewhere_that_name_the_person(people, anna):
    make_account(people.charlie, name="Bakkerij Noord", notes="Annabel Zwanenburg knows the owner")
    make_account(people.charlie, name="Other", notes="Mr Zwanenburg, no relation")

    data = services.contact_personal_data(user=people.maria, contact=anna)

    assert data["mentions"] == [
        {
            "where": "account_notes",
            "account": "Bakkerij Noord",
            "text": "Annabel Zwanenburg knows the owner",
        }
    ]


def test_the_export_holds_the_history_of_the_positions(people, anna):
    data = services.contact_personal_data(user=people.maria, contact=anna)

    assert [(h["account"], h["job_title"], h["change"]) for h in data["position_history"]] == [
        ("Acme Foods", "Inkoper", "+")
    ]


def test_maria_reads_the_same_data_on_a_printable_page(people, client_for, anna):
    url = reverse("accounts:contact_personal_data_page", kwargs={"pk": anna.pk})
    response = client_for(people.maria).get(url, HTTP_ACCEPT_LANGUAGE="nl")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Personal data of Annabel Zwanenburg" in page
    for value in (EMAIL, "Zeilen", "Loves sailing", "Acme Foods", "Inkoper"):
        assert value in page
    rows = response.context["history"]
    assert [row["change"] for row in rows] == ["created", "changed"]
    assert rows[1]["fields"] == [("personal interests", "Zeilen")]
    assert f'href="/contacts/{anna.pk}/personal-data.json"' in page


def test_the_printable_page_is_refused_to_an_account_manager(people, client_for, anna):
    url = reverse("accounts:contact_personal_data_page", kwargs={"pk": anna.pk})

    assert client_for(people.alice).get(url).status_code == 403


def test_the_contact_page_offers_export_and_erasure_to_whom_the_policy_allows(
    people, client_for, anna
):
    url = reverse("accounts:contact_detail", kwargs={"pk": anna.pk})
    export = reverse("accounts:contact_personal_data_page", kwargs={"pk": anna.pk})
    erase = reverse("accounts:contact_erase", kwargs={"pk": anna.pk})

    for login, shown in (
        (lambda: client_for(people.maria), True),
        (lambda: signed_in_admin(Client(), people.admin), True),
        (lambda: client_for(people.alice), False),
        (lambda: client_for(people.mark), False),
    ):
        page = login().get(url).content.decode()
        assert (f'href="{export}"' in page, f'href="{erase}"' in page) == (shown, shown)


# ------------------------------------------------------------------ the log of exports

LOG_URL = "/settings/personal-data-exports/"


def _export(client, contact, fmt="json"):
    name = "contact_personal_data" if fmt == "json" else "contact_personal_data_page"
    return client.get(reverse(f"accounts:{name}", kwargs={"pk": contact.pk}))


def test_every_export_is_logged_with_who_which_contact_and_format(people, client_for, anna):
    client = client_for(people.maria)
    _export(client, anna, "json")
    _export(client, anna, "html")

    assert list(
        PersonalDataExport.objects.order_by("pk").values_list(
            "exported_by__username", "contact_id", "contact_number", "format"
        )
    ) == [("maria", anna.pk, anna.pk, "json"), ("maria", anna.pk, anna.pk, "html")]


def test_a_refused_export_is_not_logged(people, client_for, anna):
    assert _export(client_for(people.alice), anna).status_code == 403
    assert _export(client_for(people.bob), anna, "html").status_code == 404

    assert not PersonalDataExport.objects.exists()


def test_administrators_read_the_log_by_name(people, client_for, anna):
    _export(client_for(people.maria), anna, "html")
    admin = signed_in_admin(Client(), people.admin)

    response = admin.get(LOG_URL)

    assert response.status_code == 200
    (row,) = response.context["page_obj"].object_list
    assert (row.exported_by, row.contact_label, row.format_label) == (
        people.maria,
        "Annabel Zwanenburg",
        "Readable page",
    )
    assert f'href="/contacts/{anna.pk}/"' in response.content.decode()


def test_the_log_filters_by_format_and_exporter(people, client_for, anna):
    _export(client_for(people.maria), anna, "json")
    _export(client_for(people.maria), anna, "html")
    admin = signed_in_admin(Client(), people.admin)
    _export(admin, anna, "json")

    def shown(**query):
        page = admin.get(LOG_URL, query).context["page_obj"]
        return sorted((r.exported_by.username, r.format) for r in page.object_list)

    assert shown(format="json") == [("admin", "json"), ("maria", "json")]
    assert shown(exported_by=people.maria.pk) == [("maria", "html"), ("maria", "json")]
    assert shown(contact=anna.pk + 1) == []


def test_the_log_survives_erasure_and_names_the_contact_by_id_only(people, client_for, anna):
    _export(client_for(people.maria), anna)
    services.contact_erase(actor=people.maria, contact=anna, reason="Asked")

    page = signed_in_admin(Client(), people.admin).get(LOG_URL).content.decode()

    assert f"Contact {anna.pk} (erased)" in page
    assert NAME not in page
    assert _leftovers(NAME, EMAIL, "Annabel") == []


def test_the_log_names_a_deleted_contact_by_id(people, client_for, anna):
    _export(client_for(people.maria), anna)
    number = anna.pk
    services.contact_delete(actor=people.maria, contact=anna)

    page = signed_in_admin(Client(), people.admin).get(LOG_URL).content.decode()

    assert f"Contact {number} (deleted)" in page


def test_only_administrators_read_the_log(people, client_for):
    for persona in ("alice", "maria", "mark"):
        assert client_for(getattr(people, persona)).get(LOG_URL).status_code == 403


@pytest.mark.parametrize("exports", [1, 30])
def test_the_log_makes_a_fixed_number_of_queries(people, client_for, query_baseline, exports):
    account = make_account(people.alice)
    for n in range(exports):
        contact = make_contact(account, last_name=f"Person{n}")
        services.personal_data_export(actor=people.maria, contact=contact, fmt="json")
    admin = signed_in_admin(Client(), people.admin)

    with query_baseline("page"):
        response = admin.get(LOG_URL, {"format": "json"})

    assert len(response.context["page_obj"].object_list) == min(exports, 25)


# ------------------------------------------------------------------ the retention review

REVIEW_URL = "/contacts/retention-review/"


def _age(contact, years, *, positions=True):
    """Moves every change of the contact (and of its positions) `years` years back."""
    then = timezone.now() - timedelta(days=365 * years + 1)
    Contact.objects.filter(pk=contact.pk).update(updated_at=then, created_at=then)
    contact.history.update(history_date=then)
    if positions:
        Position.history.filter(contact_id=contact.pk).update(history_date=then)
    return Contact.objects.get(pk=contact.pk)


def _reviewed(client, **query):
    response = client.get(REVIEW_URL, query)
    assert response.status_code == 200
    return sorted(c.last_name for c in response.context["page_obj"].object_list)


def test_contacts_unchanged_for_years_without_consent_are_listed_for_review(people, client_for):
    acme = make_account(people.alice, name="Acme Foods")
    _age(make_contact(acme, last_name="Oud"), 3)
    _age(
        make_contact(
            acme,
            last_name="Afgemeld",
            mailing_consent=True,
            consent_date=date(2020, 1, 1),
            opted_out=True,
        ),
        3,
    )
    _age(
        make_contact(
            acme, last_name="Toestemming", mailing_consent=True, consent_date=date(2020, 1, 1)
        ),
        3,
    )
    make_contact(acme, last_name="Nieuw")
    moved = _age(make_contact(acme, last_name="Verhuisd"), 3, positions=False)
    gone = _age(make_contact(acme, last_name="Gewist"), 3)
    services.contact_erase(actor=people.maria, contact=gone, reason="Asked")
    _age(Contact.objects.get(pk=gone.pk), 3)

    assert _reviewed(client_for(people.maria)) == ["Afgemeld", "Oud"]
    assert moved.positions.exists()


def test_a_manager_reviews_her_teams_contacts_and_an_administrator_all(people, client_for):
    _age(make_contact(make_account(people.alice), last_name="Noord"), 3)
    _age(make_contact(make_account(people.charlie), last_name="Zuid"), 3)

    assert _reviewed(client_for(people.maria)) == ["Noord"]
    assert _reviewed(signed_in_admin(Client(), people.admin)) == ["Noord", "Zuid"]


def test_the_number_of_years_is_a_setting(people, client_for, settings):
    _age(make_contact(make_account(people.alice), last_name="Drie"), 3)
    settings.PRIVACY_RETENTION_YEARS = 5

    assert _reviewed(client_for(people.maria)) == []


def test_the_review_links_to_the_contact_and_its_erasure(people, client_for):
    old = _age(make_contact(make_account(people.alice), last_name="Oud"), 3)

    page = client_for(people.maria).get(REVIEW_URL).content.decode()

    assert "1 contact" in page
    assert f'href="/contacts/{old.pk}/"' in page
    assert f'href="/contacts/{old.pk}/erase/"' in page


def test_account_managers_inside_sales_and_marketing_do_not_review(people, client_for):
    for persona in ("alice", "ingrid", "mark"):
        assert client_for(getattr(people, persona)).get(REVIEW_URL).status_code == 403


@pytest.mark.parametrize("contacts", [1, 30])
def test_the_review_makes_a_fixed_number_of_queries(people, client_for, query_baseline, contacts):
    account = make_account(people.alice)
    for n in range(contacts):
        _age(make_contact(account, last_name=f"Person{n}"), 3)
    client = client_for(people.maria)

    with query_baseline("page"):
        response = client.get(REVIEW_URL, {"sort": "updated"})

    assert len(response.context["page_obj"].object_list) == min(contacts, 25)


def test_the_contact_list_links_to_the_review_for_whom_may_review(people, client_for):
    link = f'href="{REVIEW_URL}"'

    assert link in client_for(people.maria).get("/contacts/").content.decode()
    assert link not in client_for(people.alice).get("/contacts/").content.decode()


def test_the_erasure_removes_the_name_from_notes_of_accounts_and_their_history(people, anna):
    other = make_account(people.charlie, name="Bakkerij Noord", notes="Met annabel zwanenburg")
    services.account_update(
        actor=people.charlie,
        account=other,
        expected_version=other.version,
        data={"notes": "Annabel Zwanenburg knows the owner"},
    )

    services.contact_erase(actor=people.maria, contact=anna, reason="Asked")

    assert _leftovers(NAME, "Annabel") == []
    other = Account.objects.get(pk=other.pk)
    assert (other.notes, other.version) == (f"{privacy.ERASED} knows the owner", 3)
    assert services.contact_personal_data(user=people.maria, contact=anna)["mentions"] == []


def test_an_erased_contact_says_so_and_is_not_erased_twice(people, client_for, anna):
    services.contact_erase(actor=people.maria, contact=anna, reason="Asked")
    anna.refresh_from_db()

    page = client_for(people.maria).get(f"/contacts/{anna.pk}/").content.decode()

    assert "Personal data erased on" in page
    assert f'href="/contacts/{anna.pk}/erase/"' not in page
    with pytest.raises(NotAllowed, match="erased already"):
        services.contact_erase(actor=people.maria, contact=anna, reason="Again")
    assert anna.history.count() == 3
