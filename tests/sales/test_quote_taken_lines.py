"""Optional lines taken at acceptance are checked against the mandate and the approval of the
quote (issue 13, decision 121): within what was judged and approved they are taken; pushing the
discount or the margin further is refused, naming the lines, and changes nothing."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError

from koers.sales.models import Order, QuoteLine, QuoteStatus, QuoteVersion
from koers.sales.quotes import services
from koers.sales.quotes.services import LineData
from tests.factories import make_account
from tests.sales.opportunity_factories import make_opportunity
from tests.sales.quote_factories import bring_to, serve

S = QuoteStatus


@pytest.fixture
def account(people):
    account = make_account(people.alice, "Bakkerij Bos")
    serve(account, people.ingrid)
    return account


def _add(actor, version, description, price, cost, discount=None, optional=False):
    services.quote_line_add(
        actor=actor,
        version=version,
        data=LineData(
            description=description,
            quantity=D("1"),
            unit_price=D(price),
            cost_price=D(cost),
            vat_category="high",
            discount_percent=None if discount is None else D(discount),
            optional=optional,
        ),
    )


def sent_quote(people, account, machine_discount=None):
    """A machine (margin 50 %) and optional lines: plain, at 15 %, at 30 %, and at a loss.
    Alice (level B) may give 10 % on her own."""
    version = services.quote_create(
        actor=people.alice, opportunity=make_opportunity(people.alice, account)
    )
    _add(people.alice, version, "Machine", "1000.00", "500.00", machine_discount)
    _add(people.alice, version, "Manual", "50.00", "20.00", optional=True)
    _add(people.alice, version, "Spare set", "100.00", "50.00", "15", optional=True)
    _add(people.alice, version, "Deep discount", "100.00", "50.00", "30", optional=True)
    _add(people.alice, version, "Loss leader", "100.00", "1500.00", optional=True)
    return bring_to(version, S.SENT, people.alice, people.ingrid)


def line(version, description):
    return QuoteLine.objects.get(group__quote_version=version, description=description)


def accept(people, version, *names):
    return services.quote_accept(
        actor=people.alice,
        version=version,
        accepted_by_name="Els Bos",
        chosen_lines=[line(version, n).pk for n in names],
    )


def test_a_line_within_the_owners_mandate_is_taken(people, account):
    version = sent_quote(people, account)
    assert not version.approvals.exists()
    accepted = accept(people, version, "Manual")
    assert accepted.status == S.ACCEPTED and line(version, "Manual").chosen
    assert Order.objects.get(quote_version=version).net_total == D("1050.00")


@pytest.mark.parametrize(
    ("taken", "named"),
    [
        (("Manual", "Deep discount"), ["“Deep discount”"]),  # its own line discount, 30 %
        (("Loss leader",), ["“Loss leader”"]),  # the margin of the whole falls below 25 %
    ],
)
def test_a_line_beyond_the_mandate_is_refused_naming_it(people, account, taken, named):
    version = sent_quote(people, account)
    with pytest.raises(ValidationError) as refused:
        accept(people, version, *taken)
    (message,) = refused.value.message_dict["chosen_lines"]
    assert [n for n in named if n in message] == named and "“Manual”" not in message
    assert refused.value.error_dict["chosen_lines"][0].code == "beyond_approval"
    # Nothing changed.
    version = QuoteVersion.objects.get(pk=version.pk)
    assert version.status == S.SENT and not Order.objects.exists()
    assert not QuoteLine.objects.filter(group__quote_version=version, chosen=True).exists()


def test_within_what_the_manager_approved_a_line_is_taken(people, account):
    version = sent_quote(people, account, machine_discount="15")
    assert version.approvals.filter(status="approved").exists()  # 15 %: beyond her 10 %
    accepted = accept(people, version, "Spare set")  # 15 % too: what the manager allowed
    assert accepted.status == S.ACCEPTED


def test_beyond_what_the_manager_approved_a_line_is_refused(people, account):
    version = sent_quote(people, account, machine_discount="15")
    with pytest.raises(ValidationError) as refused:
        accept(people, version, "Deep discount")  # 30 %, and the whole beyond 15 %
    (message,) = refused.value.message_dict["chosen_lines"]
    assert message.startswith("“Deep discount” cannot be taken")
    assert QuoteVersion.objects.get(pk=version.pk).status == S.SENT


def test_the_api_answers_a_422_naming_chosen_lines(people, account, api):
    version = sent_quote(people, account)
    response = api(people.alice).post(
        f"/quote-versions/{version.pk}/accept",
        {"accepted_by_name": "Els Bos", "chosen_lines": [line(version, "Deep discount").pk]},
    )
    assert response.status_code == 422, response.json()
    (error,) = response.json()["errors"]
    assert error["field"] == "chosen_lines" and error["code"] == "beyond_approval"
    assert "Deep discount" in error["message"]
    assert QuoteVersion.objects.get(pk=version.pk).status == S.SENT


def test_the_customer_online_is_told_which_lines_to_untick(people, account, client):
    from django.urls import reverse

    from koers.sales.quotes.services.online import link_issue

    version = sent_quote(people, account)
    token = link_issue(version)
    data = {
        "action": "accept",
        "name": "Els Bos",
        "terms": "on",
        "line": [str(line(version, "Deep discount").pk)],
    }
    response = client.post(reverse("sales:quote_online", args=[token]), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="online-errors"' in html and "“Deep discount”" in html  # named in the message
    assert QuoteVersion.objects.get(pk=version.pk).status == S.SENT
