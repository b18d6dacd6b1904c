"""After-sales services: the call on delivery, sending a survey, the answer and what a low
score starts, closing with ideas that become opportunities."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from koers.aftersales import services, tokens
from koers.aftersales.models import AfterSales, AfterSalesSettings, Survey
from koers.complaints.models import Complaint
from koers.core.errors import NotAllowed
from koers.notifications.models import Notification
from koers.relations.models import Activity, ActivityKind
from koers.sales.models import OrderStatus, Source
from koers.sales.orders import services as order_services
from tests.aftersales.factories import customer, delivered, sent
from tests.complaints.factories import make_category
from tests.sales.order_factories import make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def alpha(people):
    return customer(people.alice, people.ingrid)


def _calls(account):
    return Activity.objects.filter(account=account, subject__startswith="After-sales call")


def test_a_delivered_order_plans_the_after_sales_call_a_week_later_for_its_owner(people, alpha):
    account, _contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    call = _calls(account).get()
    assert (call.owner, call.kind, call.status) == (
        people.alice,
        ActivityKind.PHONE_CALL,
        "planned",
    )
    assert call.planned_start.date() == date(2026, 6, 22)
    assert AfterSales.objects.get(order=order).call == call


def test_the_call_is_planned_once_whatever_moves_follow(people, alpha):
    account, _contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    services.aftersales_call_plan(order)
    order_services.order_status_change(actor=people.ingrid, order=order, to=OrderStatus.INVOICED)
    assert _calls(account).count() == 1


def test_an_erp_jump_past_delivered_plans_the_call_too(people, alpha):
    account, _contact = alpha
    order = make_order(people.alice, account, OrderStatus.CONFIRMED, processor=people.ingrid)
    order_services.order_status_advance(actor=people.ingrid, order=order, to=OrderStatus.INVOICED)
    assert _calls(account).count() == 1


def test_the_call_follows_the_setting(people, alpha):
    account, _contact = alpha
    services.aftersales_settings_save(actor=people.admin, call_after_days=3, link_days=30)
    delivered(people.alice, account, people.ingrid)
    assert _calls(account).get().planned_start.date() == date(2026, 6, 18)


def test_only_an_administrator_changes_the_settings(people):
    with pytest.raises(NotAllowed):
        services.aftersales_settings_save(actor=people.maria, call_after_days=1, link_days=1)
    assert not AfterSalesSettings.objects.exists()


def test_a_survey_goes_by_mail_in_the_contacts_language_and_keeps_only_the_hash(
    people, alpha, django_capture_on_commit_callbacks
):
    account, contact = alpha
    contact.preferred_language = "en"
    contact.save()
    order = delivered(people.alice, account, people.ingrid)
    with django_capture_on_commit_callbacks(execute=True):
        survey, token = sent(people.alice, order, contact)
    assert survey.token_hash == tokens.hash_of(token)
    assert not Survey.objects.filter(token_hash=token).exists()
    assert survey.expires_at == survey.sent_at + timedelta(days=30)
    (message,) = mail.outbox
    assert message.to == ["Anna de Vries <anna@alpha.nl>"]
    assert message.subject.startswith("How did we do?")
    assert f"/survey/{token}/" in message.body


def test_a_survey_in_dutch_for_a_dutch_contact(people, alpha, django_capture_on_commit_callbacks):
    account, contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    with django_capture_on_commit_callbacks(execute=True):
        sent(people.alice, order, contact)
    assert mail.outbox[0].subject.startswith("Hoe hebben we het gedaan?")


def test_no_survey_before_the_delivery(people, alpha):
    account, contact = alpha
    order = make_order(people.alice, account, OrderStatus.CONFIRMED, processor=people.ingrid)
    with pytest.raises(ValidationError) as caught:
        sent(people.alice, order, contact)
    assert caught.value.message_dict == {"order": ["This can be done once the order is delivered."]}
    assert not Survey.objects.exists() and not mail.outbox


def test_a_colleague_of_another_team_sends_no_survey(people, alpha):
    account, contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    with pytest.raises(NotAllowed):
        sent(people.charlie, order, contact)
    assert not Survey.objects.exists()


def test_the_link_works_once(people, alpha):
    account, contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    _survey, token = sent(people.alice, order, contact)
    services.survey_answer(token=token, score=9, comment="Fine")
    with pytest.raises(services.SurveyGone):
        services.survey_answer(token=token, score=0, comment="Changed my mind")
    assert Survey.objects.get().score == 9


def test_the_link_expires(people, alpha):
    account, contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    _survey, token = sent(people.alice, order, contact)
    with (
        time_machine.travel(datetime(2026, 7, 16, 12, 0), tick=False),
        pytest.raises(services.SurveyGone),
    ):
        services.survey_answer(token=token, score=9)
    assert Survey.objects.get().answered_at is None


def test_a_wrong_token_is_gone(people):
    with pytest.raises(services.SurveyGone):
        services.survey_by_token("not-a-token")


def test_a_low_score_plans_a_follow_up_call_and_tells_the_manager(people, alpha):
    account, contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    _survey, token = sent(people.alice, order, contact)
    survey = services.survey_answer(token=token, score=5, comment="Slow delivery")
    follow_up = survey.follow_up
    assert follow_up is not None and survey.complaint is None
    assert (follow_up.owner, follow_up.kind) == (people.alice, ActivityKind.PHONE_CALL)
    assert follow_up.subject == f"Follow up the survey score 5 of order {order.number}"
    assert list(follow_up.contacts.all()) == [contact]
    told = Notification.objects.filter(kind="survey_low")
    assert {n.recipient for n in told} == {people.maria, people.alice}
    assert not Complaint.objects.exists()


def test_something_went_wrong_makes_a_complaint(people, alpha):
    account, contact = alpha
    make_category("Delivery")
    order = delivered(people.alice, account, people.ingrid)
    _survey, token = sent(people.alice, order, contact)
    survey = services.survey_answer(
        token=token, score=4, comment="Two boxes were damaged", went_wrong=True
    )
    complaint = Complaint.objects.get()
    assert survey.complaint == complaint and survey.follow_up is None
    assert (complaint.owner, complaint.contact, complaint.channel) == (
        people.alice,
        contact,
        "website",
    )
    assert complaint.description.endswith("Two boxes were damaged")
    assert Notification.objects.filter(kind="survey_low", recipient=people.maria).exists()


def test_something_went_wrong_needs_the_comment(people, alpha):
    account, contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    _survey, token = sent(people.alice, order, contact)
    with pytest.raises(ValidationError) as caught:
        services.survey_answer(token=token, score=3, went_wrong=True)
    assert list(caught.value.message_dict) == ["comment"]
    assert Survey.objects.get().answered_at is None
    assert not Notification.objects.exists()


def test_a_good_score_starts_nothing(people, alpha):
    account, contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    _survey, token = sent(people.alice, order, contact)
    survey = services.survey_answer(token=token, score=7, sales_score=4, delivery_score=5)
    assert (survey.follow_up, survey.complaint) == (None, None)
    assert not Notification.objects.filter(kind="survey_low").exists()


@pytest.mark.parametrize("score", [-1, 11, None, "7"])
def test_a_score_outside_0_to_10_is_refused(people, alpha, score):
    account, contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    _survey, token = sent(people.alice, order, contact)
    with pytest.raises(ValidationError) as caught:
        services.survey_answer(token=token, score=score)
    assert caught.value.message_dict == {"score": ["Choose a score from 0 to 10."]}


def test_closing_keeps_the_ideas_and_each_becomes_an_opportunity_once(people, alpha):
    account, _contact = alpha
    order = delivered(people.alice, account, people.ingrid)
    after = services.aftersales_close(
        actor=people.alice,
        order=order,
        summary="Happy customer",
        ideas=[
            ("upsell", "Larger package"),
            ("cross_sell", "Maintenance contract"),
            ("upsell", " "),
        ],
    )
    upsell, cross = after.ideas.all()
    opportunity = services.idea_to_opportunity(actor=people.alice, idea=cross)
    assert (opportunity.title, opportunity.source, opportunity.account) == (
        "Maintenance contract",
        Source.CROSS_SELL,
        account,
    )
    with pytest.raises(ValidationError):
        services.idea_to_opportunity(actor=people.alice, idea=cross)
    assert services.idea_to_opportunity(actor=people.alice, idea=upsell).source == Source.UPSELL
    with pytest.raises(ValidationError) as caught:
        services.aftersales_close(actor=people.alice, order=order)
    assert list(caught.value.message_dict) == ["order"]
