"""Erasing a contact (AVG/GDPR) clears what campaigns kept of the person as it was typed, in the
same transaction (decision 147): their leads' name, e-mail, phone, company and need, their
registrations' name, company, e-mail and answers (also one that matched no contact but carries
their address), a copy's address and a response's note. The records stay for the results."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from koers.accounts import services as account_services
from koers.accounts.services.privacy import ERASED
from koers.campaigns import lead_services, mailing_services, responses
from koers.campaigns.event_models import Registration, RegistrationStatus
from koers.campaigns.lead_models import Lead, Response
from koers.campaigns.models import MailingSend, SendStatus
from koers.core.errors import NotAllowed
from koers.relations.models import Activity
from koers.sales.models import Opportunity
from tests.accounts.test_privacy import EMAIL, NAME, PHONE, _leftovers, anna  # noqa: F401
from tests.campaigns.event_helpers import make_event
from tests.campaigns.lead_helpers import make_fair, record
from tests.campaigns.mailing_helpers import TEXTS

FULL = f"Annabel {NAME}"


@pytest.fixture
def kept(people, anna):  # noqa: F811
    """Anna's lead at a fair, her registration for a seminar (with an answer), an older one at
    another seminar that matched nobody, a copy of a mailing with a reply noted, and Piet's
    registration, which is not hers."""
    fair = make_fair(people)
    lead = record(
        people.alice,
        fair,
        name=FULL,
        email=EMAIL,
        phone=PHONE,
        company="Acme Foods",
        need=f"{FULL} wants new ovens before the summer",
    )
    seminar = make_event(people)
    own = Registration.objects.create(
        event=seminar,
        contact=anna,
        name=FULL,
        company="Acme Foods",
        email=EMAIL,
        answers={"Which topic?": "Zeilen"},
    )
    piet = Registration.objects.create(
        event=seminar, name="Piet Nieuw", company="Nieuw BV", email="piet@nieuw.example"
    )
    earlier = Registration.objects.create(
        event=make_event(people, days=20),
        name="A. Zwanenburg",
        email=EMAIL.upper(),
        status=RegistrationStatus.CANCELLED,
    )
    mailing = mailing_services.mailing_create(actor=people.mark, campaign=fair, data=TEXTS)
    send = MailingSend.objects.create(
        mailing=mailing,
        contact=anna,
        status=SendStatus.SENT,
        email=EMAIL,
        sent_at=timezone.now() - timedelta(days=1),
    )
    responses.mark_replied(actor=people.mark, send=send, note=f"{FULL} asked for a visit")
    return lead, own, earlier, piet, send


def test_after_the_erasure_no_personal_value_is_left_in_leads_or_registrations(
    people,
    anna,  # noqa: F811
    kept,
):
    lead, own, earlier, piet, send = kept
    assert _leftovers(NAME, EMAIL, PHONE)  # found before

    account_services.contact_erase(actor=people.admin, contact=anna, reason="Request")

    assert _leftovers(NAME, EMAIL, PHONE, "Annabel", "Zeilen") == []
    lead.refresh_from_db()
    assert (lead.name, lead.email, lead.phone, lead.company, lead.need) == (
        ERASED,
        "",
        "",
        ERASED,
        "",
    )
    assert (lead.contact_id, lead.account_id) == (anna.pk, lead.account_id)
    for registration in (own, earlier):
        registration.refresh_from_db()
        assert (registration.name, registration.email, registration.company) == (ERASED, "", "")
        assert registration.answers == {}
    assert own.status == RegistrationStatus.REGISTERED  # still counted in the results
    piet.refresh_from_db()
    assert (piet.name, piet.email) == ("Piet Nieuw", "piet@nieuw.example")
    send.refresh_from_db()
    assert (send.email, send.status) == ("", SendStatus.SENT)
    notes = list(Response.objects.filter(contact=anna).values_list("kind", "note"))
    assert sorted(notes) == [("lead", ""), ("reply", "")]
    assert Lead.objects.filter(contact=anna).count() == 1


def test_a_refused_erasure_leaves_the_campaigns_records_as_they_were(
    people,
    anna,  # noqa: F811
    kept,
):
    lead, own, *_rest = kept

    with pytest.raises(NotAllowed):
        account_services.contact_erase(actor=people.alice, contact=anna, reason="Asked")

    lead.refresh_from_db()
    own.refresh_from_db()
    assert (lead.email, own.email, own.answers) == (EMAIL, EMAIL, {"Which topic?": "Zeilen"})


def _records(data: dict, record: str) -> list[dict]:
    return [row for row in data["campaigns"] if row["record"] == record]


def test_the_personal_data_export_holds_the_contacts_campaign_records_and_no_one_elses(
    client,
    people,
    anna,  # noqa: F811
    kept,
):
    lead, own, earlier, _piet, send = kept
    mailing_services.unsubscribe(send_id=send.pk, via="page")
    other = record(people.alice, make_fair(people, name="Horecabeurs"), name="Piet Nieuw")
    client.force_login(people.maria)

    response = client.get(reverse("accounts:contact_personal_data", args=[anna.pk]))

    data = response.json()
    (got,) = _records(data, "lead")
    assert (got["id"], got["name"], got["email"], got["phone"]) == (lead.pk, FULL, EMAIL, PHONE)
    assert got["need"] == f"{FULL} wants new ovens before the summer"
    assert (got["follow_up_on"], got["follow_up_activity_id"]) == (
        lead.follow_up_on.isoformat(),
        lead.follow_up_id,
    )
    registrations = {row["id"]: row for row in _records(data, "registration")}
    assert set(registrations) == {own.pk, earlier.pk}  # not Piet's
    assert registrations[own.pk]["event"] == "Seminar inkoop"
    assert registrations[own.pk]["status"] == RegistrationStatus.REGISTERED
    assert registrations[own.pk]["answers"] == {"Which topic?": "Zeilen"}
    assert registrations[earlier.pk]["status"] == RegistrationStatus.CANCELLED
    assert sorted(row["kind"] for row in _records(data, "response")) == ["lead", "reply"]
    (copy,) = _records(data, "mailing_copy")
    assert (copy["mailing_id"], copy["status"], copy["email"]) == (
        send.mailing_id,
        SendStatus.SENT,
        EMAIL,
    )
    assert copy["sent_at"] is not None
    (unsubscribed,) = _records(data, "unsubscribe")
    assert (unsubscribed["mailing_id"], unsubscribed["source"]) == (send.mailing_id, "page")
    assert unsubscribed["at"] is not None
    assert other.pk not in {row["id"] for row in _records(data, "lead")}
    assert "Piet Nieuw" not in response.content.decode()


def test_the_readable_export_page_shows_the_campaign_records(client, people, anna, kept):  # noqa: F811
    client.force_login(people.maria)

    response = client.get(reverse("accounts:contact_personal_data_page", args=[anna.pk]))

    page = response.content.decode()
    assert 'id="personal-campaigns"' in page
    assert "Vakbeurs" in page and "Seminar inkoop" in page


NEED = "Bel Annabel op 020-123 4567 of anna.zwanenburg@acme.nl\nMevr. Zwanenburg wil nieuwe ovens"


def test_the_erasure_clears_the_leads_values_from_its_follow_up_and_its_opportunity(
    people,
    anna,  # noqa: F811
):
    lead = record(
        people.alice,
        make_fair(people),
        name=FULL,
        email=EMAIL,
        phone=PHONE,
        company="Acme Foods",
        need=NEED,
    )
    opportunity = lead_services.lead_convert(actor=people.alice, lead=lead)
    typed = ("Annabel", NAME, EMAIL, PHONE, "020-123 4567")
    assert opportunity.title == "Bel Annabel op 020-123 4567 of anna.zwanenburg@acme.nl"
    assert _leftovers(*typed)  # the need's copies hold them before

    account_services.contact_erase(actor=people.admin, contact=anna, reason="Request")

    assert _leftovers(*typed) == []
    activity = Activity.objects.get(pk=lead.follow_up_id)
    assert activity.instructions == (
        f"Bel {ERASED} op {ERASED} of {ERASED}\nMevr. {ERASED} wil nieuwe ovens"
    )
    opportunity.refresh_from_db()
    created = formats.date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
    assert opportunity.title == f"Lead {created}"
    assert opportunity.need == activity.instructions
    assert {h.title for h in opportunity.history.all()} == {f"Lead {created}"}


def test_an_opportunity_renamed_after_the_conversion_keeps_its_title(people, anna):  # noqa: F811
    lead = record(people.alice, make_fair(people), name=FULL, email=EMAIL, need=NEED)
    opportunity = lead_services.lead_convert(actor=people.alice, lead=lead)
    Opportunity.objects.filter(pk=opportunity.pk).update(title="Ovens voor Acme")

    account_services.contact_erase(actor=people.admin, contact=anna, reason="Request")

    opportunity.refresh_from_db()
    assert opportunity.title == "Ovens voor Acme"
