"""Surveys: sending one by mail with a single-use link, and the customer's answer with what a low
score starts (a follow-up call or a complaint, and the manager told; decision 113)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from koers.accounts.models import Contact
from koers.aftersales import queries, tokens
from koers.aftersales.models import (
    Survey,
)
from koers.aftersales.services.common import (
    SurveyGone,
    acting_owner,
    call_time,
    check_delivered,
    check_may_change,
    field_error,
)
from koers.complaints.models import Channel, ComplaintCategory, Severity
from koers.complaints.services import complaint_register
from koers.core.models import User
from koers.core.writes import service
from koers.correspondence import queries as correspondence_queries
from koers.correspondence.models import MailTemplate
from koers.correspondence.placeholders import language_of
from koers.correspondence.services import mail_send
from koers.notifications.services import notify
from koers.relations.models import Activity, ActivityKind
from koers.relations.recurrence import add_working_days
from koers.relations.services import activity_plan
from koers.sales.models import Order


def survey_link(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("aftersales:survey_answer", args=[token])


def _default_text(order: Order, link: str, until: datetime) -> tuple[str, str]:
    subject = _("How did we do? Two minutes about order %(number)s") % {"number": order.number}
    body = _(
        "{salutation},\n\nThank you for your order %(number)s. Would you tell us in two "
        "minutes how it went? Your answer goes to your account manager.\n\n%(link)s\n\n"
        "The link works once, until %(date)s.\n\n{sender}"
    ) % {"number": order.number, "link": link, "date": date_format(until, "j F Y")}
    return subject, body


@service
def survey_send(
    *, actor: User, order: Order, contact: Contact, template: MailTemplate | None = None
) -> tuple[Survey, str]:
    """A survey about the delivered `order` for `contact` of its account, in the contact's
    language, by mail (`template`'s text with the link under it, or the standard text).
    Returns the survey and its token; only the token's hash is stored."""
    check_may_change(actor, order)
    check_delivered(order, "order")
    if not correspondence_queries.current_contacts(order.account).filter(pk=contact.pk).exists():
        message = _("%(name)s does not work at this account.") % {"name": contact}
        raise field_error("contact", message, "not_at_account")
    if not contact.email:
        message = _("%(name)s has no e-mail address.") % {"name": contact}
        raise field_error("contact", message, "no_address")
    token, now = tokens.new_token(), timezone.now()
    until = now + timedelta(days=queries.current_settings().link_days)
    language = language_of(contact)
    link = survey_link(token)
    survey = Survey.objects.create(
        order=order,
        account_id=order.account_id,
        contact=contact,
        language=language,
        token_hash=tokens.hash_of(token),
        sent_by=actor,
        sent_at=now,
        expires_at=until,
    )
    with translation.override(language):
        if template is not None:
            subject, body = template.text_in(language)
            body = f"{body.rstrip()}\n\n{link}"
        else:
            subject, body = _default_text(order, link, timezone.localtime(until))
    mail_send(actor=actor, account=order.account, contacts=[contact], subject=subject, body=body)
    return survey, token


def survey_by_token(token: str, *, lock: bool = False) -> Survey:
    """The open survey of `token`; SurveyGone for a wrong, used or expired one (all alike)."""
    if not token or len(token) > 100:
        raise SurveyGone
    rows = Survey.objects.select_related("order", "account", "contact")
    if lock:
        rows = rows.select_for_update(of=("self",))
    survey = rows.filter(token_hash=tokens.hash_of(token)).first()
    if survey is None or survey.answered_at is not None or survey.expires_at <= timezone.now():
        raise SurveyGone
    return survey


def _check_scores(score: Any, aspects: dict[str, Any], went_wrong: bool, comment: str) -> None:
    errors: dict[str, ValidationError] = {}
    if not isinstance(score, int) or isinstance(score, bool) or not 0 <= score <= 10:
        errors["score"] = ValidationError(_("Choose a score from 0 to 10."), code="range")
    for name, value in aspects.items():
        if value is not None and (not isinstance(value, int) or not 1 <= value <= 5):
            errors[name] = ValidationError(_("Choose from 1 to 5."), code="range")
    if went_wrong and not comment.strip():
        message = _("Tell us what went wrong, so that we can put it right.")
        errors["comment"] = ValidationError(message, code="required")
    if len(comment) > 2000:
        message = _("Keep it under 2,000 characters, please.")
        errors["comment"] = ValidationError(message, code="max_length")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def survey_answer(
    *,
    token: str,
    score: int,
    sales_score: int | None = None,
    delivery_score: int | None = None,
    product_score: int | None = None,
    comment: str = "",
    went_wrong: bool = False,
    answers: dict[int, str] | None = None,
) -> Survey:
    """The customer's answer through the link (no user): stored once. What went wrong becomes
    a complaint; else a score of 6 or less a follow-up call for the owner; either way the
    owner's manager is notified (decision 113). No `actor`: nobody signed in answers, and the
    follow-up call and complaint are written in the owner's name."""
    survey = survey_by_token(token, lock=True)
    aspects = {
        "sales_score": sales_score,
        "delivery_score": delivery_score,
        "product_score": product_score,
    }
    _check_scores(score, aspects, went_wrong, comment)
    asked = {q.pk: q for q in queries.active_questions()}
    survey.answers = [
        {"question": asked[pk].text_in(survey.language), "answer": text.strip()[:500]}
        for pk, text in sorted((answers or {}).items())
        if pk in asked and text.strip()
    ]
    survey.score = score
    for name, value in aspects.items():
        setattr(survey, name, value)
    survey.comment = comment.strip()
    survey.went_wrong = went_wrong
    survey.answered_at = timezone.now()
    if went_wrong:
        survey.complaint = _complaint(survey)
    if survey.complaint is None and survey.is_low:
        survey.follow_up = _follow_up(survey)
    survey.save()
    if went_wrong or survey.is_low:
        _tell_manager(survey)
    return survey


def _complaint(survey: Survey) -> Any:
    """A complaint in the first category in use; without one the answer gets a follow-up call
    instead (a category is the administrator's to make, not ours)."""
    category = ComplaintCategory.objects.filter(active=True).first()
    if category is None:
        return None
    owner = acting_owner(survey.order)
    contact = survey.contact
    if contact is not None and contact.pk not in {
        c.pk for c in correspondence_queries.current_contacts(survey.account)
    }:
        contact = None
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        intro = _("From the satisfaction survey about order %(number)s (score %(score)s):") % {
            "number": survey.order.number,
            "score": survey.score,
        }
    return complaint_register(
        actor=owner,
        account=survey.account,
        category=category,
        description=f"{intro}\n\n{survey.comment}",
        severity=Severity.HIGH if (survey.score or 0) <= 3 else Severity.NORMAL,
        channel=Channel.WEBSITE,
        owner=owner,
        contact=contact,
    )


def _follow_up(survey: Survey) -> Activity:
    owner = acting_owner(survey.order)
    day = add_working_days(timezone.localdate(), 1)
    with translation.override(owner.language or settings.LANGUAGE_CODE):
        subject = _("Follow up the survey score %(score)s of order %(number)s") % {
            "score": survey.score,
            "number": survey.order.number,
        }
        instructions = survey.comment or _("The customer left no comment.")
    contacts = [survey.contact] if survey.contact is not None else []
    current = {c.pk for c in correspondence_queries.current_contacts(survey.account)}
    return activity_plan(
        actor=owner,
        account=survey.account,
        kind=ActivityKind.PHONE_CALL,
        subject=subject[:200],
        planned_start=call_time(day),
        duration=15,
        owner=owner,
        contacts=[c for c in contacts if c.pk in current],
        instructions=instructions,
    )


def _tell_manager(survey: Survey) -> None:
    owner = survey.order.owner
    managers = list(User.objects.filter(managed_teams__members=owner, is_active=True).distinct())
    number, account, score = survey.order.number, survey.account.name, survey.score

    def text() -> str:
        if survey.complaint is not None:
            return _(
                "%(account)s answered the survey on order %(number)s with %(score)s and says "
                "something went wrong: a complaint was registered."
            ) % {"account": account, "number": number, "score": score}
        return _(
            "%(account)s answered the survey on order %(number)s with %(score)s: a follow-up "
            "call is planned."
        ) % {"account": account, "number": number, "score": score}

    notify(
        actor=None,
        recipients=[*managers, owner],
        kind="survey_low",
        text=text,
        url=reverse("aftersales:order_after_sales", args=[survey.order_id]),
    )
