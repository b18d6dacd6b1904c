"""The customer's survey page: no login, the contact's language, clear messages, CSRF, rate
limit; a wrong, used or expired link is the same bare 404."""

from __future__ import annotations

from datetime import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from koers.aftersales import services
from koers.aftersales.models import Survey, SurveyQuestion
from koers.aftersales.views import public
from koers.relations.models import Activity
from tests.aftersales.factories import customer, delivered, sent

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(people):
    account, contact = customer(people.alice, people.ingrid)
    # Another customer of alice's: its name must never show on Alpha's page.
    customer(people.alice, people.ingrid, name="Secret Other BV")
    order = delivered(people.alice, account, people.ingrid)
    survey, token = sent(people.alice, order, contact)
    return survey, reverse("aftersales:survey_answer", args=[token])


def _gone(response) -> None:
    assert response.status_code == 404
    text = response.content.decode()
    assert "Deze link werkt niet (meer)." in text
    for leak in ("Alpha", "Anna", "Alice", "ORD", "Secret"):
        assert leak not in text


def test_the_page_asks_in_the_contacts_language_without_navigation(client, link):
    survey, url = link
    response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200
    assert "Hoe hebben we het gedaan?" in text
    assert 'name="csrfmiddlewaretoken"' in text
    assert "Secret Other BV" not in text and "nav-menu" not in text
    assert survey.order.number not in text and "Alpha" not in text
    assert response["Referrer-Policy"] == "same-origin"


def test_an_answer_is_stored_once_and_the_link_is_then_gone(client, link):
    survey, url = link
    response = client.post(url, {"score": "9", "delivery_score": "5", "comment": "Top"})
    assert response.status_code == 200
    assert "Dank je wel voor je antwoord" in response.content.decode()
    survey.refresh_from_db()
    assert (survey.score, survey.delivery_score, survey.comment) == (9, 5, "Top")
    _gone(client.post(url, {"score": "0"}))
    _gone(client.get(url))
    survey.refresh_from_db()
    assert survey.score == 9


def test_an_expired_link_is_gone(client, link):
    _survey, url = link
    with time_machine.travel(datetime(2026, 8, 1, 12, 0), tick=False):
        _gone(client.get(url))


def test_a_wrong_link_is_gone(client, link):
    _gone(client.get(reverse("aftersales:survey_answer", args=["x" * 43])))


def test_bad_input_gets_a_message_next_to_the_field_and_stores_nothing(client, link):
    survey, url = link
    response = client.post(url, {"score": "11", "sales_score": "9", "went_wrong": "on"})
    text = response.content.decode()
    assert response.status_code == 422
    assert "Een paar antwoorden moet je nog even bekijken" in text
    assert 'id="id_score_error"' in text
    assert "Vertel ons wat er misging" in text
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_the_extra_questions_are_asked_and_kept_with_their_text(client, link, people):
    survey, url = link
    question = services.survey_question_save(
        actor=people.admin, text_nl="Wat kan beter?", text_en="What could be better?"
    )
    assert "Wat kan beter?" in client.get(url).content.decode()
    client.post(url, {"score": "8", f"q{question.pk}": "Faster invoices"})
    survey.refresh_from_db()
    assert survey.answers == [{"question": "Wat kan beter?", "answer": "Faster invoices"}]


def test_a_post_without_the_csrf_token_is_refused(link):
    survey, url = link
    response = Client(enforce_csrf_checks=True).post(url, {"score": "8"})
    assert response.status_code == 403
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_too_many_requests_from_one_address_are_cut_off(client, link, monkeypatch):
    survey, url = link
    monkeypatch.setattr(public, "RATE_LIMIT", 3)
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert client.get(url).status_code == 429
    assert client.post(url, {"score": "3"}).status_code == 429
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_a_low_answer_shows_as_the_follow_up_on_the_order(client_for, link, people):
    survey, url = link
    Client().post(url, {"score": "5"})
    page = client_for(people.alice).get(
        reverse("aftersales:order_panel", args=[survey.order_id]), HTTP_HX_REQUEST="true"
    )
    follow_up = Activity.objects.get(subject__startswith="Follow up the survey score 5")
    assert follow_up.subject in page.content.decode()
    assert Survey.objects.get().follow_up == follow_up


def test_the_survey_list_shows_the_figures_with_a_fixed_number_of_queries(
    client_for, link, people, django_assert_max_num_queries
):
    _survey, url = link
    Client().post(url, {"score": "10"})
    client = client_for(people.maria)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("aftersales:survey_list"))
    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="figure-nps">100<' in text and 'id="figure-answered">1<' in text
    assert client_for(people.alice).get(reverse("aftersales:survey_list")).status_code == 403


def test_the_settings_page_adds_and_retires_a_question(admin_client):
    admin_client.post(
        reverse("aftersales:question_add"),
        {
            "question-text_nl": "Waarom?",
            "question-text_en": "Why?",
            "question-position": "1",
            "question-active": "on",
        },
    )
    question = SurveyQuestion.objects.get()
    assert question.active
    admin_client.post(
        reverse("aftersales:question_edit", args=[question.pk]),
        {"question-text_nl": "Waarom?", "question-text_en": "Why?", "question-position": "1"},
    )
    question.refresh_from_db()
    assert not question.active


def test_the_answer_shows_on_the_account_page_and_its_timeline(client_for, link, people):
    survey, url = link
    Client().post(url, {"score": "9", "comment": "Keurig geleverd"})
    client = client_for(people.alice)
    panel = client.get(
        reverse("aftersales:account_surveys", args=[survey.account_id]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="figure-average">9.0<' in panel and "Keurig geleverd" in panel
    timeline = client.get(
        reverse("relations:account_timeline", args=[survey.account_id]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Score 9" in timeline and survey.order.number in timeline
