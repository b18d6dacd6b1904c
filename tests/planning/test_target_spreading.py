"""Spreading with known sums: the parts always add up to the whole, to the cent; profiles
(even, last year's seasonality, custom percentages per product group) spread a year over its
months; an account manager's target spreads over accounts and product groups."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from koers.planning.models import PeriodKind, SpreadKind, Target, TargetLevel
from koers.planning.targets import services
from koers.planning.targets.services import TargetRow
from koers.planning.targets.spreading import SpreadError, split
from tests.factories import make_account
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group

D = Decimal


def _year(actor, level, ids, amount, measure="revenue", year=2026):
    return services.target_set(
        actor=actor,
        row=TargetRow(measure, level, ids, year, PeriodKind.YEAR, 1, D(amount)),
    )


def _months(key, year=2026):
    rows = Target.objects.filter(key=key, year=year, period_kind=PeriodKind.MONTH)
    return [t.amount for t in rows.order_by("period")]


def test_an_even_split_adds_up_to_the_cent():
    parts = split(D("100000"), [D("1")] * 12)

    assert sum(parts) == D("100000")
    assert sorted(set(parts)) == [D("8333.33"), D("8333.34")]
    assert parts.count(D("8333.34")) == 4


def test_a_split_by_percentages_keeps_the_whole():
    assert split(D("1000.00"), [D("33.33"), D("33.33"), D("33.34")]) == [
        D("333.30"),
        D("333.30"),
        D("333.40"),
    ]


def test_a_split_without_weights_is_refused():
    with pytest.raises(SpreadError):
        split(D("10"), [D("0"), D("0")])


def test_the_manager_spreads_a_year_evenly_over_the_months(people):
    _year(people.maria, TargetLevel.USER, {"user": people.alice.pk}, "120000")
    profile = services.spread_profile_save(actor=people.maria, name="Even", kind=SpreadKind.EVEN)

    services.target_spread_months(
        actor=people.maria,
        measure="revenue",
        level=TargetLevel.USER,
        ids={"user": people.alice.pk},
        year=2026,
        profile=profile,
    )

    assert _months(f"user/user:{people.alice.pk}") == [D("10000.00")] * 12


def test_last_years_seasonality_follows_the_orders(people):
    account = make_account(people.alice, "Bakkerij Jansen")
    delivered(people.alice, account, date(2025, 3, 10), [(None, "3000", "0", "1")])
    delivered(people.alice, account, date(2025, 12, 1), [(None, "1000", "0", "1")])
    _year(people.maria, TargetLevel.TEAM, {"team": people.alice.teams.get().pk}, "8000")
    profile = services.spread_profile_save(
        actor=people.maria, name="Seizoen", kind=SpreadKind.SEASONALITY
    )

    services.target_spread_months(
        actor=people.maria,
        measure="revenue",
        level=TargetLevel.TEAM,
        ids={"team": people.alice.teams.get().pk},
        year=2026,
        profile=profile,
    )

    months = _months(f"team/team:{people.alice.teams.get().pk}")
    assert months[2] == D("6000.00") and months[11] == D("2000.00")
    assert sum(months) == D("8000.00")


def test_a_custom_profile_has_percentages_per_product_group(people):
    bread = make_group("BROOD")
    flat = [D("8")] * 11 + [D("12")]
    summer = [D("0")] * 5 + [D("50"), D("50")] + [D("0")] * 5
    profile = services.spread_profile_save(
        actor=people.maria,
        name="Zomer",
        kind=SpreadKind.CUSTOM,
        percentages={"": flat, "BROOD": summer},
    )
    ids = {"user": people.alice.pk, "product_group": bread.pk}
    _year(people.maria, TargetLevel.USER_GROUP, ids, "5000")
    _year(people.maria, TargetLevel.USER, {"user": people.alice.pk}, "10000")

    for level, level_ids in (
        (TargetLevel.USER_GROUP, ids),
        (TargetLevel.USER, {"user": people.alice.pk}),
    ):
        services.target_spread_months(
            actor=people.maria,
            measure="revenue",
            level=level,
            ids=level_ids,
            year=2026,
            profile=profile,
        )

    assert _months(f"user_group/user:{people.alice.pk}/group:{bread.pk}")[5:7] == [
        D("2500.00"),
        D("2500.00"),
    ]
    assert _months(f"user/user:{people.alice.pk}") == [D("800.00")] * 11 + [D("1200.00")]


def test_custom_percentages_must_add_up_to_100(people):
    with pytest.raises(ValidationError):
        services.spread_profile_save(
            actor=people.maria, name="Fout", kind=SpreadKind.CUSTOM, percentages={"": [D("8")] * 12}
        )


def test_an_account_managers_target_spreads_over_accounts_by_percentages(people):
    alpha = make_account(people.alice, "Alpha")
    beta = make_account(people.alice, "Beta")
    source = _year(people.maria, TargetLevel.USER, {"user": people.alice.pk}, "90000")

    parts = services.target_spread_parts(
        actor=people.maria,
        source=source,
        parts=[
            (TargetLevel.ACCOUNT, {"account": alpha.pk}, D("70")),
            (TargetLevel.ACCOUNT, {"account": beta.pk}, D("30")),
        ],
    )

    assert [(t.account_id, t.amount) for t in parts] == [
        (alpha.pk, D("63000.00")),
        (beta.pk, D("27000.00")),
    ]


def test_parts_that_do_not_add_up_to_100_save_nothing(people):
    alpha = make_account(people.alice, "Alpha")
    source = _year(people.maria, TargetLevel.USER, {"user": people.alice.pk}, "90000")

    with pytest.raises(ValidationError):
        services.target_spread_parts(
            actor=people.maria,
            source=source,
            parts=[(TargetLevel.ACCOUNT, {"account": alpha.pk}, D("70"))],
        )

    assert not Target.objects.filter(level=TargetLevel.ACCOUNT).exists()
