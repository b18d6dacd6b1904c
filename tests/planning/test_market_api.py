"""/api/v1/market-signals, /competitors and /accounts/{id}/competitors: the same rules as the
pages (who reads, who records, who changes), the feed's filters, stale changes a 409, and a
fixed number of queries for the lists."""

from __future__ import annotations

import pytest

from koers.planning import services
from koers.planning.models import AccountCompetitor, MarketSignal
from tests.factories import make_segment


def _record(actor, **data):
    data.setdefault("title", "Bread prices up 5%")
    return services.signal_record(actor=actor, **data)


def test_anyone_records_a_signal_once_per_key(people, api, account, rival):
    retail = make_segment("Retail")
    body = {
        "title": "Rivaal gives 10% on bread mixes",
        "kind": "competitor",
        "source": "customer",
        "importance": 3,
        "account_ids": [account.pk],
        "segment_ids": [retail.pk],
        "competitor_ids": [rival.pk],
    }
    client = api(people.alice)
    headers = {"Idempotency-Key": "signal-1"}

    first = client.post("/market-signals", body, headers=headers)
    retry = client.post("/market-signals", body, headers=headers)

    assert first.status_code == retry.status_code == 201
    assert first.json() == retry.json()
    data = first.json()
    assert (data["account_ids"], data["segment_ids"], data["competitor_ids"]) == (
        [account.pk],
        [retail.pk],
        [rival.pk],
    )
    assert (data["kind"], data["importance"], data["recorded_by_id"]) == (
        "competitor",
        3,
        people.alice.pk,
    )
    assert MarketSignal.objects.count() == 1


def test_an_unreadable_account_is_refused_by_name(people, api, charlies):
    response = api(people.alice).post(
        "/market-signals", {"title": "About Charlie", "account_ids": [charlies.pk]}
    )

    assert response.status_code == 422
    assert "account_ids" in response.content.decode()
    assert MarketSignal.objects.count() == 0


def test_the_list_filters_as_the_feed_and_is_for_marketing_and_managers(
    people, api, account, rival
):
    _record(people.alice, title="Price war", kind="price", accounts=[account])
    _record(people.mark, title="Rival's line", competitors=[rival])

    assert api(people.alice).get("/market-signals").status_code == 403
    own = api(people.alice).get(f"/market-signals?account={account.pk}").json()
    assert [r["title"] for r in own["results"]] == ["Price war"]
    by_kind = api(people.mark).get("/market-signals?kind=price").json()
    assert [r["title"] for r in by_kind["results"]] == ["Price war"]
    by_rival = api(people.bob).get(f"/market-signals?competitor={rival.pk}").json()
    assert [r["title"] for r in by_rival["results"]] == ["Rival's line"]


def test_a_signal_of_an_unreadable_account_is_not_found(people, api, account):
    signal = _record(people.alice, accounts=[account])

    assert api(people.charlie).get(f"/market-signals/{signal.pk}").status_code == 404
    assert api(people.maria).get(f"/market-signals/{signal.pk}").status_code == 200


def test_marketing_changes_a_signal_a_stale_version_is_a_409(people, api, account):
    signal = _record(people.alice, accounts=[account])

    changed = api(people.mark).patch(
        f"/market-signals/{signal.pk}", {"version": 1, "importance": 3}
    )
    stale = api(people.mark).patch(f"/market-signals/{signal.pk}", {"version": 1, "title": "x"})
    refused = api(people.maria).patch(
        f"/market-signals/{signal.pk}", {"version": 2, "title": "Maria's"}
    )

    assert (changed.status_code, changed.json()["importance"]) == (200, 3)
    assert changed.json()["account_ids"] == [account.pk]
    assert stale.status_code == 409
    assert refused.status_code == 403
    signal.refresh_from_db()
    assert (signal.title, signal.version) == ("Bread prices up 5%", 2)


def test_competitors_are_read_by_all_and_changed_by_marketing(people, api, rival):
    assert api(people.ingrid).get(f"/competitors/{rival.pk}").json()["name"] == "Rivaal BV"
    refused = api(people.alice).patch(f"/competitors/{rival.pk}", {"strengths": "Cheap"})
    changed = api(people.mark).patch(
        f"/competitors/{rival.pk}", {"strengths": "Cheap", "price_position": "lower"}
    )

    assert refused.status_code == 403
    assert changed.status_code == 200
    rival.refresh_from_db()
    assert (rival.strengths, rival.price_position) == ("Cheap", "lower")


def test_an_accounts_competitors_are_listed_added_and_removed(people, api, account, rival):
    client = api(people.alice)

    added = client.post(
        f"/accounts/{account.pk}/competitors",
        {"competitor_id": rival.pk, "supplies": "Flour", "share": 30},
    )
    listed = client.get(f"/accounts/{account.pk}/competitors").json()
    refused = api(people.mark).delete(f"/accounts/{account.pk}/competitors/{rival.pk}")
    hidden = api(people.charlie).get(f"/accounts/{account.pk}/competitors")

    assert added.status_code == 201
    assert [(r["competitor_name"], r["share"]) for r in listed["results"]] == [("Rivaal BV", 30)]
    assert refused.status_code == 403
    assert hidden.status_code == 404
    assert AccountCompetitor.objects.count() == 1
    removed = client.delete(f"/accounts/{account.pk}/competitors/{rival.pk}")
    assert removed.status_code == 204
    assert AccountCompetitor.objects.count() == 0


@pytest.mark.parametrize("size", [2, 12])
def test_the_lists_make_a_fixed_number_of_queries(
    people, api, account, rival, query_baseline, size
):
    retail = make_segment("Retail")
    for n in range(size):
        _record(
            people.alice,
            title=f"Signal {n}",
            accounts=[account],
            segments=[retail],
            competitors=[rival],
        )
    client = api(people.maria)

    with query_baseline("signals"):
        response = client.get("/market-signals")
    with query_baseline("competitors"):
        client.get("/competitors")

    assert len(response.json()["results"]) == size
