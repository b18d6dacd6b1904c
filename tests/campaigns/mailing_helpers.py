"""A campaign over the hand-made file (tests/campaigns/file.py) with a frozen selection and a
mailing tested by marketing, ready to send."""

from __future__ import annotations

from typing import Any

from koers.campaigns import mailing_services, services
from koers.campaigns.models import Campaign, Mailing
from tests.campaigns.test_campaign_pages import make_campaign

TEXTS = {
    "subject_nl": "Nieuws voor {account}",
    "body_nl": "{salutation},\n\nOns voorjaarsaanbod staat klaar.",
    "subject_en": "News for {account}",
    "body_en": "{salutation},\n\nOur spring offer is ready.",
}


def ready_mailing(people: Any, *, tested: bool = True, **criteria: Any) -> Mailing:
    people.mark.email = "mark@example.nl"
    people.mark.save(update_fields=["email"])
    campaign: Campaign = make_campaign(people, **criteria)
    services.selection_freeze(actor=people.mark, campaign=campaign)
    mailing = mailing_services.mailing_create(actor=people.mark, campaign=campaign, data=TEXTS)
    if tested:
        mailing_services.mailing_test_send(actor=people.mark, mailing=mailing, language="nl")
    return mailing
