"""The mandate rules on plain figures: every breach at once, the second threshold, group caps,
the deal's room (docs/decisions.md, "The mandate rules")."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from koers.sales.figures import LineFigures, QuoteFigures
from koers.sales.mandate.rules import DealRoom, EffectiveMandate, evaluate

D = Decimal
# Level B as seeded: 10 % per line, 10 % on the total, 25 % margin; director beyond 20/20/15.
LEVEL_B = EffectiveMandate(D("10"), D("10"), D("25"), D("20"), D("20"), D("15"), level="B")


def line(key: str, amount: str, discount: str, cost: str | None, group: int | None = None):
    a, d = D(amount), D(discount)
    return LineFigures(key, group, a, d, None if cost is None else D(cost), a - d)


def quote(*lines: LineFigures, total_discount: str = "0") -> QuoteFigures:
    net = sum((x.net_amount for x in lines), D("0")) - D(total_discount)
    costs = [x.cost_amount for x in lines]
    cost = None if None in costs else sum(costs, D("0"))  # type: ignore[arg-type]
    return QuoteFigures(tuple(lines), D(total_discount), net, cost)


def judge(figures: QuoteFigures, room: DealRoom | None = None, caps=None):
    return evaluate(mandate=LEVEL_B, figures=figures, room=room, group_caps=caps or {})


def test_a_quote_at_the_limits_needs_no_approval():
    # 10 % off 1000 = 900 net, cost 675: margin exactly 25 %.
    verdict = judge(quote(line("1", "1000.00", "100.00", "675.00")))
    assert verdict.breaches == ()
    assert verdict.step_needed == "none"
    assert verdict.total_discount == D("10")
    assert verdict.margin == D("25")


def test_every_broken_rule_is_named_at_once():
    figures = quote(
        line("1", "1000.00", "150.00", "700.00"),  # 15 % on the line
        line("2", "500.00", "0.00", "300.00", group=7),
        total_discount="50.00",
    )
    verdict = judge(figures, caps={7: D("0")})
    rules = [(b.rule, b.line_key) for b in verdict.breaches]
    # Total: (150 + 50) / 1500 = 13.3 %; margin (1300 - 1000) / 1300 = 23.1 %.
    assert rules == [("line_discount", "1"), ("total_discount", None), ("margin", None)]
    assert verdict.step_needed == "manager"
    assert verdict.breaches_of_line("1")[0].actual == D("15")


def test_a_product_group_cap_limits_a_line_within_the_mandate():
    verdict = judge(quote(line("a", "100.00", "6.00", "10.00", group=3)), caps={3: D("5")})
    assert [(b.rule, b.line_key, b.limit, b.step) for b in verdict.breaches] == [
        ("group_cap", "a", D("5"), "manager")
    ]
    assert verdict.step_needed == "manager"


def test_far_beyond_the_second_threshold_the_director_approves():
    verdict = judge(quote(line("1", "100.00", "25.00", "10.00")))
    assert {b.rule: b.step for b in verdict.breaches} == {
        "line_discount": "director",
        "total_discount": "director",
    }
    assert verdict.step_needed == "director"
    low_margin = judge(quote(line("1", "100.00", "0.00", "90.00")))
    assert [(b.rule, b.step) for b in low_margin.breaches] == [("margin", "director")]


def test_an_unknown_cost_asks_the_manager():
    verdict = judge(quote(line("1", "100.00", "0.00", None)))
    assert [b.rule for b in verdict.breaches] == ["margin_unknown"]
    assert verdict.margin is None
    assert verdict.step_needed == "manager"


def test_inside_the_approved_room_no_approval_is_needed():
    room = DealRoom(max_discount=D("15"), min_margin=D("20"), lowest_price=D("800"))
    figures = quote(line("1", "1000.00", "150.00", "660.00"))  # 15 %, margin 22.4 %
    verdict = judge(figures, room)
    assert [b.rule for b in verdict.breaches] == ["line_discount", "total_discount", "margin"]
    assert all(b.covered_by_room for b in verdict.breaches)
    assert verdict.step_needed == "none"
    assert verdict.within_room


def test_the_room_covers_only_the_rules_it_sets():
    room = DealRoom(max_discount=D("15"), min_margin=None, lowest_price=None)
    verdict = judge(quote(line("1", "1000.00", "150.00", "700.00")), room)
    covered = {b.rule: b.covered_by_room for b in verdict.breaches}
    assert covered == {"line_discount": True, "total_discount": True, "margin": False}
    assert verdict.step_needed == "manager"


def test_below_the_rooms_lowest_price_the_room_covers_nothing():
    room = DealRoom(max_discount=D("15"), min_margin=None, lowest_price=D("900"))
    verdict = judge(quote(line("1", "1000.00", "150.00", "500.00")), room)
    assert not any(b.covered_by_room for b in verdict.breaches)
    assert not verdict.within_room
    assert verdict.step_needed == "manager"


def test_a_managers_room_never_covers_what_the_director_must_approve():
    figures = quote(line("1", "1000.00", "300.00", "100.00"))  # 30 %: far beyond B
    by_manager = DealRoom(max_discount=D("30"), min_margin=None, lowest_price=None)
    assert judge(figures, by_manager).step_needed == "director"
    by_director = DealRoom(D("30"), None, None, approved_far=True)
    assert judge(figures, by_director).step_needed == "none"


def test_a_hundred_percent_discount_is_far_beyond():
    verdict = judge(quote(line("1", "100.00", "100.00", "40.00")))
    assert verdict.margin == D("-100")
    assert verdict.step_needed == "director"


def test_an_empty_quote_breaks_nothing():
    verdict = judge(quote())
    assert (verdict.breaches, verdict.step_needed) == ((), "none")


cents = st.integers(min_value=1, max_value=10_000_000).map(lambda c: D(c) / 100)


@st.composite
def lines_within_b(draw) -> LineFigures:
    """A line with a discount of at most 10 % and a cost that leaves at least 25 % margin."""
    amount = draw(cents)
    discount = (amount * D(draw(st.integers(0, 1000))) / 10000).quantize(D("0.01"), "ROUND_DOWN")
    net = amount - discount
    cost = (net * D(draw(st.integers(0, 75))) / 100).quantize(D("0.01"), "ROUND_DOWN")
    return LineFigures("x", None, amount, discount, cost, net)


def _keyed(lines: list[LineFigures]) -> tuple[LineFigures, ...]:
    return tuple(
        LineFigures(str(i), None, x.list_amount, x.discount_amount, x.cost_amount, x.net_amount)
        for i, x in enumerate(lines)
    )


@given(st.lists(lines_within_b(), min_size=1, max_size=8))
def test_a_quote_within_every_limit_never_breaches(lines):
    verdict = judge(quote(*_keyed(lines)))
    assert verdict.breaches == ()
    assert verdict.step_needed == "none"


@given(
    st.lists(lines_within_b(), min_size=1, max_size=5),
    st.integers(min_value=1, max_value=5000).map(lambda c: D(c) / 100),
)
def test_more_discount_never_needs_less_approval(lines, extra):
    keyed = _keyed(lines)
    before = judge(quote(*keyed))
    net = sum((x.net_amount for x in keyed), D("0"))
    more = min(extra, net)
    after = judge(quote(*keyed, total_discount=str(more)))
    order = {"none": 0, "manager": 1, "director": 2}
    assert order[after.step_needed] >= order[before.step_needed]
