"""The order pages: the list and the orders to watch, one order and what inside sales and the
account manager do on it, the account's panel, the UBL download."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from koers.sales.models import Order, OrderStatus, ProblemKind
from koers.sales.orders import services
from tests.factories import make_account, make_contact
from tests.sales.factories import make_product
from tests.sales.order_factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(people):
    account = make_account(people.alice, "Alpha BV")
    account.team_members.create(user=people.ingrid, role="inside_sales")
    return account


def _detail(order: Order) -> str:
    return reverse("sales:order_detail", args=[order.pk])


def test_the_list_shows_the_orders_of_readable_accounts(people, alpha, client_for):
    mine = make_order(people.alice, alpha, customer_reference="PO-1")
    make_order(people.charlie, make_account(people.charlie, "Charlie BV"))
    response = client_for(people.alice).get(reverse("sales:order_list"))
    assert response.status_code == 200
    assert [o.pk for o in response.context["page_obj"].object_list] == [mine.pk]
    assert "PO-1" in response.content.decode()


def test_orders_to_watch_are_the_late_ones_and_those_with_a_problem(people, alpha, client_for):
    late = make_order(
        people.alice, alpha, ordered_on=date(2026, 5, 20), promised_on=date(2026, 6, 10)
    )
    troubled = make_order(people.alice, alpha, promised_on=date(2026, 7, 1))
    services.order_problem_record(
        actor=people.alice, order=troubled, kind=ProblemKind.DAMAGE, description="Broken"
    )
    make_order(people.alice, alpha, promised_on=date(2026, 7, 1))
    make_order(
        people.alice,
        alpha,
        "delivered",
        promised_on=date(2026, 6, 10),
        processor=people.ingrid,
        ordered_on=date(2026, 6, 1),
    )
    response = client_for(people.alice).get(reverse("sales:order_watch"))
    assert [o.pk for o in response.context["page_obj"].object_list] == [late.pk, troubled.pk]


def test_an_account_manager_watches_their_own_orders_by_default(people, alpha, client_for):
    alpha.team_members.create(user=people.bob, role="account_manager")
    make_order(people.alice, alpha, ordered_on=date(2026, 5, 20), promised_on=date(2026, 6, 1))
    response = client_for(people.bob).get(reverse("sales:order_watch"))
    assert list(response.context["page_obj"].object_list) == []


def test_someone_outside_the_account_gets_a_404(people, alpha, client_for):
    order = make_order(people.alice, alpha)
    assert client_for(people.charlie).get(_detail(order)).status_code == 404


def test_inside_sales_confirms_an_order_on_its_page(people, alpha, client_for):
    order = make_order(people.alice, alpha)
    client = client_for(people.ingrid)
    response = client.post(
        reverse("sales:order_status", args=[order.pk]), {"status-to": "confirmed"}
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.confirmed_on) == (OrderStatus.CONFIRMED, date(2026, 6, 15))


def test_the_account_manager_sees_no_status_form_and_may_not_post_one(people, alpha, client_for):
    order = make_order(people.alice, alpha)
    client = client_for(people.alice)
    assert client.get(_detail(order)).context["status_form"] is None
    response = client.post(
        reverse("sales:order_status", args=[order.pk]), {"status-to": "confirmed"}
    )
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.status == OrderStatus.RECEIVED


def test_a_refused_move_shows_the_reason_next_to_the_field(people, alpha, client_for):
    order = make_order(people.alice, alpha, ordered_on=date(2026, 6, 1))
    response = client_for(people.ingrid).post(
        reverse("sales:order_status", args=[order.pk]),
        {"status-to": "confirmed", "status-on": "2026-05-01"},
    )
    assert response.status_code == 422
    assert response.context["status_form"].errors["on"] == [
        "This date cannot be before the order date."
    ]


def test_a_line_is_added_at_the_customers_price(people, alpha, client_for):
    product = make_product(list_price=Decimal("12.50"))
    order = make_order(people.alice, alpha, lines=[])
    response = client_for(people.alice).post(
        reverse("sales:order_line_add", args=[order.pk]),
        {"line-product": str(product.pk), "line-quantity": "4"},
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.net_total == Decimal("50.00")


def test_a_problem_is_recorded_and_told_to_the_customer(
    people, alpha, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    anna = make_contact(
        alpha, first_name="Anna", email="anna@alpha.example", preferred_language="en"
    )
    order = make_order(people.alice, alpha, customer_reference="PO-9")
    client = client_for(people.alice)
    response = client.post(
        reverse("sales:order_problem_add", args=[order.pk]),
        {
            "problem-kind": "delay",
            "problem-description": "The truck broke down",
            "problem-new_promised_on": "2026-06-25",
        },
    )
    assert response.status_code == 302
    problem = order.problems.get()
    page = client.get(_detail(order))
    form = page.context["problems"][0]["mail_form"]
    assert form.initial["subject"] == "Your order PO-9"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sales:order_problem_mail", args=[order.pk, problem.pk]),
            {
                f"mail-{problem.pk}-contacts": [str(anna.pk)],
                f"mail-{problem.pk}-subject": form.initial["subject"],
                f"mail-{problem.pk}-body": form.initial["body"],
            },
        )
    assert response.status_code == 302
    problem.refresh_from_db()
    assert problem.communicated_at is not None
    assert len(mailoutbox) == 1
    assert "The truck broke down" in mailoutbox[0].body


def test_order_again_opens_the_new_order(people, alpha, client_for):
    order = make_order(people.alice, alpha, "delivered", processor=people.ingrid)
    response = client_for(people.alice).post(reverse("sales:order_again", args=[order.pk]))
    again = Order.objects.exclude(pk=order.pk).get()
    assert response.status_code == 302
    assert response["Location"] == _detail(again)
    assert again.repeats == order


def test_the_ubl_order_is_downloaded_from_the_page(people, alpha, client_for):
    order = make_order(people.alice, alpha)
    response = client_for(people.ingrid).get(reverse("sales:order_ubl", args=[order.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    assert b"urn:fdc:peppol.eu:poacc:bis:order_only:3" in response.content


def test_the_account_panel_shows_recent_orders_and_the_count_since_the_first(
    people, alpha, client_for
):
    make_order(people.alice, alpha, "delivered", processor=people.ingrid)
    make_order(people.alice, alpha)
    response = client_for(people.alice).get(reverse("sales:account_orders", args=[alpha.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "2 orders since the first on" in text
    assert "1 repeat order" in text


@pytest.mark.parametrize("rows", [1, 6])
def test_the_lists_make_a_fixed_number_of_queries(alpha, people, client_for, query_baseline, rows):
    for _i in range(rows):
        order = make_order(
            people.alice, alpha, ordered_on=date(2026, 5, 20), promised_on=date(2026, 6, 1)
        )
    client = client_for(people.maria)
    client.get(reverse("sales:order_list"))
    with query_baseline("list"):
        client.get(reverse("sales:order_list"))
    with query_baseline("watch"):
        client.get(reverse("sales:order_watch"))
    with query_baseline("panel"):
        client.get(reverse("sales:account_orders", args=[alpha.pk]))
    with query_baseline("page"):
        client.get(_detail(order))


@pytest.mark.parametrize("problems", [1, 3])
def test_the_page_makes_a_fixed_number_of_queries_whatever_its_problems(
    alpha, people, client_for, query_baseline, problems
):
    make_contact(alpha, first_name="Anna", email="anna@alpha.example")
    order = make_order(people.alice, alpha)
    for i in range(problems):
        services.order_problem_record(
            actor=people.alice, order=order, kind=ProblemKind.DELAY, description=f"Late {i}"
        )
    client = client_for(people.alice)
    with query_baseline("page"):
        response = client.get(_detail(order))
    assert response.content.decode().count('name="mail-') >= problems


def test_a_long_list_shows_its_page_first_and_its_count_in_a_second_request(
    people, alpha, client_for, settings
):
    settings.PAGE_SIZE = 2
    for _ in range(3):
        make_order(people.alice, alpha)
    client = client_for(people.maria)

    first = client.get(reverse("sales:order_list"))
    count = client.get(reverse("sales:order_count"), headers={"HX-Request": "true"})
    other = client_for(people.charlie).get(
        reverse("sales:order_count"), headers={"HX-Request": "true"}
    )

    assert len(first.context["page_obj"].object_list) == 2
    assert "Counting orders" in first.content.decode()
    assert "3 orders" in count.content.decode()
    assert "0 orders" in other.content.decode()
