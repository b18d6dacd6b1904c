"""The demo's catalogue: groups of two levels, products and services with low and high VAT,
price lists for segments, a period and a chain, and agreed prices that the resolution uses."""

from __future__ import annotations

from decimal import Decimal

from koers.sales.models import AgreedPrice, PriceList, Product, ProductGroup
from koers.sales.pricing import PriceSource, price_for


def test_the_demo_has_a_catalogue_of_groups_products_and_services(demo):
    assert ProductGroup.objects.filter(parent__isnull=True).count() == 8
    assert 40 <= Product.objects.count() <= 80
    assert set(Product.objects.values_list("kind", "vat_category").distinct()) == {
        ("product", "low"),
        ("service", "high"),
    }
    assert "products in 15 groups" in demo


def test_the_demo_has_price_lists_of_every_kind_and_agreed_prices(demo):
    lists = PriceList.objects.all()

    assert {p.scope for p in lists} == {"segment", "period", "account"}
    assert lists.filter(items__min_quantity__gt=1).exists()
    assert AgreedPrice.objects.filter(for_branches=False).exists()


def test_an_agreed_price_of_the_demo_is_the_price_of_its_account(demo):
    agreed = AgreedPrice.objects.select_related("account", "product").first()

    found = price_for(
        product=agreed.product, account=agreed.account, on=agreed.valid_from, quantity=Decimal(1)
    )

    assert (found.source, found.unit_price) == (PriceSource.AGREED, agreed.price)


def test_the_demo_has_opportunities_in_every_stage_over_the_past_year(demo):
    from django.utils import timezone

    from koers.sales.models import Opportunity, Stage, StageChange

    stages = set(Opportunity.objects.values_list("stage", flat=True))
    assert stages == set(Stage.values)
    lost = Opportunity.objects.filter(stage=Stage.LOST)
    assert lost.exists() and not lost.filter(lost_reason="").exists()
    won = Opportunity.objects.filter(stage=Stage.WON)
    assert not won.filter(won_on__isnull=True).exists()
    oldest = StageChange.objects.order_by("at").first()
    assert (timezone.now() - oldest.at).days > 60
    assert Opportunity.objects.filter(deal_contacts__isnull=False).exists()
    assert "53 opportunities" in demo


def test_the_demo_gives_many_open_deals_activities_of_their_own_and_leaves_some_without(demo):
    from django.db.models import Q
    from django.utils import timezone

    from koers.sales.models import OPEN_STAGES, DealActivity, Opportunity

    open_deals = Opportunity.objects.filter(stage__in=OPEN_STAGES)
    links = DealActivity.objects.filter(opportunity__in=open_deals).select_related("activity")
    planned = {x.opportunity_id for x in links if x.activity.status == "planned"}
    done = {x.opportunity_id for x in links if x.activity.status == "done"}
    assert all(x.activity.account_id == x.opportunity.account_id for x in links)
    assert all(
        x.activity.planned_start >= timezone.now() for x in links if x.activity.status == "planned"
    )
    # A realistic share: most deals have a next step of their own, not all.
    assert len(open_deals) / 3 <= len(planned) < len(open_deals)
    assert done and len(done) < len(open_deals)
    # A deal is closed after its activities were linked only when the demo's customer accepted
    # its quote: the deal was won, and what was planned for it stays in the agenda.
    closed = DealActivity.objects.filter(~Q(opportunity__stage__in=OPEN_STAGES))
    assert all(
        x.opportunity.stage == "won"
        and x.opportunity.quotes.filter(versions__status="accepted").exists()
        for x in closed.select_related("opportunity")
    )


def test_the_demo_has_the_mandates_a_personal_one_and_a_delegation(demo):
    from koers.sales.models import (
        ApprovalDelegation,
        GroupDiscountCap,
        LevelMandate,
        PersonalMandate,
    )

    assert LevelMandate.objects.count() == 3
    personal = PersonalMandate.objects.select_related("user", "set_by").get()
    assert (personal.user.username, personal.set_by.username) == ("daan", "marieke")
    delegation = ApprovalDelegation.objects.select_related("manager", "delegate").get()
    assert (delegation.manager.username, delegation.delegate.username) == ("marieke", "jeroen")
    assert GroupDiscountCap.objects.count() == 1
    assert "1 personal mandate and 1 delegation" in demo


def test_the_demo_has_quotes_in_every_status(demo):
    from koers.sales.models import QuoteEvent, QuoteStatus, QuoteVersion

    statuses = set(QuoteVersion.objects.values_list("status", flat=True))
    assert statuses >= {
        "draft",
        "in_review",
        "approved",
        "sent",
        "accepted",
        "declined",
        "expired",
        "superseded",
    }
    assert statuses <= set(QuoteStatus.values)
    assert QuoteVersion.objects.filter(number=2).exists()
    assert QuoteVersion.objects.filter(variant="B").exists()
    assert QuoteEvent.objects.filter(kind="reviewed").exclude(by=None).exists()
    assert not QuoteVersion.objects.filter(net_total=0).exists()
    assert "quotes" in demo


def test_the_demo_has_expired_quotes_from_the_watch_and_online_links(demo):
    from koers.sales.models import Order, QuoteFollowUp, QuoteLink, QuoteVersion

    expired = QuoteVersion.objects.filter(status="expired")
    assert expired.count() >= 2
    # The validity watch expired them, and planned their follow-up calls.
    assert QuoteFollowUp.objects.filter(quote_version__in=expired).count() == expired.count()
    links = QuoteLink.objects.filter(made_by__isnull=False)
    assert links.count() == 3
    assert links.filter(first_opened_at__isnull=False).count() == 2
    (accepted,) = links.filter(accepted_at__isnull=False)
    assert accepted.quote_version.status == "accepted" and accepted.accepted_ip == "192.0.2.10"
    assert Order.objects.filter(quote_version=accepted.quote_version).exists()
    assert accepted.quote_version.events.filter(kind="confirmed").exists()
    assert "with an online link" in demo


def test_the_demo_has_orders_in_every_status_with_repeats_and_a_contract(demo):
    from koers.sales.models import Order, OrderStatus

    assert set(Order.objects.values_list("status", flat=True)) == set(OrderStatus.values)
    assert Order.objects.filter(is_repeat=True).exists()
    assert Order.objects.filter(repeats__isnull=False).exists()
    assert Order.objects.filter(renewal_opportunity__isnull=False).count() == 1
    oldest = Order.objects.order_by("ordered_on").first()
    assert oldest is not None and (demo and oldest.ordered_on.year <= 2025)
    assert " orders" in demo


def test_the_demo_has_quotes_awaiting_mariekes_approval(demo):
    from koers.core.models import User
    from koers.sales.models import QuoteVersion
    from koers.sales.quotes.approval_queries import approvals_pending_for

    marieke = User.objects.get(username="marieke")
    owners = {a.quote_version.quote.owner.username for a in approvals_pending_for(marieke)}
    assert owners >= {"daan", "lotte", "sanne"}
    assert QuoteVersion.objects.filter(status="needs_approval").count() >= 3
    assert "awaiting approval" in demo


def test_the_demo_has_quote_templates_in_dutch_and_english_with_optional_lines(demo):
    from koers.sales.models import QuoteTemplate, QuoteTemplateLine

    assert set(QuoteTemplate.objects.values_list("language", flat=True)) == {"nl", "en"}
    assert QuoteTemplate.objects.count() == 3
    for template in QuoteTemplate.objects.all():
        lines = QuoteTemplateLine.objects.filter(group__template=template)
        assert lines.filter(optional=True).exists(), template.name
        assert lines.filter(optional=False, product__isnull=False).count() >= 2, template.name
