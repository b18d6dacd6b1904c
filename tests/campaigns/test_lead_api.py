"""/api/v1 leads, responses (decision 140): recording a lead once per idempotency key, the
list per campaign with its filters, turning a lead into an opportunity, and the responses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from koers.accounts.models import Account
from koers.campaigns.lead_models import Lead
from koers.sales.models import Opportunity
from tests.campaigns.lead_helpers import make_fair, record


@pytest.fixture
def fair(people, file):
    return make_fair(people)


def _body(fair, **changes):
    body = {
        "campaign_id": fair.pk,
        "name": "Piet Nieuw",
        "company": "Nieuw BV",
        "email": "piet@nieuw.nl",
        "need": "Nieuwe ovens",
        "follow_up_on": (timezone.localdate() + timedelta(days=3)).isoformat(),
    }
    body.update(changes)
    return body


def test_a_lead_is_recorded_once_per_idempotency_key(people, api, fair):
    client = api(people.bob)
    headers = {"Idempotency-Key": "fair-1"}

    first = client.post("/leads", _body(fair), headers=headers)
    retry = client.post("/leads", _body(fair), headers=headers)

    assert (first.status_code, retry.status_code) == (201, 201)
    assert first.json() == retry.json()
    assert Lead.objects.count() == 1
    assert Account.objects.filter(name="Nieuw BV").count() == 1
    data = first.json()
    assert (data["match"], data["owner_id"], data["opportunity_id"]) == (
        "prospect",
        people.bob.pk,
        None,
    )
    assert data["follow_up_activity_id"] is not None


def test_a_known_e_mail_is_matched(people, api, file, fair):
    data = api(people.bob).post("/leads", _body(fair, email="anna@example.nl")).json()

    assert (data["match"], data["contact_id"], data["owner_id"]) == (
        "contact",
        file.anna.pk,
        people.alice.pk,
    )


def test_bad_input_is_a_422_naming_the_field(people, api, fair):
    client = api(people.alice)
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()

    past = client.post("/leads", _body(fair, follow_up_on=yesterday))
    unknown = client.post("/leads", _body(fair, campaign_id=fair.pk + 100))

    assert past.status_code == unknown.status_code == 422
    assert [e["field"] for e in past.json()["errors"]] == ["follow_up_on"]
    assert [e["field"] for e in unknown.json()["errors"]] == ["campaign_id"]
    assert Lead.objects.count() == 0


def test_marketing_reads_but_does_not_record_leads(people, api, fair):
    record(people.alice, fair)

    assert api(people.mark).post("/leads", _body(fair)).status_code == 403
    assert api(people.mark).get(f"/campaigns/{fair.pk}/leads").json()["count"] == 1
    assert Lead.objects.count() == 1


def test_the_list_is_scoped_and_filtered(people, api, fair):
    own = record(people.charlie, fair, name="Charlie's", company="C BV")
    at_noord = record(people.alice, fair, name="Anna Test", email="anna@example.nl", company="N")

    def names(user, **params):
        rows = api(user).get(f"/campaigns/{fair.pk}/leads", params).json()["results"]
        return [row["id"] for row in rows]

    assert names(people.mark) == [at_noord.pk, own.pk]
    assert names(people.charlie) == [own.pk]
    assert names(people.mark, match="contact") == [at_noord.pk]
    assert names(people.mark, q="charlie") == [own.pk]
    assert api(people.bob).get(f"/leads/{own.pk}").status_code == 404


def test_a_lead_becomes_an_opportunity_once(people, api, fair):
    lead = record(people.alice, fair)
    client = api(people.alice)

    first = client.post(f"/leads/{lead.pk}/opportunity")
    again = client.post(f"/leads/{lead.pk}/opportunity")

    assert first.status_code == again.status_code == 200
    opportunity = Opportunity.objects.get()
    assert first.json()["opportunity_id"] == again.json()["opportunity_id"] == opportunity.pk
    detail = client.get(f"/opportunities/{opportunity.pk}").json()
    assert (detail["source"], detail["campaign_id"]) == ("campaign", fair.pk)


def test_who_may_not_add_deals_to_the_account_is_refused(people, api, fair):
    lead = record(people.bob, fair, email="anna@example.nl", company="Noord")  # alice's

    response = api(people.bob).post(f"/leads/{lead.pk}/opportunity")

    assert response.status_code == 403
    assert Opportunity.objects.count() == 0


def test_the_responses_of_a_campaign(people, api, file, fair):
    record(people.alice, fair, email="anna@example.nl", company="Noord")
    record(people.charlie, fair, company="C BV")

    rows = api(people.mark).get(f"/campaigns/{fair.pk}/responses").json()["results"]
    alice = api(people.alice).get(f"/campaigns/{fair.pk}/responses", {"kind": "lead"}).json()

    assert sorted(r["kind"] for r in rows) == ["lead", "lead"]
    assert [r["contact_id"] for r in alice["results"]] == [file.anna.pk]


def test_the_lists_make_a_fixed_number_of_queries(people, api, fair, query_baseline):
    for n in range(3):
        record(people.alice, fair, name=f"Piet {n}", company=f"Nieuw {n}")
    client = api(people.mark)

    with query_baseline("leads"):
        client.get(f"/campaigns/{fair.pk}/leads")
    with query_baseline("responses"):
        client.get(f"/campaigns/{fair.pk}/responses")
