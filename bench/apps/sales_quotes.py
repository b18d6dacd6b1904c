"""Quotes in the benchmark (part of `bench/apps/sales.py`): 1.5 quotes per opportunity, 300,000 at
size L, a quarter of them revised once (375,000 versions), four lines a version on average
(1,500,000 lines) in one group, an event per step, the approval steps of the versions that wait
for one, the online link of every version that was sent (about 280,000 at size L); one quote of
50 lines for the PDF; 40 quote templates of 24 lines. The scenarios of the quote list, a quote's
page, the review and approval queues, the API list, the PDF of 50 lines, the template list and a
template's page, and the customer's online page of a sent quote (anonymous).

A quote's fate follows its deal's: a won deal's quote was accepted, a lost deal's declined or
expired, an open deal's quote is anywhere on its way. Dates are relative to the day the data is
generated.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Count

from bench.measure import Measurement, percentile
from bench.scenario import Scenario, Subjects
from koers.core.models import Role, User
from koers.sales.models import (
    Opportunity,
    Product,
    Quote,
    QuoteApproval,
    QuoteCounter,
    QuoteEvent,
    QuoteLine,
    QuoteLineGroup,
    QuoteLink,
    QuoteVersion,
)

if TYPE_CHECKING:
    from bench.generate import Generator
    from bench.measure import Runner

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
QUOTES_PER_OPPORTUNITY = 1.5
REVISED_SHARE = 0.25
LINES = (1, 2, 3, 4, 5, 6, 7)  # four on average
BIG_QUOTE_LINES = 50
CENT = Decimal("0.01")
VAT = {"low": Decimal("9"), "high": Decimal("21"), "zero": Decimal("0")}
OPEN_STAGES = ("prepare", "qualify", "needs", "proposal", "negotiation")
# Where the current version of an open deal's quote stands (weights).
OPEN_FATE = {
    "draft": 25,
    "in_review": 8,
    "needs_approval": 4,
    "approved": 8,
    "sent": 45,
    "withdrawn": 5,
    "expired": 5,
}
# The events a version passed to reach its status (after "created" or "revised").
STEPS = {
    "draft": [],
    "in_review": ["submitted"],
    "needs_approval": ["submitted", "reviewed", "appr_asked"],
    "approved": ["submitted", "reviewed", "approved"],
    "sent": ["submitted", "reviewed", "approved", "sent"],
    "accepted": ["submitted", "reviewed", "approved", "sent", "accepted"],
    "declined": ["submitted", "reviewed", "approved", "sent", "declined"],
    "expired": ["submitted", "reviewed", "approved", "sent", "expired"],
    "withdrawn": ["submitted", "withdrawn"],
    "superseded": ["submitted", "reviewed", "approved", "sent", "superseded"],
}
PRODUCT_FIELDS = ("pk", "name_nl", "unit", "list_price", "cost_price", "vat_category")
INTRODUCTION = "Naar aanleiding van ons gesprek bieden wij je graag het volgende aan."


def _fate(stage: str, rng: Any) -> str:
    if stage == "won":
        return "accepted"
    if stage == "lost":
        return "declined" if rng.random() < 0.7 else "expired"
    statuses, weights = list(OPEN_FATE), list(itertools.accumulate(OPEN_FATE.values()))
    return str(rng.choices(statuses, cum_weights=weights)[0])


def quotes(g: Generator) -> int:
    """The quotes, their versions and groups; the lines, events and approvals are kept on `g`
    for the next steps."""
    rng, dt = g.rng, g.dt
    now = g.rel_now
    products = list(Product.objects.values_list(*PRODUCT_FIELDS))
    deals = list(
        Opportunity.objects.order_by("pk").values_list(
            "pk", "account_id", "owner_id", "stage", "title", "created_at"
        )
    )
    n = round(QUOTES_PER_OPPORTUNITY * len(deals))
    chosen = sorted(rng.choices(deals, k=n), key=lambda deal: deal[5])
    quote_ids = itertools.count(_next_pk(Quote))
    version_ids = itertools.count(_next_pk(QuoteVersion))
    group_ids = itertools.count(_next_pk(QuoteLineGroup))
    make_quote = g.writer.row_maker(Quote, ["id", "number", "opportunity_id", "account_id"])
    g.quote_versions: list[dict[str, Any]] = []
    numbers: dict[int, int] = {}
    quote_rows = []
    for deal_id, account_id, owner_id, stage, title, created in chosen:
        pk = next(quote_ids)
        created = min(now, created + timedelta(days=rng.randint(0, 30)))
        year = created.year
        numbers[year] = numbers.get(year, 0) + 1
        quote_rows.append(
            make_quote(
                {
                    "id": pk,
                    "number": f"OF-{year}-{numbers[year]:06d}",
                    "opportunity_id": deal_id,
                    "account_id": account_id,
                    "owner_id": owner_id,
                    "title": title,
                    "created_by_id": owner_id,
                    "created_at": dt(created),
                }
            )
        )
        fates = [_fate(stage, rng)]
        if rng.random() < REVISED_SHARE:
            fates.insert(0, "superseded")
        at = created
        previous = None
        for number, status in enumerate(fates, start=1):
            version_pk = next(version_ids)
            lines = [rng.choice(products) for _ in range(rng.choice(LINES))]
            g.quote_versions.append(
                {
                    "id": version_pk,
                    "quote_id": pk,
                    "account_id": account_id,
                    "owner_id": owner_id,
                    "number": number,
                    "status": status,
                    "at": at,
                    "previous": previous,
                    "group_id": next(group_ids),
                    "lines": lines,
                    "discount": rng.choice((None, None, None, Decimal("2"), Decimal("5"))),
                }
            )
            previous = version_pk
            at = min(now, at + timedelta(days=rng.randint(1, 14)))
    for year, last in numbers.items():
        QuoteCounter.objects.update_or_create(year=year, defaults={"last": last})
    count = g.writer.write(Quote, quote_rows)
    del quote_rows
    return count


def _next_pk(model: Any) -> int:
    return int((model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1)


def _line_figures(
    line: tuple[Any, ...], quantity: int, percent: Decimal | None
) -> tuple[Decimal, Decimal]:
    """The line's net amount (quantity x price less its discount, each rounded to cents once,
    as `sales/quotes/totals.py` does) and its VAT percentage."""
    _pk, _name, _unit, price, _cost, vat = line
    amount = (price * quantity).quantize(CENT, ROUND_HALF_UP)
    discount = (amount * percent / 100).quantize(CENT, ROUND_HALF_UP) if percent else Decimal(0)
    return amount - discount, VAT.get(vat, Decimal("21"))


def quote_versions(g: Generator) -> int:
    """The versions with their stored totals, and one group each."""
    dt, day = g.dt, g.day
    make = g.writer.row_maker(QuoteVersion, ["id", "quote_id", "number", "status", "valid_until"])
    make_group = g.writer.row_maker(QuoteLineGroup, ["id", "quote_version_id", "position"])
    groups: list[tuple] = []
    successor: dict[int, int] = {
        v["previous"]: v["id"] for v in g.quote_versions if v["previous"] is not None
    }

    def rows() -> Iterable[tuple]:
        for v in g.quote_versions:
            status, at = v["status"], v["at"]
            quantities = [g.rng.randint(1, 40) for _ in v["lines"]]
            v["quantities"] = quantities
            net = vat = cost = Decimal(0)
            for line, quantity in zip(v["lines"], quantities, strict=True):
                amount, rate = _line_figures(line, quantity, v["discount"])
                net += amount
                vat += (amount * rate / 100).quantize(CENT, ROUND_HALF_UP)
                cost += (line[4] * quantity).quantize(CENT, ROUND_HALF_UP)
            margin = net - cost
            reached = STEPS[status]
            stamps = {step: at + timedelta(hours=4 * (i + 1)) for i, step in enumerate(reached)}
            decided = next(
                (stamps[s] for s in ("accepted", "declined", "expired") if s in stamps), None
            )
            groups.append(
                make_group({"id": v["group_id"], "quote_version_id": v["id"], "position": 0})
            )
            yield make(
                {
                    "id": v["id"],
                    "quote_id": v["quote_id"],
                    "number": v["number"],
                    "status": status,
                    "valid_until": day((at + timedelta(days=30)).date()),
                    "introduction": INTRODUCTION,
                    "delivery_terms": "Franco huis bij bestellingen vanaf EUR 500.",
                    "payment_terms": "Betaling binnen 30 dagen na factuurdatum.",
                    "subtotal": str(net),
                    "net_total": str(net),
                    "vat_total": str(vat),
                    "gross_total": str(net + vat),
                    "cost_total": str(cost),
                    "margin_total": str(margin),
                    "margin_percent": str((100 * margin / net).quantize(Decimal("0.1")))
                    if net
                    else None,
                    "revised_from_id": v["previous"],
                    "superseded_by_id": successor.get(v["id"]),
                    "submitted_at": dt(stamps["submitted"]) if "submitted" in stamps else None,
                    "reviewed_at": dt(stamps["reviewed"]) if "reviewed" in stamps else None,
                    "reviewed_by_id": None,
                    "review_checklist": json.dumps([]),
                    "approved_at": dt(stamps["approved"]) if "approved" in stamps else None,
                    "sent_at": dt(stamps["sent"]) if "sent" in stamps else None,
                    "decided_at": dt(decided) if decided else None,
                    "accepted_by_name": "J. de Inkoper" if status == "accepted" else "",
                    "decline_reason": "Prijs te hoog." if status == "declined" else "",
                    "withdrawn_at": dt(stamps["withdrawn"]) if "withdrawn" in stamps else None,
                    "withdraw_reason": "Niet meer nodig." if status == "withdrawn" else "",
                    "created_by_id": v["owner_id"],
                    "version": 1 + len(reached),
                    "created_at": dt(at),
                    "updated_at": dt(at),
                }
            )

    count = g.writer.write(QuoteVersion, rows())
    count += g.writer.write(QuoteLineGroup, groups)
    return count


def quote_lines(g: Generator) -> int:
    """Four lines a version on average, from the catalogue, at list price, some discounted."""
    make = g.writer.row_maker(
        QuoteLine, ["group_id", "position", "description", "quantity", "list_price", "unit_price"]
    )

    def rows() -> Iterable[tuple]:
        for v in g.quote_versions:
            for position, (line, quantity) in enumerate(
                zip(v["lines"], v["quantities"], strict=True)
            ):
                product, name, unit, price, cost, _vat = line
                amount, rate = _line_figures(line, quantity, v["discount"])
                yield make(
                    {
                        "group_id": v["group_id"],
                        "position": position,
                        "product_id": product,
                        "description": name,
                        "quantity": str(quantity),
                        "unit": unit,
                        "list_price": str(price),
                        "price_source": "list",
                        "unit_price": str(price),
                        "discount_percent": str(v["discount"]) if v["discount"] else None,
                        "cost_price": str(cost),
                        "vat_percentage": str(rate),
                        "net_amount": str(amount),
                    }
                )

    return g.writer.write(QuoteLine, rows())


def quote_link_token(version_id: int) -> str:
    """The token of a generated version's online link: the bench's own, so that the runner can
    open the customer's page (the database keeps only its hash, as for a real link)."""
    return f"bench-quote-{version_id}"


def quote_links(g: Generator) -> int:
    """The online link of every version that was sent (decision 108), expiring after its
    validity day; most were opened, half of the accepted ones accepted online."""
    from koers.sales.quotes.services.online import hash_of

    rng, dt = g.rng, g.dt
    make = g.writer.row_maker(QuoteLink, ["quote_version_id", "token_hash", "expires_at"])

    def rows() -> Iterable[tuple]:
        for v in g.quote_versions:
            reached = STEPS[v["status"]]
            if "sent" not in reached:
                continue
            sent = v["at"] + timedelta(hours=4 * (reached.index("sent") + 1))
            valid_until = (v["at"] + timedelta(days=30)).date()
            midnight = datetime.min.time()
            expires = datetime.combine(valid_until + timedelta(days=1), midnight, AMSTERDAM)
            opened = sent + timedelta(hours=rng.randint(1, 72)) if rng.random() < 0.7 else None
            online = v["status"] == "accepted" and rng.random() < 0.5
            accepted = sent + timedelta(hours=4) if online else None
            if accepted is not None:
                opened = min(opened or accepted, accepted)
            yield make(
                {
                    "quote_version_id": v["id"],
                    "token_hash": hash_of(quote_link_token(v["id"])),
                    "expires_at": dt(expires.astimezone(UTC)),
                    "first_opened_at": dt(opened) if opened else None,
                    "last_opened_at": dt(accepted or opened) if opened else None,
                    "accepted_at": dt(accepted) if accepted else None,
                    "accepted_name": "J. de Inkoper" if accepted else "",
                    "accepted_ip": "192.0.2.10" if accepted else None,
                    "created_at": dt(sent),
                }
            )

    return g.writer.write(QuoteLink, rows())


def quote_events(g: Generator) -> int:
    """An event per step each version passed, and the pending approval of those that wait."""
    dt = g.dt
    make = g.writer.row_maker(QuoteEvent, ["quote_id", "quote_version_id", "account_id", "kind"])
    waiting: list[dict[str, Any]] = []

    def rows() -> Iterable[tuple]:
        for v in g.quote_versions:
            first = "created" if v["previous"] is None else "revised"
            steps = [first, *STEPS[v["status"]]]
            for i, kind in enumerate(steps):
                yield make(
                    {
                        "quote_id": v["quote_id"],
                        "quote_version_id": v["id"],
                        "account_id": v["account_id"],
                        "kind": kind,
                        "by_id": v["owner_id"],
                        "at": dt(v["at"] + timedelta(hours=4 * i)),
                        "note": "",
                    }
                )
            if v["status"] == "needs_approval":
                waiting.append(v)

    count = g.writer.write(QuoteEvent, rows())
    make_approval = g.writer.row_maker(QuoteApproval, ["quote_version_id", "step", "status"])
    breach = [{"rule": "line_discount", "actual": "12.0", "limit": "10", "step": "manager"}]
    count += g.writer.write(
        QuoteApproval,
        (
            make_approval(
                {
                    "quote_version_id": v["id"],
                    "step": "manager",
                    "status": "pending",
                    "discount_percent": "12.00",
                    "margin_percent": "21.5",
                    "breaches": json.dumps(breach),
                    "created_at": dt(v["at"] + timedelta(hours=12)),
                }
            )
            for v in waiting
        ),
    )
    del g.quote_versions
    return count


def big_quote(g: Generator) -> int:
    """One draft of 50 lines in three groups on the manager's team's biggest open deal: the
    PDF's subject (made with the ORM: a few dozen rows)."""
    deal = (
        Opportunity.objects.filter(stage__in=OPEN_STAGES, owner__teams__manager__isnull=False)
        .order_by("-amount", "pk")
        .first()
    )
    if deal is None:
        return 0
    from bench.generate import reset_sequences

    # The steps before chose the ids of these tables themselves; the ORM's inserts come after.
    reset_sequences([Quote, QuoteVersion, QuoteLineGroup, QuoteLine, QuoteCounter])
    year = g.rel_today.year
    counter, _ = QuoteCounter.objects.get_or_create(year=year)
    counter.last += 1
    counter.save()
    quote = Quote.objects.create(
        number=f"OF-{year}-{counter.last:06d}",
        opportunity=deal,
        account_id=deal.account_id,
        owner_id=deal.owner_id,
        title="Jaarcontract 50 regels",
    )
    version = QuoteVersion.objects.create(
        quote=quote,
        valid_until=g.rel_today + timedelta(days=30),
        introduction=INTRODUCTION,
        payment_terms="Betaling binnen 30 dagen na factuurdatum.",
    )
    products = list(Product.objects.order_by("pk").values_list(*PRODUCT_FIELDS)[:BIG_QUOTE_LINES])
    count = 2
    net = vat = Decimal(0)
    for index, title in enumerate(("Vers", "Diepvries", "Diensten")):
        group = QuoteLineGroup.objects.create(quote_version=version, position=index, title=title)
        count += 1
        chunk = products[index::3]
        lines = []
        for position, line in enumerate(chunk):
            quantity = 5 + position
            amount, rate = _line_figures(line, quantity, Decimal("3"))
            net += amount
            vat += (amount * rate / 100).quantize(CENT, ROUND_HALF_UP)
            lines.append(
                QuoteLine(
                    group=group,
                    position=position,
                    product_id=line[0],
                    description=line[1],
                    quantity=quantity,
                    unit=line[2],
                    list_price=line[3],
                    price_source="list",
                    unit_price=line[3],
                    discount_percent=Decimal("3"),
                    cost_price=line[4],
                    vat_percentage=rate,
                    net_amount=amount,
                )
            )
        QuoteLine.objects.bulk_create(lines)
        count += len(lines)
    QuoteVersion.objects.filter(pk=version.pk).update(
        subtotal=net, net_total=net, vat_total=vat, gross_total=net + vat
    )
    return count


TEMPLATES_AT_L = 40
TEMPLATE_GROUPS = ("Vers", "Diepvries", "Diensten")
TEMPLATE_LINES = 8  # per group


def quote_templates(g: Generator) -> int:
    """The quote templates (40 at size L, at least 5): three groups of eight catalogue lines,
    a free line among them, a tenth archived (made with the ORM: a few thousand rows)."""
    from koers.sales.models import QuoteTemplate, QuoteTemplateGroup, QuoteTemplateLine

    rng = g.rng
    n = max(5, round(TEMPLATES_AT_L * g.size.accounts / 100_000))
    products = list(Product.objects.order_by("pk").values_list("pk", "unit")[:200])
    if not products:
        return 0
    manager = g.manager_ids[0] if g.manager_ids else None
    templates = QuoteTemplate.objects.bulk_create(
        QuoteTemplate(
            name=f"{rng.choice(('Jaarcontract', 'Proefbestelling', 'Seizoen', 'Foodservice'))}"
            f" {i + 1:02d}",
            language="nl" if i % 4 else "en",
            validity_days=rng.choice((None, 14, 30, 60)),
            introduction=INTRODUCTION,
            delivery_terms="Franco huis bij bestellingen vanaf EUR 500.",
            payment_terms="Betaling binnen 30 dagen na factuurdatum.",
            archived_at=g.rel_now if i % 10 == 9 else None,
            created_by_id=manager,
        )
        for i in range(n)
    )
    groups = QuoteTemplateGroup.objects.bulk_create(
        QuoteTemplateGroup(template=t, position=p, title=title)
        for t in templates
        for p, title in enumerate(TEMPLATE_GROUPS)
    )
    lines = []
    for group in groups:
        for position in range(TEMPLATE_LINES):
            if position == TEMPLATE_LINES - 1 and group.position == 2:
                lines.append(
                    QuoteTemplateLine(
                        group=group,
                        position=position,
                        description="Bezorging op afspraak",
                        quantity=1,
                        unit_price=Decimal("45.00"),
                        cost_price=Decimal("30.00"),
                        vat_category="high",
                    )
                )
                continue
            product, unit = rng.choice(products)
            lines.append(
                QuoteTemplateLine(
                    group=group,
                    position=position,
                    product_id=product,
                    quantity=rng.choice((1, 5, 10, 25)),
                    unit=unit,
                    discount_percent=rng.choice((None, None, Decimal("2"), Decimal("5"))),
                    optional=rng.random() < 0.15,
                )
            )
    QuoteTemplateLine.objects.bulk_create(lines, batch_size=1_000)
    return len(templates) + len(groups) + len(lines)


GENERATE = [
    ("quotes", quotes),
    ("quote versions", quote_versions),
    ("quote lines", quote_lines),
    ("quote links", quote_links),
    ("quote events", quote_events),
    ("quote of 50 lines", big_quote),
    ("quote templates", quote_templates),
]
LOADED = [Quote, QuoteVersion, QuoteLineGroup, QuoteLine, QuoteEvent, QuoteApproval, QuoteLink]
CHOSEN_IDS = [Quote, QuoteVersion, QuoteLineGroup]


def subjects(s: Subjects) -> None:
    """Inside sales of the manager's team (the review queue), the manager's biggest quote (its
    page), the quote of 50 lines (the PDF), the template with the most lines and the online
    page of a sent quote."""
    manager = s.personas["manager"]
    inside = (
        User.objects.filter(role=Role.INSIDE_SALES, teams__manager=manager, is_active=True)
        .order_by("pk")
        .first()
    )
    if inside is not None:
        s.personas["inside_sales"] = inside
    big = (
        QuoteVersion.objects.filter(quote__owner__teams__manager=manager)
        .annotate(n=Count("groups__lines"))
        .filter(n__lt=BIG_QUOTE_LINES)
        .order_by("-net_total", "pk")
        .values_list("pk", "net_total")
        .first()
    )
    s.big_quote_version_id, s.big_quote_amount = big if big else (0, 0)
    fifty = (
        QuoteVersion.objects.filter(quote__title="Jaarcontract 50 regels")
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    s.fifty_line_version_id = fifty or 0
    # The quote of 50 lines lies on the biggest open deal of any team, so it is read by its
    # owner's manager: the bench's manager may lead another team (and then gets a 404).
    owner = User.objects.filter(quotes__versions__pk=s.fifty_line_version_id).first()
    reader = owner and User.objects.filter(pk=owner.teams.values("manager")[:1]).first()
    s.personas["quote_manager"] = reader or manager
    from koers.sales.models import QuoteTemplate

    # Templates serve every team: the sales director keeps them (administrators too, but
    # they sign in with a second factor).
    director = User.objects.filter(role=Role.SALES_DIRECTOR, is_active=True).order_by("pk").first()
    s.personas["sales_director"] = director or manager
    template = (
        QuoteTemplate.objects.filter(archived_at__isnull=True)
        .annotate(n=Count("groups__lines"))
        .order_by("-n", "pk")
        .values_list("pk", "n")
        .first()
    )
    s.template_id, s.template_lines = template if template else (0, 0)
    # The customer's page of the team's biggest quote still open to accept (else any sent one).
    links = QuoteLink.objects.filter(quote_version__status="sent").order_by(
        "-quote_version__valid_until", "-quote_version__net_total", "pk"
    )
    online = (
        links.filter(quote_version__quote__owner__teams__manager=manager).first() or links.first()
    )
    s.online_quote_token = quote_link_token(online.quote_version_id) if online else "none"
    s.team_waiting = QuoteApproval.objects.filter(
        status="pending", quote_version__quote__owner__teams__manager=manager
    ).count()


def measure_pdf(runner: Runner, s: Subjects, options: Any) -> None:
    """Making the PDF of the quote of 50 lines (Typst), five times: the draft's download, as
    the quote page offers it."""
    from koers.sales.quotes.pdf import quote_pdf

    version = QuoteVersion.objects.select_related("quote__account").get(pk=s.fifty_line_version_id)
    samples, cpu = [], []
    size = 0
    with runner.recording() as recorder:
        for _ in range(5):
            started, cpu_started = time.perf_counter(), time.process_time()
            size = len(quote_pdf(version, "nl"))
            samples.append(1000 * (time.perf_counter() - started))
            cpu.append(1000 * (time.process_time() - cpu_started))
    runner.report(
        Measurement(
            scenario="quote PDF of 50 lines",
            path="sales.quotes.pdf.quote_pdf",
            n=len(samples),
            p50_ms=percentile(samples, 50),
            p95_ms=percentile(samples, 95),
            p99_ms=percentile(samples, 99),
            max_ms=max(samples),
            queries=recorder.count / len(samples),
            cpu_p50_ms=percentile(cpu, 50),
            note=f"{size // 1024} KiB; target < 1 s",
            slowest=runner.slowest(recorder, runs=len(samples)),
        )
    )


SCENARIOS = [
    Scenario("quote list, manager", url="/quotes/", persona="manager"),
    Scenario("quote list, account manager", url="/quotes/", persona="account_manager"),
    Scenario(
        "quote page, big quote",
        url="/quote-versions/{big_quote_version_id}/",
        persona="manager",
        note="net {big_quote_amount}",
    ),
    Scenario(
        "quote page, 50 lines",
        url="/quote-versions/{fifty_line_version_id}/",
        persona="quote_manager",
    ),
    Scenario("review queue, inside sales", url="/quotes/review/", persona="inside_sales"),
    Scenario(
        "approvals queue, manager",
        url="/quotes/approvals/",
        persona="manager",
        note="{team_waiting} waiting in the team",
    ),
    Scenario("API quote list, manager", url="/api/v1/quotes", persona="manager", api=True),
    Scenario(
        "quote template list, sales director",
        url="/settings/quote-templates/",
        persona="sales_director",
    ),
    Scenario(
        "quote template page",
        url="/settings/quote-templates/{template_id}/",
        persona="sales_director",
        note="{template_lines} lines",
    ),
    Scenario(
        "online quote page, customer",
        url="/q/{online_quote_token}/",
        persona="",
        note="anonymous; records each opening (two UPDATEs)",
    ),
    Scenario(
        "quote PDF of 50 lines",
        call=measure_pdf,
        http=False,
        note="Typst, PDF/A-2b; target < 1 s",
    ),
]
