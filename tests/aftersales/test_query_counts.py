"""The survey list, the account's surveys panel and the API list make a fixed number of
queries, whether one answer or five (pinned in tests/aftersales/query_counts.json)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from koers.aftersales import services
from tests.aftersales.factories import customer, delivered, sent

pytestmark = pytest.mark.django_db


@pytest.fixture(params=[1, 5])
def answered(request, people):
    account, contact = customer(people.alice, people.ingrid)
    for score in range(request.param):
        order = delivered(people.alice, account, people.ingrid)
        _survey, token = sent(people.alice, order, contact)
        services.survey_answer(token=token, score=4 + score, comment="Fine")
    return account


def test_the_survey_pages_make_a_fixed_number_of_queries(
    answered, people, client_for, query_baseline
):
    client = client_for(people.maria)
    with query_baseline("list"):
        assert client.get(reverse("aftersales:survey_list"), {"low": "on"}).status_code == 200
    with query_baseline("account_panel"):
        url = reverse("aftersales:account_surveys", args=[answered.pk])
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


def test_the_api_list_makes_a_fixed_number_of_queries(answered, people, api, query_baseline):
    with query_baseline("api_list"):
        assert api(people.maria).get("/surveys").status_code == 200
