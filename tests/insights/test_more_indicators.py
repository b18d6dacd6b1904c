"""The indicators of decision 142 besides pipeline movement, each on a small hand-made data set
with the answer written out, and the list behind each adding up to it: sales cycle and funnel,
visits with a report, commitments on time, mandate use, average discount and upsell."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from koers.accounts.models import Account, Position
from koers.insights import figures, registry
from koers.insights.indicators.dmu import within
from koers.insights.indicators.funnel import cycle_days, funnel
from koers.insights.indicators.mandate import discount_by_level
from koers.insights.indicators.portfolio_movement import years
from koers.insights.periods import Period
from koers.relations.models import Activity, Commitment, ContactState, VisitReport
from koers.sales.models import CustomerOrderSummary, Opportunity, Quote, QuoteVersion, StageChange
from koers.sales.models.quote_approvals import QuoteApproval
from tests.factories import make_account, make_contact
from tests.planning.target_factories import delivered
from tests.sales.factories import make_group

NOV = Period.of("month", date(2026, 11, 1))


def _at(month: int, day: int, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, hour))


def _closed_deal(owner, account, moves, amount="1000.00"):
    """A deal with its stage history: `moves` is [(stage, moment)], the first its creation."""
    final, closed_at = moves[-1]
    deal = Opportunity.objects.create(
        account=account,
        owner=owner,
        title="Deal",
        amount=D(amount),
        stage=final,
        close_on=closed_at.date(),
        closed_at=closed_at,
    )
    before = ""
    for stage, at in moves:
        StageChange.objects.create(
            opportunity=deal, account=account, from_stage=before, to_stage=stage, at=at
        )
        before = stage
    return deal


@pytest.fixture
def data(people):
    """alice (North) unless said otherwise; November 2026."""
    alice, bob = people.alice, people.bob
    alpha, beta = make_account(alice, "Alpha"), make_account(bob, "Beta")
    # Funnel and cycle: F1 prepare 2 d, qualify 4 d, proposal 4 d, won (10 days);
    # F2 qualify 4 d, lost; F3 needs 20 d, won (20 days). Bob's F4 won in 6 days.
    _closed_deal(
        alice,
        alpha,
        [
            ("prepare", _at(11, 1)),
            ("qualify", _at(11, 3)),
            ("proposal", _at(11, 7)),
            ("won", _at(11, 11)),
        ],
    )
    _closed_deal(alice, alpha, [("qualify", _at(11, 2)), ("lost", _at(11, 6))])
    _closed_deal(alice, alpha, [("needs", _at(10, 20)), ("won", _at(11, 9))])
    _closed_deal(bob, beta, [("negotiation", _at(11, 1)), ("won", _at(11, 7))])
    # Visits: a done visit with a report, one without, a done call (no report asked), a
    # planned visit and a cancelled one (not counted).
    for kind, status, reported in (
        ("visit", "done", True),
        ("visit", "done", False),
        ("phone_call", "done", False),
        ("visit", "planned", False),
        ("visit", "cancelled", False),
    ):
        extra = {"cancel_reason": "customer"} if status == "cancelled" else {}
        visit = Activity.objects.create(
            **extra,
            account=alpha,
            kind=kind,
            subject="Visit",
            owner=alice,
            planned_start=_at(11, 4),
            status=status,
        )
        if reported:
            VisitReport.objects.create(activity=visit, discussed="Prices", author=alice)
    # Commitments due in November: done early, done late, still open; a cancelled one, one
    # the customer made and one due in December are not counted.
    for direction, due, status, done in (
        ("ours", date(2026, 11, 10), "done", date(2026, 11, 5)),
        ("ours", date(2026, 11, 10), "done", date(2026, 11, 12)),
        ("ours", date(2026, 11, 15), "open", None),
        ("ours", date(2026, 11, 8), "cancelled", None),
        ("theirs", date(2026, 11, 8), "open", None),
        ("ours", date(2026, 12, 8), "open", None),
    ):
        Commitment.objects.create(
            account=alpha,
            direction=direction,
            description="Send samples",
            owner=alice,
            due_date=due,
            status=status,
            done_date=done,
        )
    # Quotes beyond mandate (asked in November): approved at both steps, returned, waiting;
    # and one asked in October. Sent in November: discounts 100 of 1,000 and 500 of 3,000.
    steps = (
        [("manager", "approved"), ("director", "approved")],
        [("manager", "returned")],
        [("manager", "pending")],
        [("manager", "approved")],
    )
    deal = Opportunity.objects.create(
        account=alpha, owner=alice, title="Q", close_on=date(2027, 1, 1)
    )
    for i, asked in enumerate(steps):
        quote = Quote.objects.create(
            number=f"M{i}", opportunity=deal, account=alpha, owner=alice, title="Q"
        )
        version = QuoteVersion.objects.create(
            quote=quote,
            valid_until=date(2026, 12, 31),
            subtotal=D((1000, 3000, 0, 0)[i]),
            total_discount=D((100, 500, 0, 0)[i]),
            sent_at=_at(11, 5) if i < 2 else None,
        )
        for step, status in asked:
            QuoteApproval.objects.create(quote_version=version, step=step, status=status)
        if i == 3:
            QuoteApproval.objects.filter(quote_version=version).update(created_at=_at(10, 15))
    # DMU coverage at key account Alpha (tier A, norm 30 days): Dora (decider) visited on
    # 4 November, Bert (buyer) last on 1 September; Uma (user) and Eddy (decider, left) do
    # not count.
    Account.objects.filter(pk=alpha.pk).update(tier="A")
    ContactState.objects.update_or_create(
        account=alpha, defaults={"norm_days": 30, "due_on": date(2026, 12, 4)}
    )
    dora = make_contact(alpha, first_name="Dora", buying_role="decider")
    bert = make_contact(alpha, first_name="Bert", buying_role="buyer")
    make_contact(alpha, first_name="Uma", buying_role="user")
    eddy = make_contact(alpha, first_name="Eddy", buying_role="decider")
    Position.objects.filter(contact=eddy).update(end_date=date(2026, 6, 30))
    Activity.objects.filter(account=alpha, kind="visit", status="done").first().contacts.add(dora)
    old = Activity.objects.create(
        account=alpha,
        kind="visit",
        subject="Old",
        owner=alice,
        planned_start=_at(9, 1),
        status="done",
    )
    old.contacts.add(bert)
    # Portfolio movement: Lost Ltd made former customer today (20 November); Delta's last
    # order was 180 days before 10 November (dormant in November); Epsilon, a customer since
    # 1 October 2024, ordered on 1 October 2026 (790 days to 30 November: 2.2 years).
    gone = make_account(alice, "Lost Ltd", status="customer")
    gone.status = "former"
    gone.save()
    delta, epsilon = make_account(alice, "Delta"), make_account(alice, "Epsilon")
    CustomerOrderSummary.objects.create(
        account=delta,
        first_ordered_on=date(2025, 1, 1),
        last_ordered_on=date(2026, 5, 14),
        orders=3,
    )
    CustomerOrderSummary.objects.create(
        account=epsilon,
        first_ordered_on=date(2024, 10, 1),
        last_ordered_on=date(2026, 10, 1),
        orders=5,
    )
    # New product groups: Alpha bought meat in September; in November meat again and poultry
    # twice (one new pair). Beta's first order ever, poultry, is not an existing customer's.
    meat, poultry = make_group("MEAT"), make_group("POUL")
    delivered(alice, alpha, date(2026, 9, 10), [(meat, "100.00", "50.00", "1")])
    delivered(alice, alpha, date(2026, 11, 7), [(meat, "100.00", "50.00", "1")])
    delivered(alice, alpha, date(2026, 11, 7), [(poultry, "80.00", "40.00", "1")])
    delivered(alice, alpha, date(2026, 11, 9), [(poultry, "90.00", "40.00", "1")])
    delivered(bob, beta, date(2026, 11, 8), [(poultry, "60.00", "30.00", "1")])
    # Upsell: an order of 700 from an upsell deal; 300 from a visit deal does not count.
    upsell = Opportunity.objects.create(
        account=alpha,
        owner=alice,
        title="More",
        close_on=date(2026, 11, 1),
        source="upsell",
        stage="won",
    )
    visit = Opportunity.objects.create(
        account=alpha, owner=alice, title="First", close_on=date(2026, 11, 1), stage="won"
    )
    delivered(
        alice, alpha, date(2026, 11, 6), [(None, "700.00", "400.00", "1")], opportunity=upsell
    )
    delivered(alice, alpha, date(2026, 11, 6), [(None, "300.00", "100.00", "1")], opportunity=visit)
    return people


ALICE = {
    "sales_cycle_days": D("15.0"),  # (10 + 20) / 2
    "visits_reported": D("50.0"),  # 1 of 2 done visits
    "commitments_on_time": D("33.3"),  # 1 of 3
    "mandate_asked": D(3),
    "mandate_approved": D(1),
    "mandate_returned": D(1),
    "quote_discount": D("15.0"),  # 600 / 4,000
    "upsell_revenue": D("700.00"),
    "new_product_groups": D(1),  # poultry at Alpha
    # November has 30 days: 4.29 weeks; 2 done visits, 1 done phone call (the visit of
    # 1 September is not in November).
    "visits_per_week": D("0.5"),
    "calls_per_week": D("0.2"),
    "dmu_coverage": D("50.0"),  # Dora of Dora and Bert
    "accounts_lost": D(1),
    "accounts_dormant": D(1),
    "relationship_years": D("2.2"),
}
# Maria reads team North: bob's 6-day cycle joins alice's two.
MARIA = ALICE | {"sales_cycle_days": D("12.0")}  # (10 + 20 + 6) / 3


def _mine(user) -> dict[str, D | None]:
    found = {f.indicator.key: f.value for f in figures.my_figures(user, NOV, compare=False)}
    return {k: found[k] for k in ALICE}


def test_alice_gets_each_indicator(data):
    assert _mine(data.alice) == ALICE


def test_maria_gets_team_north(data):
    assert _mine(data.maria) == MARIA


def test_charlie_counts_nothing_of_north(data):
    found = _mine(data.charlie)
    assert found["mandate_asked"] == 0 and found["upsell_revenue"] == 0
    assert found["visits_reported"] is None and found["sales_cycle_days"] is None
    assert found["dmu_coverage"] is None and found["accounts_lost"] == 0


@pytest.mark.parametrize("key", sorted(ALICE))
@pytest.mark.parametrize("who", ["alice", "maria"])
def test_the_rows_behind_each_add_up_to_it(data, key, who):
    user = getattr(data, who)
    expected = (ALICE if who == "alice" else MARIA)[key]
    indicator = registry.get(key)
    rows = list(indicator.drill(user, NOV, user.pk if who == "alice" else None).rows)
    if key == "sales_cycle_days":
        assert (sum(cycle_days(r) for r in rows) / len(rows)).quantize(D("0.1")) == expected
    elif key == "visits_reported":
        assert D(sum(r.reported for r in rows) * 100 / len(rows)).quantize(D("0.1")) == expected
    elif key == "commitments_on_time":
        assert D(sum(r.done_on_time for r in rows) * 100 / len(rows)).quantize(D("0.1")) == expected
    elif key == "quote_discount":
        found = sum(r.total_discount for r in rows) * 100 / sum(r.subtotal for r in rows)
        assert found.quantize(D("0.1")) == expected
    elif key in ("visits_per_week", "calls_per_week"):
        assert (D(len(rows)) / D("4.29")).quantize(D("0.1")) == expected
    elif key == "dmu_coverage":
        assert D(sum(within(r) for r in rows) * 100 / len(rows)).quantize(D("0.1")) == expected
    elif key == "relationship_years":
        found = sum(years(r.first_order_on, date(2026, 11, 30)) for r in rows) / len(rows)
        assert found.quantize(D("0.1")) == expected
    elif indicator.unit == registry.COUNT:
        assert len(rows) == expected
    else:
        assert sum(r.net_total for r in rows) == expected


def test_the_funnel_of_the_deals_closed_in_the_period(data):
    steps = funnel(data.alice, NOV, [data.alice.pk])
    found = [(s.stage, s.reached, s.conversion, s.days) for s in steps]
    assert found == [
        ("prepare", 3, D("100.0"), D("2.0")),
        ("qualify", 3, D("66.7"), D("4.0")),  # F1 and F2 both 4 days
        ("needs", 2, D("100.0"), D("20.0")),
        ("proposal", 2, D("100.0"), D("4.0")),
        ("negotiation", 2, D("100.0"), None),
        ("won", 2, None, None),
    ]


def test_the_average_discount_per_level(data):
    assert discount_by_level(data.maria, NOV, None) == [("B", D("15.0"), 2)]


def test_the_pipeline_page_shows_the_funnel_chart_with_its_table(data, client_for):
    html = (
        client_for(data.alice)
        .get("/insights/pipeline/?period=month&date=2026-11-01")
        .content.decode()
    )
    assert 'id="chart-funnel"' in html
    assert 'data-stage="qualify"' in html and "66.7 %" in html
    assert 'id="no-snapshot"' in html  # no weekly snapshot yet
