"""Saving a spread in bulk, and the API's rows a page at a time (decision 156): the same targets,
versions and history as one save at a time, a retry writes nothing, a failure half-way leaves
nothing, the same number of queries for 3 parts as for 30, and the rows over accounts and
product groups paged as every list of the API."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test.utils import CaptureQueriesContext

from koers.planning.models import PeriodKind, Target, TargetLevel
from koers.planning.targets import services
from koers.planning.targets.services import TargetRow
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group

D = Decimal
YEAR = 2026
ACCOUNT = TargetLevel.ACCOUNT


def _target(people, amount="90000"):
    row = TargetRow(
        "revenue", TargetLevel.USER, {"user": people.alice.pk}, YEAR, PeriodKind.YEAR, 1, D(amount)
    )
    return services.target_set(actor=people.maria, row=row)


def _account_target(people, account, amount, stretch=None):
    row = TargetRow(
        "revenue", ACCOUNT, {"account": account.pk}, YEAR, PeriodKind.YEAR, 1, D(amount), stretch
    )
    services.targets_upsert(actor=people.maria, rows=[row])


def _parts(accounts, percentages):
    return [(ACCOUNT, {"account": a.pk}, D(p)) for a, p in zip(accounts, percentages, strict=True)]


def _state():
    """Each account target's amount, stretch and version, and its history rows (type and
    amount, oldest first)."""
    targets = {
        t.key: (t.amount, t.stretch, t.version, t.updated_by_id)
        for t in Target.objects.filter(level=ACCOUNT)
    }
    history: dict[str, list[tuple[str, Decimal, int]]] = {}
    for h in Target.history.filter(level=ACCOUNT).order_by("history_date", "history_id"):
        history.setdefault(h.key, []).append((h.history_type, h.amount, h.version))
    return targets, history


@pytest.fixture
def four(people):
    """Alice's accounts A, B, C and D. Already set for this year: A 45,000 (what the spread
    gives it), B 10,000, C 5,000 with a stretch of 6,000; D none."""
    accounts = [make_account(people.alice, name) for name in "ABCD"]
    _account_target(people, accounts[0], "45000")
    _account_target(people, accounts[1], "10000")
    _account_target(people, accounts[2], "5000", stretch=D("6000"))
    return accounts


PERCENTAGES = ["50", "25", "15", "10"]


def test_the_bulk_save_gives_what_one_save_at_a_time_gave(people, four):
    source = _target(people)
    rows = [
        TargetRow("revenue", ACCOUNT, {"account": a.pk}, YEAR, PeriodKind.YEAR, 1, D(amount))
        for a, amount in zip(four, ["45000", "22500", "13500", "9000"], strict=True)
    ]
    # One save at a time, as the spread was written before (then undone).
    with transaction.atomic():
        services.targets_upsert(actor=people.maria, rows=rows)
        before = _state()
        transaction.set_rollback(True)

    saved = services.target_spread_parts(
        actor=people.maria, source=source, parts=_parts(four, PERCENTAGES)
    )

    assert [(t.account_id, t.amount) for t in saved] == [
        (four[0].pk, D("45000.00")),
        (four[1].pk, D("22500.00")),
        (four[2].pk, D("13500.00")),
        (four[3].pk, D("9000.00")),
    ]
    assert all(t.pk for t in saved)
    targets, history = after = _state()
    assert after == before
    a, b, c, d = (f"account/account:{x.pk}" for x in four)
    # A unchanged (its one "+" row), B and C changed ("~", version 2; C's stretch cleared, as a
    # row without a stretch clears it), D new.
    assert history[a] == [("+", D("45000.00"), 1)]
    assert history[b] == [("+", D("10000.00"), 1), ("~", D("22500.00"), 2)]
    assert history[c] == [("+", D("5000.00"), 1), ("~", D("13500.00"), 2)]
    assert targets[c][:3] == (D("13500.00"), None, 2)
    assert history[d] == [("+", D("9000.00"), 1)]
    # The history names who spread.
    latest = Target.history.filter(level=ACCOUNT).order_by("-history_id").first()
    assert latest.history_user == people.maria


def test_a_retry_writes_nothing(people, four):
    source = _target(people)
    parts = _parts(four, PERCENTAGES)
    services.target_spread_parts(actor=people.alice, source=source, parts=parts)
    first = _state()

    with CaptureQueriesContext(transaction.get_connection()) as done:
        again = services.target_spread_parts(actor=people.alice, source=source, parts=parts)

    assert _state() == first
    assert [t.amount for t in again] == [D("45000.00"), D("22500.00"), D("13500.00"), D("9000.00")]
    writes = [q["sql"] for q in done if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []


def test_a_failure_half_way_leaves_nothing(people, four):
    source = _target(people)
    before = _state()

    # The new target of D is inserted, then the changes of B and C fail.
    with (
        mock.patch(
            "koers.planning.targets.spread_save.bulk_update_with_history",
            side_effect=RuntimeError("connection lost"),
        ),
        pytest.raises(RuntimeError),
    ):
        services.target_spread_parts(
            actor=people.alice, source=source, parts=_parts(four, PERCENTAGES)
        )

    assert _state() == before
    assert not Target.objects.filter(account=four[3]).exists()


def test_a_spread_takes_the_amount_of_the_target_as_stored(people, four):
    source = _target(people)
    stale = Target.objects.get(pk=source.pk)
    Target.objects.filter(pk=source.pk).update(amount=D("1000"))

    saved = services.target_spread_parts(
        actor=people.alice, source=stale, parts=_parts(four, PERCENTAGES)
    )

    assert [t.amount for t in saved] == [D("500.00"), D("250.00"), D("150.00"), D("100.00")]


def test_a_target_removed_meanwhile_is_a_message_and_saves_nothing(people, four):
    source = _target(people)
    Target.objects.filter(pk=source.pk).delete()
    before = _state()

    with pytest.raises(ValidationError) as refused:
        services.target_spread_parts(
            actor=people.alice, source=source, parts=_parts(four, PERCENTAGES)
        )

    assert refused.value.message_dict == {"parts": ["This target was removed in the meantime."]}
    assert _state() == before


@pytest.mark.parametrize("count", [3, 30])
def test_saving_3_or_30_parts_makes_the_same_number_of_queries(people, query_baseline, count):
    accounts = [make_account(people.alice, f"Account {n:02d}") for n in range(count)]
    source = _target(people, "30000")
    share = (D(100) / count).quantize(D("0.01"))
    percentages = [share] * count
    percentages[0] += D(100) - share * count  # the first takes the rounding
    changed = [D(0)] * count
    changed[0] = D(100)

    with query_baseline("new"):
        services.target_spread_parts(
            actor=people.alice, source=source, parts=_parts(accounts, percentages)
        )
    with query_baseline("changed"):
        services.target_spread_parts(
            actor=people.alice, source=source, parts=_parts(accounts, changed)
        )

    assert Target.objects.filter(level=ACCOUNT, version=2).count() == count
    assert Target.history.filter(level=ACCOUNT).count() == 2 * count


@pytest.fixture
def thirty(people):
    """Alice's thirty accounts "Account 01" to "Account 30" and the main groups Bakery and
    Dairy; last year each account bought as much bread as its number."""
    bakery, _dairy = make_group("BAKKERIJ"), make_group("ZUIVEL")
    accounts = []
    for n in range(1, 31):
        account = make_account(people.alice, f"Account {n:02d}")
        delivered(people.alice, account, date(YEAR - 1, 2, 1), [(bakery, f"{n}", "0", "1")])
        accounts.append(account)
    return accounts


def test_the_api_pages_the_rows_over_accounts_and_groups(people, thirty, api):
    target = _target(people, "46500")
    client = api(people.alice)
    url = f"/targets/{target.pk}/spread"

    first = client.get(url, {"over": "account_groups", "page_size": 25}).json()

    assert (first["count"], first["count_capped"], first["previous"]) == (60, False, None)
    assert (first["target_id"], first["over"], first["amount"]) == (
        target.pk,
        "account_groups",
        "46500.00",
    )
    assert len(first["results"]) == 25
    assert first["results"][0]["name"].startswith("Account 01 · ")
    assert "over=account_groups" in first["next"]
    assert "page=2" in first["next"]
    second = client.get(url, {"over": "account_groups", "page_size": 25, "page": 2}).json()
    third = client.get(url, {"over": "account_groups", "page_size": 25, "page": 3}).json()
    rows = first["results"] + second["results"] + third["results"]

    assert [len(p["results"]) for p in (second, third)] == [25, 10]
    assert third["next"] is None
    assert len({(r["account"], r["product_group"]) for r in rows}) == 60
    # The shares of all pages add up to 100: each is its part of the whole.
    assert sum(D(r["share"]) for r in rows) == D("100.00")
    assert client.get(url, {"over": "account_groups", "page": 9}).json()["results"] == []
    parts = [
        {"account": r["account"], "product_group": r["product_group"], "percentage": r["share"]}
        for r in rows
        if r["share"] != "0.00"
    ]
    saved = client.post(url, {"parts": parts})
    assert saved.status_code == 200, saved.content
    assert len(saved.json()["targets"]) == 30


def test_the_api_refuses_a_page_size_above_200(people, thirty, api):
    target = _target(people)

    answer = api(people.alice).get(f"/targets/{target.pk}/spread", {"page_size": 201})

    assert answer.status_code == 422
    assert [e["field"] for e in answer.json()["errors"]] == ["page_size"]
