"""The quote pages: from the opportunity's page make a quote, add a catalogue line and a free
line (HTMX: the totals come back with the lines), a refused line with its message, submit,
the review queue and the review, the list and the settings."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.urls import reverse

from koers.sales.models import QuoteLine, QuoteSettings, QuoteStatus, QuoteVersion
from koers.sales.quotes import services
from koers.sales.quotes.services import LineData
from tests.factories import make_account
from tests.sales.factories import make_product
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.quote_factories import make_quote, serve

S = QuoteStatus
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


@pytest.fixture
def product(db):
    return make_product(list_price=D("10.00"), cost_price=D("6.00"))


def _page(version):
    return reverse("sales:quote_version", args=[version.pk])


def test_make_a_quote_from_the_opportunity_page(account, people, product, client_for):
    deal = make_opportunity(people.alice, account, lines=[(product, D("2"))])
    client = client_for(people.alice)
    page = client.get(reverse("sales:opportunity_detail", args=[deal.pk]))
    assert b'id="make-quote"' in page.content
    response = client.post(reverse("sales:quote_create", args=[deal.pk]))
    version = QuoteVersion.objects.get()
    assert response.url == _page(version)
    page = client.get(_page(version)).content.decode()
    assert "OF-2026-00001" in page and "€20.00" in page and "€24.20" in page


def test_lines_added_by_htmx_come_back_with_the_totals(account, people, product, client_for):
    version = make_quote(people.alice, account, product, quantity="1")
    client = client_for(people.alice)
    url = reverse("sales:quote_line_add", args=[version.pk])
    response = client.post(
        url,
        {
            "line-description": "Fitting",
            "line-quantity": "2",
            "line-unit_price": "45.00",
            "line-discount_percent": "10",
            "line-vat_category": "high",
        },
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    # 10.00 + 90.00 - 9.00 = 91.00; VAT 19.11; 110.11
    assert 'id="quote-net">€91.00' in html and "€110.11" in html
    assert html.lstrip().startswith('<section class="panel" id="quote-lines"')


def test_a_negative_quantity_is_refused_next_to_the_field(account, people, product, client_for):
    version = make_quote(people.alice, account, product)
    url = reverse("sales:quote_line_add", args=[version.pk])
    response = client_for(people.alice).post(
        url, {"line-product": product.pk, "line-quantity": "-3"}, **HTMX
    )
    assert response.status_code == 422
    assert "Give a quantity above 0." in response.content.decode()
    assert QuoteLine.objects.filter(group__quote_version=version).count() == 1


def test_a_line_is_changed_and_removed(account, people, product, client_for):
    version = make_quote(people.alice, account, product)
    line = QuoteLine.objects.get(group__quote_version=version)
    client = client_for(people.alice)
    form = client.get(reverse("sales:quote_line_edit", args=[line.pk]), **HTMX)
    assert b"Save the line" in form.content
    prefix = f"edit-{line.pk}"
    response = client.post(
        reverse("sales:quote_line_edit", args=[line.pk]),
        {
            f"{prefix}-description": "Shelf",
            f"{prefix}-quantity": "4",
            f"{prefix}-unit_price": "9.00",
            f"{prefix}-discount_amount": "1.00",
        },
        **HTMX,
    )
    assert response.status_code == 200
    version.refresh_from_db()
    assert version.net_total == D("35.00")
    client.post(reverse("sales:quote_line_remove", args=[line.pk]), **HTMX)
    version.refresh_from_db()
    assert version.net_total == D("0.00")


def test_submit_review_and_the_queue(account, people, product, client_for):
    version = make_quote(people.alice, account, product)
    alice = client_for(people.alice)
    alice.post(reverse("sales:quote_submit", args=[version.pk]))
    version.refresh_from_db()
    assert version.status == S.IN_REVIEW
    ingrid = client_for(people.ingrid)
    queue = ingrid.get(reverse("sales:quote_review_queue")).content.decode()
    assert version.quote.number in queue
    page = ingrid.get(_page(version)).content.decode()
    assert 'id="review-form"' in page
    response = ingrid.post(
        reverse("sales:quote_review", args=[version.pk]),
        {"review-checklist": ["terms"], "decision": "approve"},
    )
    assert response.status_code == 422
    assert "Tick every item of the checklist" in response.content.decode()
    response = ingrid.post(
        reverse("sales:quote_review", args=[version.pk]),
        {"review-remarks": "Wrong VAT", "decision": "return"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.status, version.review_remarks) == (S.DRAFT, "Wrong VAT")
    assert "Wrong VAT" in client_for(people.alice).get(_page(version)).content.decode()


def test_a_sent_quote_shows_no_edit_forms(account, people, product, client_for):
    version = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    page = client_for(people.alice).get(_page(version)).content.decode()
    assert 'id="line-form"' not in page and 'id="terms-form"' not in page
    assert "Make a new version" in page


def test_the_list_is_scoped(account, people, product, client_for):
    version = make_quote(people.alice, account, product)
    assert version.quote.number in client_for(people.maria).get("/quotes/").content.decode()
    assert version.quote.number not in client_for(people.charlie).get("/quotes/").content.decode()


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_makes_a_fixed_number_of_queries(
    account, people, product, client_for, query_baseline, rows
):
    for _ in range(rows):
        make_quote(people.alice, account, product)
    client = client_for(people.maria)
    client.get(reverse("sales:quote_list"))
    with query_baseline("page"):
        client.get(reverse("sales:quote_list"))


@pytest.mark.parametrize("lines", [1, 4])
def test_the_page_makes_a_fixed_number_of_queries(
    account, people, product, client_for, query_baseline, lines
):
    version = make_quote(people.alice, account, product)
    for _ in range(lines - 1):
        services.quote_line_add(
            actor=people.alice, version=version, data=LineData(product=product, quantity=D("1"))
        )
    client = client_for(people.alice)
    with query_baseline("page"):
        client.get(_page(version))


def test_the_administrator_sets_validity_and_review_amount(people, client_for, admin_client):
    url = reverse("sales:quote_settings")
    response = admin_client.post(url, {"validity_days": "21", "review_from": "500"})
    assert response.status_code == 302
    row = QuoteSettings.objects.get()
    assert (row.validity_days, row.review_from) == (21, D("500.00"))
    assert client_for(people.alice).post(url, {"validity_days": "3"}).status_code == 403
    assert QuoteSettings.objects.get().validity_days == 21


def test_the_steps_a_customer_knows_are_on_the_accounts_timeline(
    account, people, product, client_for
):
    version = make_quote(people.alice, account, product, status=S.SENT, reviewer=people.ingrid)
    response = client_for(people.alice).get(
        reverse("relations:account_timeline", args=[account.pk]), {"shown": "quotes"}
    )
    html = response.content.decode()
    number = version.quote.number
    assert response.status_code == 200
    assert html.count(number) == 3  # made, submitted, sent; the review stays on the quote
    assert "Quote made" in html and "Sent" in html and "Review approved" not in html


def test_groups_show_their_subtotals_and_a_bad_edit_stays_in_its_row(
    account, people, product, client_for
):
    version = make_quote(people.alice, account, product)  # 2 x 10.00 in the first group
    group = services.quote_group_add(actor=people.alice, version=version, title="Options")
    services.quote_line_add(
        actor=people.alice,
        version=version,
        group=group,
        data=LineData(product=product, quantity=D("5")),
    )
    client = client_for(people.alice)
    html = client.get(_page(version)).content.decode()
    assert html.count('class="num group-subtotal">€20.00') == 1
    assert html.count('class="num group-subtotal">€50.00') == 1
    line = QuoteLine.objects.filter(group=group).get()
    prefix = f"edit-{line.pk}"
    response = client.post(
        reverse("sales:quote_line_edit", args=[line.pk]),
        {
            f"{prefix}-description": "X",
            f"{prefix}-quantity": "1",
            f"{prefix}-unit_price": "10",
            f"{prefix}-discount_percent": "5",
            f"{prefix}-discount_amount": "1",
        },
        **HTMX,
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#line-{line.pk}"
    assert "not both" in response.content.decode()


def test_a_long_list_shows_its_page_first_and_its_count_in_a_second_request(
    account, people, product, client_for, settings
):
    settings.PAGE_SIZE = 2
    for _ in range(3):
        make_quote(people.alice, account, product)
    client = client_for(people.maria)

    first = client.get(reverse("sales:quote_list"))
    count = client.get(reverse("sales:quote_count"), headers={"HX-Request": "true"})
    other = client_for(people.charlie).get(
        reverse("sales:quote_count"), headers={"HX-Request": "true"}
    )

    assert len(first.context["page_obj"].object_list) == 2
    assert "Counting quotes" in first.content.decode()
    assert f'hx-get="{reverse("sales:quote_count")}?' in first.content.decode()
    assert "3 quotes" in count.content.decode()
    assert "0 quotes" in other.content.decode()
