"""Declining a version as lost closes the other open variants of the quote in the same
transaction (issue 13): a sent one is declined with the same reason, any other superseded; kept
open, the variants stay. The decline API names the competitor `lost_to_id`."""

from __future__ import annotations

import pytest

from koers.sales.models import Competitor, QuoteEvent, QuoteStatus, QuoteVersion, Stage
from koers.sales.quotes import services
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.quote_factories import bring_to, make_quote, serve

S = QuoteStatus


@pytest.fixture
def variants(people):
    """v1A and v1B sent, v1C in review, v1D a draft."""
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    a = make_quote(people.alice, account, make_product())
    b = services.quote_add_variant(actor=people.alice, version=a)
    c = services.quote_add_variant(actor=people.alice, version=a)
    d = services.quote_add_variant(actor=people.alice, version=a)
    a = bring_to(a, S.SENT, people.alice, people.ingrid)
    b = bring_to(b, S.SENT, people.alice, people.ingrid)
    c = bring_to(c, S.IN_REVIEW, people.alice)
    return a, b, c, QuoteVersion.objects.get(pk=d.pk)


def fresh(*versions):
    return [QuoteVersion.objects.get(pk=v.pk) for v in versions]


def test_declining_as_lost_closes_the_other_open_variants(people, variants):
    a, b, c, d = variants
    services.quote_decline(
        actor=people.alice,
        version=a,
        reason="Chose a cheaper supplier",
        opportunity="lost",
        lost_reason="price",
    )
    a, b, c, d = fresh(a, b, c, d)
    assert (a.status, b.status, c.status, d.status) == (
        S.DECLINED,
        S.DECLINED,
        S.SUPERSEDED,
        S.WITHDRAWN,
    )
    assert b.decline_reason == c.decline_reason == d.decline_reason == "Chose a cheaper supplier"
    assert c.superseded_by_id == a.pk
    assert a.quote.opportunity.stage == Stage.LOST
    notes = QuoteEvent.objects.filter(quote_version__in=[b, c, d], note__contains="cheaper")
    assert sorted(e.kind for e in notes) == ["declined", "superseded", "withdrawn"]


def test_kept_open_the_variants_stay_open(people, variants):
    a, b, c, d = variants
    services.quote_decline(actor=people.alice, version=a, reason="Not now")
    a, b, c, d = fresh(a, b, c, d)
    assert (a.status, b.status, c.status, d.status) == (S.DECLINED, S.SENT, S.IN_REVIEW, S.DRAFT)


def test_a_refused_loss_closes_nothing(people, variants):
    a, b, c, d = variants
    with pytest.raises(Exception, match="why the opportunity was lost"):
        services.quote_decline(actor=people.alice, version=a, reason="x", opportunity="lost")
    a, b, c, d = fresh(a, b, c, d)
    assert (a.status, b.status, c.status, d.status) == (S.SENT, S.SENT, S.IN_REVIEW, S.DRAFT)


def test_the_api_declines_as_lost_to_a_competitor_by_lost_to_id(people, variants, api):
    a, b, c, d = variants
    rival = Competitor.objects.create(name="Rivaal BV")
    response = api(people.alice).post(
        f"/quote-versions/{a.pk}/decline",
        {
            "reason": "Went to Rivaal",
            "opportunity": "lost",
            "lost_reason": "competitor",
            "lost_to_id": rival.pk,
        },
    )
    assert response.status_code == 200, response.json()
    a, b, c, d = fresh(a, b, c, d)
    assert (b.status, c.status, d.status) == (S.DECLINED, S.SUPERSEDED, S.WITHDRAWN)
    assert a.quote.opportunity.lost_to == rival


def test_the_api_names_the_missing_competitor_lost_to_id_and_refuses_the_old_name(
    people, variants, api
):
    a = variants[0]
    client = api(people.alice)
    body = {"reason": "x", "opportunity": "lost", "lost_reason": "competitor"}
    missing = client.post(f"/quote-versions/{a.pk}/decline", body)
    assert missing.status_code == 422, missing.json()
    assert [e["field"] for e in missing.json()["errors"]] == ["lost_to_id"]
    old = client.post(f"/quote-versions/{a.pk}/decline", {**body, "lost_to": 1})
    assert old.status_code == 422
    assert "lost_to" in [e["field"] for e in old.json()["errors"]]
    assert fresh(a)[0].status == S.SENT
