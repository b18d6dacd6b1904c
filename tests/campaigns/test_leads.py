"""Leads at the fair (decision 140): matched to the file by e-mail, then by company name, or a
new prospect; an owner and a follow-up activity; turned into an opportunity once, with the
campaign as its source; who records and who reads them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from koers.accounts.models import Account, Contact
from koers.campaigns import lead_queries, lead_services
from koers.campaigns.lead_models import Lead, LeadMatch, Response
from koers.core.errors import NotAllowed
from koers.relations.models import Activity
from koers.sales.models import Opportunity, Source
from tests.campaigns.lead_helpers import make_fair, record


@pytest.fixture
def fair(people):
    return make_fair(people)


def test_a_known_e_mail_matches_the_contact_and_the_lead_goes_to_its_account_manager(
    people, file, fair
):
    # bob met anna of alice's customer Noord at the stand.
    lead = record(people.bob, fair, name="A. Test", email="ANNA@example.nl", company="Noordje")

    assert (lead.match, lead.account, lead.contact) == (LeadMatch.CONTACT, file.noord, file.anna)
    assert (lead.owner, lead.recorded_by) == (people.alice, people.bob)
    activity = Activity.objects.get(pk=lead.follow_up_id)
    assert (activity.account, activity.owner, activity.kind) == (
        file.noord,
        people.alice,
        "phone_call",
    )
    assert list(activity.contacts.all()) == [file.anna]
    assert activity.planned_start.date() == lead.follow_up_on
    assert Contact.objects.filter(email__iexact="anna@example.nl").count() == 1


def test_a_known_company_gets_a_new_contact_there(people, file, fair):
    lead = record(people.alice, fair, name="Ria de Boer", email="ria@noord.nl", company="noord")

    assert (lead.match, lead.account) == (LeadMatch.ACCOUNT, file.noord)
    contact = lead.contact
    person = (contact.first_name, contact.last_name, contact.email)
    assert person == ("Ria", "de Boer", "ria@noord.nl")
    assert list(contact.positions.values_list("account_id", flat=True)) == [file.noord.pk]
    assert lead.owner == people.alice


def test_a_known_name_at_a_known_company_is_that_contact(people, file, fair):
    lead = record(people.alice, fair, name="Carl Test", company="Zuid")

    assert (lead.match, lead.contact, lead.owner) == (LeadMatch.CONTACT, file.carl, people.charlie)


def test_an_unknown_company_becomes_a_prospect_of_the_recorder(people, file, fair):
    lead = record(people.bob, fair, name="Piet Nieuw", email="piet@nieuw.nl", company="Nieuw BV")

    account = lead.account
    assert (lead.match, account.name, account.status, account.owner) == (
        LeadMatch.PROSPECT,
        "Nieuw BV",
        "prospect",
        people.bob,
    )
    assert (lead.contact.last_name, lead.owner) == ("Nieuw", people.bob)
    assert Activity.objects.get(pk=lead.follow_up_id).owner == people.bob


def test_choosing_new_prospect_ignores_the_match(people, file, fair):
    lead = record(people.alice, fair, email="anna@example.nl", company="Noord", new_prospect=True)

    assert lead.match == LeadMatch.PROSPECT
    assert lead.account != file.noord
    assert Account.objects.filter(name="Noord").count() == 2


def test_each_lead_is_a_response_of_its_contact(people, file, fair):
    record(people.alice, fair, email="anna@example.nl", company="Noord")

    response = Response.objects.get()
    assert (response.kind, response.contact, response.account, response.campaign) == (
        "lead",
        file.anna,
        file.noord,
        fair,
    )


def test_a_refused_lead_leaves_nothing_behind(people, file, fair):
    before = (Account.objects.count(), Contact.objects.count(), Activity.objects.count())
    yesterday = timezone.localdate() - timedelta(days=1)

    with pytest.raises(ValidationError) as past:
        record(people.alice, fair, company="Nieuw BV", follow_up_on=yesterday)
    # The prospect is made before its contact's phone is refused: both are undone.
    with pytest.raises(ValidationError) as phone:
        record(people.alice, fair, company="Nieuw BV", phone="geen nummer")

    assert "follow_up_on" in past.value.message_dict
    assert "phone" in phone.value.message_dict
    assert (Account.objects.count(), Contact.objects.count(), Activity.objects.count()) == before
    assert Lead.objects.count() == 0


def test_marketing_and_inside_sales_do_not_record_leads(people, file, fair):
    for user in (people.mark, people.ingrid):
        with pytest.raises(NotAllowed):
            record(user, fair)
    assert Lead.objects.count() == 0


def test_a_campaign_long_past_is_closed_for_leads(people, file):
    today = timezone.localdate()
    old = make_fair(
        people, starts_on=today - timedelta(days=90), ends_on=today - timedelta(days=89)
    )

    with pytest.raises(ValidationError) as error:
        record(people.charlie, old)

    assert "campaign" in error.value.message_dict


def test_a_lead_becomes_an_opportunity_once_with_the_campaign_as_source(people, file, fair):
    need = "Twee ovens\nsnel"
    lead = record(people.bob, fair, email="anna@example.nl", company="Noord", need=need)

    first = lead_services.lead_convert(actor=people.alice, lead=lead)
    again = lead_services.lead_convert(actor=people.alice, lead=lead)

    assert first == again
    assert Opportunity.objects.count() == 1
    assert (first.source, first.campaign, first.account, first.owner, first.title) == (
        Source.CAMPAIGN,
        fair,
        file.noord,
        people.alice,
        "Twee ovens",
    )
    assert list(first.deal_contacts.values_list("contact_id", flat=True)) == [file.anna.pk]
    assert Lead.objects.get(pk=lead.pk).opportunity == first


def test_who_reads_which_lead(people, file, fair):
    at_noord = record(people.bob, fair, email="anna@example.nl", company="Noord")
    own = record(people.charlie, fair, company="Charlie's prospect")

    def readable(user):
        return set(lead_queries.leads_readable(user))

    assert readable(people.mark) == {at_noord, own}
    assert readable(people.alice) == {at_noord}  # her account
    assert readable(people.bob) == {at_noord}  # he recorded it
    assert readable(people.charlie) == {own}
    assert readable(people.maria) == {at_noord}  # her team's account


def test_the_lead_pages(people, client_for, file, fair):
    client = client_for(people.alice)
    lead = record(people.bob, fair, email="anna@example.nl", company="Noord")

    listing = client.get(reverse("campaigns:lead_list", args=[fair.pk]))
    detail = client.get(reverse("campaigns:lead_detail", args=[lead.pk]))
    converted = client.post(reverse("campaigns:lead_convert", args=[lead.pk]))

    assert listing.status_code == detail.status_code == 200
    assert "Piet Nieuw" in listing.content.decode()
    opportunity = Opportunity.objects.get()
    assert converted["Location"] == reverse("sales:opportunity_detail", args=[opportunity.pk])
    page = client.get(converted["Location"]).content.decode()
    assert fair.name in page


def test_the_form_shows_the_match_before_recording(people, client_for, file, fair):
    client = client_for(people.bob)
    data = {
        "campaign": str(fair.pk),
        "name": "Anna Test",
        "company": "Noord",
        "email": "anna@example.nl",
        "follow_up_on": (timezone.localdate() + timedelta(days=1)).isoformat(),
        "follow_up_kind": "visit",
    }

    shown = client.post(reverse("campaigns:lead_new"), data)
    assert shown.status_code == 200
    assert 'id="lead-suggestion"' in shown.content.decode()
    assert Lead.objects.count() == 0

    chosen = client.post(reverse("campaigns:lead_new"), {**data, "decision": "new"})

    lead = Lead.objects.get()
    assert chosen["Location"] == reverse("campaigns:lead_detail", args=[lead.pk])
    assert (lead.match, lead.owner, lead.follow_up_kind) == (
        LeadMatch.PROSPECT,
        people.bob,
        "visit",
    )


def test_the_form_names_the_bad_field(people, client_for, file, fair):
    response = client_for(people.alice).post(
        reverse("campaigns:lead_new"),
        {"campaign": str(fair.pk), "name": "", "company": "X", "follow_up_on": "morgen"},
    )

    assert response.status_code == 422
    assert set(response.context["form"].errors) == {"name", "follow_up_on"}
    assert Lead.objects.count() == 0


def test_the_lead_pages_make_a_fixed_number_of_queries(
    people, client_for, file, fair, query_baseline
):
    for n in range(3):
        record(people.alice, fair, name=f"Piet {n}", company=f"Nieuw {n}")
    client = client_for(people.alice)

    with query_baseline("lead list"):
        client.get(reverse("campaigns:lead_list", args=[fair.pk]))
