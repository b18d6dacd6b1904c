"""The indicators of decision 148, each on a small hand-made data set with the answer written
out, and the list behind each adding up to it: share of wallet, NPS, complaint follow-up
answers, the account plans' and sales plans' figures, and the value lost to competitors.

November 2026 (30 days); alice and bob are in team North (maria), charlie in South."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal as D

import pytest
import time_machine
from django.utils import timezone

from koers.accounts.models import Account
from koers.aftersales.models import Survey
from koers.complaints.models import Complaint, ComplaintStep
from koers.insights import figures, registry
from koers.insights.indicators.plans import expected_visits
from koers.insights.indicators.wallet import period_volume
from koers.insights.periods import AccountSlice, Period
from koers.planning.models import AccountAnalysis, PlanGoal, SalesProposal
from koers.planning.plans import services as plan_services
from koers.planning.salesplans import workflow
from koers.relations.models import Activity
from koers.sales.models import Competitor, Opportunity
from tests.complaints.factories import make_category
from tests.factories import make_account
from tests.planning.plan_factories import make_plan, refreshed
from tests.planning.salesplan_factories import make_sales_plan, proposals_of
from tests.planning.target_factories import delivered

NOV = Period.of("month", date(2026, 11, 1))
OCT = Period.of("month", date(2026, 10, 1))
_tokens = itertools.count(1)


def _at(month: int, day: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(2026, month, day, hour))


def _analysis(account, on: date, volume: str | None) -> None:
    AccountAnalysis.objects.create(
        account=account, analysed_on=on, purchase_volume=None if volume is None else D(volume)
    )


def _survey(order, score: int | None, answered: datetime | None) -> None:
    Survey.objects.create(
        order=order,
        account=order.account,
        token_hash=f"{next(_tokens):064d}",
        sent_at=_at(10, 1),
        expires_at=_at(12, 31),
        answered_at=answered,
        score=score,
    )


def _steps(owner, account, moves: list[tuple[str, datetime]]) -> None:
    complaint = Complaint.objects.create(
        account=account,
        owner=owner,
        category=make_category(),
        description="Broken",
        received_at=_at(10, 1),
    )
    for kind, at in moves:
        ComplaintStep.objects.create(complaint=complaint, account=account, kind=kind, at=at)


def _visit_goal(plan, target: str) -> None:
    PlanGoal.objects.create(
        plan=plan, title="Visits", metric="visits", owner=plan.owner, target=D(target)
    )


def _visit(owner, account, when: datetime, kind: str = "visit", status: str = "done") -> None:
    Activity.objects.create(
        account=account, kind=kind, subject="Visit", owner=owner, planned_start=when, status=status
    )


def _lost(owner, account, amount: str, when: datetime, reason: str, to=None, stage="lost"):
    return Opportunity.objects.create(
        account=account,
        owner=owner,
        title=f"Deal {amount}",
        amount=D(amount),
        stage=stage,
        close_on=when.date(),
        closed_at=when,
        lost_reason=reason,
        lost_to=to,
    )


@pytest.fixture
def travel() -> Iterator[object]:
    """`travel(moment)`: what the services do then happens at that moment."""

    def to(moment: datetime):
        return time_machine.travel(moment, tick=False)

    yield to


def _wallet(people) -> dict:
    """Alice: Alpha buys 365,000 a year (30,000 in November; an older analysis and one made
    after November do not count) and had 3,000 of alice's and 600 of bob's orders; Alpha Two
    buys 73,000 (6,000) and ordered nothing; Alpha Three has no volume (its 5,000 do not
    count), Alpha Four a volume of 0 (left out): 3,600 / 36,000 = 10 %. Bob: Beta 36,500
    (3,000) and 1,500: 50 %."""
    alice, bob = people.alice, people.bob
    alpha, alpha2 = make_account(alice, "Alpha"), make_account(alice, "Alpha Two")
    alpha3, beta = make_account(alice, "Alpha Three"), make_account(bob, "Beta")
    _analysis(alpha, date(2025, 3, 1), "100000")
    _analysis(alpha, date(2026, 6, 1), "365000")
    _analysis(alpha, date(2026, 12, 15), "999999")
    _analysis(alpha2, date(2026, 2, 1), "73000")
    _analysis(alpha3, date(2026, 2, 1), None)
    _analysis(make_account(alice, "Alpha Four"), date(2026, 2, 1), "0")
    _analysis(beta, date(2026, 1, 10), "36500")
    nov = date(2026, 11, 5)
    delivered(alice, alpha, nov, [(None, "3000.00", "1000.00", "1")])
    delivered(bob, alpha, nov, [(None, "600.00", "100.00", "1")])
    delivered(alice, alpha, date(2026, 10, 5), [(None, "800.00", "100.00", "1")])
    delivered(alice, alpha3, nov, [(None, "5000.00", "100.00", "1")])
    delivered(bob, beta, nov, [(None, "1500.00", "100.00", "1")])
    return {"alpha": alpha, "alpha2": alpha2, "alpha3": alpha3, "beta": beta}


def _satisfaction(people, accounts) -> None:
    """NPS: alice's answers in November 10, 9, 8 and 3 (two promoters, one detractor of four:
    25); one of October and one unanswered do not count. Bob's one answer, 5: -100.
    Follow-up: Alpha's first complaint reopened after its solution (not satisfied) and then
    verified (satisfied); Alpha Two's rejected complaint reopened (no follow-up answer), solved,
    handed over and verified; Alpha Three's solved complaint, handed over, reopened (not
    satisfied); one verified in October. Alice 2 of 4; bob's Beta 1 of 1."""
    alice, bob = people.alice, people.bob
    alpha, alpha2, alpha3 = accounts["alpha"], accounts["alpha2"], accounts["alpha3"]
    order = delivered(alice, alpha, date(2026, 9, 1), [(None, "1.00", "0.00", "1")])
    for score, answered in ((10, 3), (9, 4), (8, 5), (3, 6)):
        _survey(order, score, _at(11, answered))
    _survey(order, 0, _at(10, 20))
    _survey(order, None, None)
    _survey(delivered(bob, accounts["beta"], date(2026, 9, 1), []), 5, _at(11, 9))
    _steps(
        alice,
        alpha,
        [
            ("received", _at(10, 1)),
            ("started", _at(10, 2)),
            ("solved", _at(10, 20)),
            ("reopened", _at(11, 3)),
            ("solved", _at(11, 7)),
            ("verified", _at(11, 10)),
        ],
    )
    _steps(
        alice,
        alpha2,
        [
            ("received", _at(11, 1)),
            ("rejected", _at(11, 2)),
            ("reopened", _at(11, 5)),
            ("solved", _at(11, 8)),
            ("handed_over", _at(11, 9)),
            ("verified", _at(11, 12)),
        ],
    )
    _steps(
        alice,
        alpha3,
        [("solved", _at(11, 1)), ("handed_over", _at(11, 2)), ("reopened", _at(11, 6))],
    )
    _steps(alice, alpha, [("solved", _at(10, 1)), ("verified", _at(10, 9))])
    _steps(bob, accounts["beta"], [("solved", _at(11, 1)), ("verified", _at(11, 11))])


def _plans(people, accounts, travel) -> None:
    """Alice's Alpha plan: returned in October, submitted again and approved in November (two
    drafts). Alpha Two: approved in November (one draft), revised and submitted again, then
    returned. Alpha Three: submitted, waiting. Bob's Beta: approved (one draft).
    Visit goals: Alpha 73 a year (6 in November), Alpha Two 36.50 (3), Alpha Three's 73 do
    not count (never approved), Beta 73 (6). Done visits in November: Alpha 3 and its branch 1
    (a planned visit, a call, October's visit and the visit at a branch North may not read
    do not count): alice 4 of 9; bob 3 of 6."""
    alice, bob, maria = people.alice, people.bob, people.maria
    alpha, alpha2, alpha3, beta = (accounts[k] for k in ("alpha", "alpha2", "alpha3", "beta"))
    one, two, three = make_plan(alice, alpha), make_plan(alice, alpha2), make_plan(alice, alpha3)
    four = make_plan(bob, beta)
    for plan, target in ((one, "73"), (two, "36.50"), (three, "73"), (four, "73")):
        _visit_goal(plan, target)
    steps = [
        (_at(10, 5), lambda: plan_services.plan_submit(actor=alice, plan=refreshed(one))),
        (
            _at(10, 8),
            lambda: plan_services.plan_return(actor=maria, plan=refreshed(one), comment="More"),
        ),
        (_at(11, 2), lambda: plan_services.plan_submit(actor=alice, plan=refreshed(one))),
        (_at(11, 3), lambda: plan_services.plan_submit(actor=alice, plan=refreshed(two))),
        (_at(11, 4), lambda: plan_services.plan_approve(actor=maria, plan=refreshed(one))),
        (_at(11, 5), lambda: plan_services.plan_approve(actor=maria, plan=refreshed(two))),
        (_at(11, 6), lambda: plan_services.plan_submit(actor=bob, plan=refreshed(four))),
        (_at(11, 7), lambda: plan_services.plan_approve(actor=maria, plan=refreshed(four))),
        (
            _at(11, 10),
            lambda: plan_services.plan_revise(actor=alice, plan=refreshed(two), reason="New DMU"),
        ),
        (_at(11, 12), lambda: plan_services.plan_submit(actor=alice, plan=refreshed(two))),
        (
            _at(11, 13),
            lambda: plan_services.plan_return(actor=maria, plan=refreshed(two), comment="No"),
        ),
        (_at(11, 15), lambda: plan_services.plan_submit(actor=alice, plan=refreshed(three))),
    ]
    for moment, step in steps:
        with travel(moment):
            step()
    branch = make_account(alice, "Alpha Branch", parent=alpha)
    for day in (2, 9, 16):
        _visit(bob if day == 16 else alice, alpha, _at(11, day))
    _visit(alice, branch, _at(11, 18))
    # A branch of Alpha that charlie (South) works: North may not open it or its visit.
    south = make_account(people.charlie, "Alpha South")
    Account.objects.filter(pk=south.pk).update(parent=alpha)
    _visit(people.charlie, south, _at(11, 17))
    _visit(alice, alpha, _at(11, 19), status="planned")
    _visit(alice, alpha, _at(11, 19), kind="phone_call")
    _visit(alice, alpha, _at(10, 19))
    _visit(alice, alpha3, _at(11, 19))
    for day in (3, 4, 5):
        _visit(bob, beta, _at(11, day))


def _proposals(people, accounts, travel) -> None:
    """Alice's sales plan: adopted on 30 October, adjusted and rejected on 2 November,
    adopted on 3 November: 2 in November. Bob's: one adopted in November."""
    alice, bob, maria = people.alice, people.bob, people.maria
    plan = make_sales_plan(
        alice,
        [(accounts["alpha"], "1000", "10")] * 4,
        period_kind="quarter",
        period=4,
    )
    bobs = make_sales_plan(bob, [(accounts["beta"], "800", "0")], period_kind="quarter", period=4)
    with travel(_at(10, 29)):
        workflow.sales_plan_submit(actor=alice, plan=plan)
        workflow.sales_plan_submit(actor=bob, plan=bobs)
    a, b, c, d = proposals_of(plan)
    decisions = [
        (_at(10, 30), a, "adopt", {}),
        (_at(11, 2), b, "adjust", {"adjusted_revenue": D("700")}),
        (_at(11, 2), c, "reject", {"comment": "Not now"}),
        (_at(11, 3), d, "adopt", {}),
        (_at(11, 4), proposals_of(bobs)[0], "adopt", {}),
    ]
    for moment, proposal, decision, extra in decisions:
        with travel(moment):
            workflow.proposal_decide(
                actor=maria,
                proposal=SalesProposal.objects.get(pk=proposal.pk),
                decision=decision,
                **extra,
            )


def _deals(people, accounts) -> None:
    """Lost in November: alice's 1,000 to X (competitor), 500 to Y (price), 300 (timing, no
    competitor); her 700 to X in October and her won 2,000 do not count. Bob's 400 to X.
    Charlie's 800 to X (South)."""
    alice, bob = people.alice, people.bob
    x, y = Competitor.objects.create(name="X Foods"), Competitor.objects.create(name="Y Meat")
    alpha = accounts["alpha"]
    _lost(alice, alpha, "1000.00", _at(11, 3), "competitor", x)
    _lost(alice, alpha, "500.00", _at(11, 4), "price", y)
    _lost(alice, alpha, "300.00", _at(11, 5), "timing")
    _lost(alice, alpha, "700.00", _at(10, 5), "competitor", x)
    _lost(alice, alpha, "2000.00", _at(11, 6), "", stage="won")
    _lost(bob, accounts["beta"], "400.00", _at(11, 7), "competitor", x)
    gamma = make_account(people.charlie, "Gamma")
    _lost(people.charlie, gamma, "800.00", _at(11, 8), "competitor", x)


@pytest.fixture
def data(people, travel):
    accounts = _wallet(people)
    _satisfaction(people, accounts)
    _plans(people, accounts, travel)
    _proposals(people, accounts, travel)
    _deals(people, accounts)
    return people


ALICE = {
    "share_of_wallet": D("10.0"),  # 3,600 / 36,000
    "nps": D("25.0"),  # (2 - 1) / 4
    "complaint_follow_up_satisfied": D("50.0"),  # 2 of 4
    "plans_approved": D("66.7"),  # Alpha v2 and Alpha Two v1 of those and Alpha Two v2
    "plan_drafts": D("1.5"),  # Alpha 2, Alpha Two 1
    "plan_revisions": D(1),
    "plan_visits_made": D("44.4"),  # 4 of 6 + 3
    "proposals_adopted": D(2),
    "lost_to_competitor": D("1500.00"),  # X 1,000 and Y 500
}
BOB = {
    "share_of_wallet": D("50.0"),
    "nps": D("-100.0"),
    "complaint_follow_up_satisfied": D("100.0"),
    "plans_approved": D("100.0"),
    "plan_drafts": D("1.0"),
    "plan_revisions": D(0),
    "plan_visits_made": D("50.0"),
    "proposals_adopted": D(1),
    "lost_to_competitor": D("400.00"),
}
# Maria reads team North: alice's and bob's parts summed, never an average of their figures.
MARIA = {
    "share_of_wallet": D("13.1"),  # 5,100 / 39,000
    "nps": D("0.0"),  # (2 - 2) / 5, not the average of 25 and -100
    "complaint_follow_up_satisfied": D("60.0"),  # 3 of 5
    "plans_approved": D("75.0"),  # 3 of 4
    "plan_drafts": D("1.3"),  # (2 + 1 + 1) / 3
    "plan_revisions": D(1),
    "plan_visits_made": D("46.7"),  # 7 of 15
    "proposals_adopted": D(3),
    "lost_to_competitor": D("1900.00"),
}


def _mine(user, period=NOV) -> dict[str, D | None]:
    found = {f.indicator.key: f.value for f in figures.my_figures(user, period, compare=False)}
    return {k: found[k] for k in ALICE}


def test_alice_gets_each_indicator(data):
    assert _mine(data.alice) == ALICE


def test_bob_gets_his_own(data):
    assert _mine(data.bob) == BOB


def test_maria_gets_team_north_as_one(data):
    assert _mine(data.maria) == MARIA


def test_the_team_matrix_has_each_person_and_the_team_total(data):
    matrix = figures.team_matrix(data.maria, NOV)
    rows = {r.person.username: {f.indicator.key: f.value for f in r.figures} for r in matrix.rows}
    assert {k: rows["alice"][k] for k in ALICE} == ALICE
    assert {k: rows["bob"][k] for k in BOB} == BOB
    assert {f.indicator.key: f.value for f in matrix.totals if f.indicator.key in MARIA} == MARIA


def test_charlie_counts_nothing_of_north(data):
    found = _mine(data.charlie)
    assert found["share_of_wallet"] is None and found["nps"] is None
    assert found["plans_approved"] is None and found["proposals_adopted"] == 0
    assert found["lost_to_competitor"] == D("800.00")  # his own, at Gamma


def test_october_has_its_own_answers(data):
    found = _mine(data.alice, OCT)
    assert found["plans_approved"] == D("0.0")  # Alpha's first version, returned
    assert found["plan_drafts"] is None
    assert found["nps"] == D("-100.0")  # the one answer of 0
    assert found["complaint_follow_up_satisfied"] == D("100.0")
    assert found["proposals_adopted"] == 1
    assert found["lost_to_competitor"] == D("700.00")
    # October has 31 days: Alpha 31,000 of the June analysis, Alpha Two 6,200; Alpha's 800.
    assert found["share_of_wallet"] == D("2.2")  # 800 / 37,200


def test_a_tier_counts_only_its_accounts(data):
    tiered = Period("month", NOV.start, NOV.end, AccountSlice(tier="A"))  # all are C
    found = _mine(data.alice, tiered)
    assert found["share_of_wallet"] is None and found["lost_to_competitor"] == 0


def test_a_branch_visit_counts_only_for_who_may_read_it(data):
    """The administrator reads charlie's branch of Alpha too: 5 of alice's 9 visits."""
    plans = registry.get("plan_visits_made")
    parts = plans.compute(data.admin, NOV, [data.alice.pk])
    assert figures.value_of(parts, plans) == D("55.6")
    assert figures.value_of(plans.compute(data.alice, NOV, [data.alice.pk]), plans) == D("44.4")


def _drill_rows(data, key, who):
    user = getattr(data, who)
    return list(registry.get(key).drill(user, NOV, user.pk if who == "alice" else None).rows)


@pytest.mark.parametrize("key", sorted(ALICE))
@pytest.mark.parametrize("who", ["alice", "maria"])
def test_the_rows_behind_each_add_up_to_it(data, key, who):
    expected = (ALICE if who == "alice" else MARIA)[key]
    rows = _drill_rows(data, key, who)
    if key == "share_of_wallet":
        found = sum(r.revenue for r in rows) * 100 / sum(period_volume(r, NOV) for r in rows)
    elif key == "nps":
        promoters = sum(1 for r in rows if r.score >= 9)
        found = D((promoters - sum(1 for r in rows if r.score <= 6)) * 100) / len(rows)
    elif key == "complaint_follow_up_satisfied":
        found = D(sum(1 for r in rows if r.kind == "verified") * 100) / len(rows)
    elif key == "plans_approved":
        found = D(sum(1 for r in rows if r.outcome == "approved") * 100) / len(rows)
    elif key == "plan_drafts":
        found = D(sum(r.number for r in rows)) / len(rows)
    elif key == "plan_visits_made":
        found = sum(r.visits_done for r in rows) * 100 / sum(expected_visits(r, NOV) for r in rows)
    elif key == "lost_to_competitor":
        found = sum(r.amount for r in rows)
    else:
        found = D(len(rows))
    assert D(found).quantize(expected) == expected


def test_the_lists_name_what_each_row_is(data):
    versions = {
        (r.plan.account.name, r.number, r.outcome)
        for r in _drill_rows(data, "plans_approved", "alice")
    }
    assert versions == {
        ("Alpha", 2, "approved"),
        ("Alpha Two", 1, "approved"),
        ("Alpha Two", 2, "returned"),
    }
    accounts = [
        (r.name, r.volume, r.revenue) for r in _drill_rows(data, "share_of_wallet", "alice")
    ]
    assert accounts == [("Alpha", D("365000.00"), D("3600.00")), ("Alpha Two", D("73000.00"), 0)]
    plans = [
        (r.account.name, r.visit_goal, r.visits_done)
        for r in _drill_rows(data, "plan_visits_made", "maria")
    ]
    assert sorted(plans) == [("Alpha", 73, 4), ("Alpha Two", D("36.5"), 0), ("Beta", 73, 3)]


def test_every_new_list_opens_and_exports(data, client_for):
    client = client_for(data.maria)
    for key in ALICE:
        page = client.get(f"/insights/drill/{key}/?period=month&date=2026-11-01")
        assert page.status_code == 200, key
        export = client.get(f"/insights/drill/{key}/export.xlsx?period=month&date=2026-11-01")
        assert export.status_code == 200, key
