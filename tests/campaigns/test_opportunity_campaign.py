"""An opportunity's campaign (decision 140): named with the source "campaign", only a campaign
the user may read, on the form, the page and in the API as `campaign_id`."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from koers.campaigns import services
from koers.campaigns.selection import Criteria
from koers.sales.models import Opportunity
from tests.campaigns.lead_helpers import make_fair


@pytest.fixture
def fairs(people, file):
    """One fair touching alice's accounts (its selection holds anna), one touching nobody's."""
    ours = make_fair(people, name="Ours")
    services.selection_save(
        actor=people.mark, campaign=ours, criteria=Criteria(owners=[people.alice.pk])
    )
    theirs = make_fair(people, name="Theirs")
    return ours, theirs


def _body(file, **changes):
    body = {
        "account_id": file.noord.pk,
        "title": "Ovens",
        "close_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "source": "campaign",
    }
    body.update(changes)
    return body


def test_the_api_takes_a_readable_campaign(people, api, file, fairs):
    ours, theirs = fairs
    client = api(people.alice)

    made = client.post("/opportunities", _body(file, campaign_id=ours.pk))
    unreadable = client.post("/opportunities", _body(file, campaign_id=theirs.pk))
    not_campaign = client.post("/opportunities", _body(file, source="visit", campaign_id=ours.pk))

    assert made.status_code == 201
    assert made.json()["campaign_id"] == ours.pk
    assert unreadable.status_code == not_campaign.status_code == 422
    assert [e["field"] for e in unreadable.json()["errors"]] == ["campaign_id"]
    assert [e["field"] for e in not_campaign.json()["errors"]] == ["campaign_id"]
    assert Opportunity.objects.count() == 1


def test_the_form_offers_readable_campaigns_and_the_page_shows_it(people, client_for, file, fairs):
    ours, _theirs = fairs
    client = client_for(people.alice)
    url = reverse("sales:opportunity_new") + f"?account={file.noord.pk}"

    form = client.get(url)
    choices = list(form.context["form"].fields["campaign"].queryset)
    response = client.post(
        url,
        {
            "title": "Ovens",
            "close_on": (timezone.localdate() + timedelta(days=30)).isoformat(),
            "source": "campaign",
            "campaign": str(ours.pk),
            "stage": "prepare",
        },
    )

    assert choices == [ours]
    opportunity = Opportunity.objects.get()
    assert response["Location"] == reverse("sales:opportunity_detail", args=[opportunity.pk])
    assert opportunity.campaign == ours
    page = client.get(response["Location"]).content.decode()
    assert 'id="opportunity-source"' in page and "Ours" in page
