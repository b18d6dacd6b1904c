"""Fixtures of the planning tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from koers.relations import services as relations_services
from tests.api.conftest import api, token_for  # noqa: F401 (the API client fixtures)
from tests.factories import make_account, make_contact
from tests.sales.opportunity_factories import make_competitor


@pytest.fixture(autouse=True)
def _today(request):
    """The analyses' tests count orders in the year up to a fixed day."""
    if not request.module.__name__.rsplit(".", 1)[-1].startswith("test_analysis"):
        yield
        return
    with time_machine.travel(date(2026, 12, 5), tick=False):
        yield


@pytest.fixture
def account(people):
    return make_account(people.alice, "Bakkerij Jansen")


@pytest.fixture
def anna(account, people):
    return make_contact(account, people.alice, first_name="Anna", last_name="de Vries")


@pytest.fixture
def charlies(people):
    return make_account(people.charlie, "Charlie BV")


@pytest.fixture
def rival(db):
    return make_competitor("Rivaal BV")


@pytest.fixture
def report(people, account):
    """Alice's visit of yesterday, with market information in its report."""
    visit = relations_services.activity_plan(
        actor=people.alice,
        account=account,
        kind="visit",
        subject="Quarterly visit",
        planned_start=timezone.now() - timedelta(days=1),
    )
    return relations_services.report_write(
        actor=people.alice,
        activity=visit,
        data={
            "discussed": "Prices",
            "market_info": "Rivaal offers 10% off bread mixes\nThey visit every week now.",
        },
    )
