"""The customer's survey page, reached by the link in the mail: no login, no navigation, and
nothing of Koers beyond the question (decision 113).

A wrong, used or expired link is the same bare 404, so the page never tells whether a token
exists. Every request (GET and POST) counts against the client address's budget in the cache,
so guessing links or posting junk in a loop is cut off with a 429. The form carries Django's
CSRF token like every other form."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_http_methods

from koers.aftersales import queries, services
from koers.aftersales.forms import AnswerForm
from koers.core.forms import add_service_errors
from koers.core.middleware import client_ip

# 30 requests per 10 minutes: an honest customer needs two or three (open, maybe a correction,
# send); a script trying tokens gets nowhere.
RATE_LIMIT = 30
RATE_WINDOW = 600


def _limited(request: HttpRequest) -> bool:
    key = f"aftersales:survey-rate:{client_ip(request)}"
    if cache.add(key, 1, RATE_WINDOW):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        return False
    return count > RATE_LIMIT


def _bare(response: HttpResponse) -> HttpResponse:
    # The token is in the address: no referrer to another site, no index. Not "no-referrer":
    # Chromium then sends the form with "Origin: null", which the CSRF check rightly refuses.
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _gone(request: HttpRequest) -> HttpResponse:
    return _bare(render(request, "aftersales/survey_gone.html", status=404))


@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    if _limited(request):
        return _bare(render(request, "aftersales/survey_busy.html", status=429))
    try:
        survey = services.survey_by_token(token)
    except services.SurveyGone:
        return _gone(request)
    with translation.override(survey.language):
        data = request.POST if request.method == "POST" else None
        questions = queries.active_questions()
        form = AnswerForm(data, questions=questions, language=survey.language)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.survey_answer(
                    token=token,
                    score=d["score"],
                    sales_score=d["sales_score"],
                    delivery_score=d["delivery_score"],
                    product_score=d["product_score"],
                    comment=d["comment"],
                    went_wrong=d["went_wrong"],
                    answers=form.answers(),
                )
            except services.SurveyGone:
                return _gone(request)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _bare(
                    render(request, "aftersales/survey_thanks.html", {"lang": survey.language})
                )
        context = {"form": form, "lang": survey.language, "questions": questions}
        status = 422 if form.errors else 200
        return _bare(render(request, "aftersales/survey_answer.html", context, status=status))
