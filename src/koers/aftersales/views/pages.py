"""The pages of after-sales for Koers' users: the order's after-sales (its panel on the order
page and its own page with the forms), the account's surveys panel, the managers' survey list
and the administrator's settings. Thin: a form checks, a service acts, the page shows."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BaseForm, Form
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.aftersales import queries, services
from koers.aftersales.forms import CloseForm, QuestionForm, SendForm, SettingsForm, SurveyFilterForm
from koers.aftersales.models import Idea, SurveyQuestion
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.core.navigation import settings_pages
from koers.sales.models import REVENUE_STATUSES, Order
from koers.sales.orders.views.pages import get_order

LIST_SIZE = 100


def _context(user: User, order: Order, **bound: Form) -> dict[str, Any]:
    may_change = queries.may_change_order(user, order)
    delivered = order.status in REVENUE_STATUSES
    after = queries.after_sales_of(order)
    closed = after is not None and after.closed_at is not None
    act = may_change and delivered
    return {
        "nav": "orders",
        "order": order,
        "after": after,
        "surveys": queries.order_surveys(order),
        "delivered": delivered,
        "may_change": may_change,
        "send_form": (bound.get("send") or SendForm(prefix="send", order=order)) if act else None,
        "close_form": (bound.get("close") or CloseForm(prefix="close"))
        if act and not closed
        else None,
    }


@login_required
@require_GET
def order_panel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The after-sales section of the order page: the call, the answers, the ideas."""
    order = get_order(request.user, pk)
    context = _context(request.user, order)
    return vary_on_htmx(render(request, "aftersales/_order_panel.html", context))


@login_required
@require_GET
def order_after_sales(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = get_order(request.user, pk)
    return render(request, "aftersales/order_after_sales.html", _context(request.user, order))


def _changeable(user: User, pk: int) -> Order:
    order = get_order(user, pk)
    if not queries.may_change_order(user, order):
        raise NotAllowed(_("You may not change this order."))
    return order


def _again(request: AuthenticatedHttpRequest, order: Order, **bound: Form) -> HttpResponse:
    context = _context(request.user, order, **bound)
    return render(request, "aftersales/order_after_sales.html", context, status=422)


@login_required
@require_POST
def survey_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _changeable(request.user, pk)
    form = SendForm(request.POST, prefix="send", order=order)
    if form.is_valid():
        try:
            services.survey_send(
                actor=request.user,
                order=order,
                contact=form.cleaned_data["contact"],
                template=form.cleaned_data["template"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("aftersales:order_after_sales", pk=order.pk)
    return _again(request, order, send=form)


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    order = _changeable(request.user, pk)
    form = CloseForm(request.POST, prefix="close")
    if form.is_valid():
        try:
            services.aftersales_close(
                actor=request.user,
                order=order,
                summary=form.cleaned_data["summary"],
                ideas=form.ideas(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("aftersales:order_after_sales", pk=order.pk)
    return _again(request, order, close=form)


@login_required
@require_POST
def idea_opportunity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One click: the idea becomes an opportunity, and the user lands on it."""
    idea = Idea.objects.select_related("after_sales").filter(pk=pk).first()
    if idea is None:
        raise Http404
    order = _changeable(request.user, idea.after_sales.order_id)
    try:
        opportunity = services.idea_to_opportunity(actor=request.user, idea=idea)
    except ValidationError:
        return redirect("aftersales:order_after_sales", pk=order.pk)
    return redirect("sales:opportunity_detail", pk=opportunity.pk)


@login_required
@require_GET
def account_surveys(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The account's answered surveys (a panel of the account page), with their figures."""
    account = access.accounts_readable(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    rows = queries.surveys_readable(request.user).filter(account=account, answered_at__isnull=False)
    context = {
        "account": account,
        "figures": queries.survey_figures(rows),
        "surveys": list(queries.with_rows(rows).order_by("-answered_at", "-pk")[:10]),
    }
    return vary_on_htmx(render(request, "aftersales/_account_panel.html", context))


@login_required
@require_GET
def survey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The managers' list: answers of the accounts they may read, by team and period, with the
    average, the aspects and the NPS of everything the filters find."""
    if not access.can_read_survey_reports(request.user):
        raise NotAllowed(_("You may not read the survey answers."))
    teams = access.teams_readable(request.user)
    form = SurveyFilterForm(request.GET or None, teams=teams)
    filters = queries.SurveyFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = queries.SurveyFilters(
            team=d["team"],
            answered_from=d["answered_from"],
            answered_until=d["answered_until"],
            low=d["low"],
        )
    rows = queries.surveys_found(request.user, filters)
    context = {
        "nav": "orders",
        "form": form,
        "figures": queries.survey_figures(
            queries.surveys_found(request.user, filters, for_figures=True)
        ),
        "surveys": queries.first_of(rows, LIST_SIZE),
        "size": LIST_SIZE,
    }
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "aftersales/survey_list.html", context, status=status)


def _settings_page(
    request: AuthenticatedHttpRequest, status: int = 200, **bound: BaseForm
) -> HttpResponse:
    questions = list(SurveyQuestion.objects.all())
    context = {
        "nav": "administration",
        "tab": "after_sales",
        "tabs": settings_pages(),
        "settings_form": bound.get("settings")
        or SettingsForm(prefix="settings", instance=queries.current_settings()),
        "question_form": bound.get("question") or QuestionForm(prefix="question"),
        "questions": questions,
    }
    return render(request, "aftersales/settings.html", context, status=status)


def _admin(user: User) -> None:
    if not access.can_manage_settings(user):
        raise NotAllowed(_("Only an administrator changes the after-sales settings."))


@login_required
def aftersales_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    _admin(request.user)
    if request.method != "POST":
        return _settings_page(request)
    form = SettingsForm(request.POST, prefix="settings", instance=queries.current_settings())
    if form.is_valid():
        services.aftersales_settings_save(
            actor=request.user,
            call_after_days=form.cleaned_data["call_after_days"],
            link_days=form.cleaned_data["link_days"],
        )
        return redirect("aftersales:settings")
    return _settings_page(request, 422, settings=form)


@login_required
@require_POST
def question_save(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponse:
    """Adds a question (no pk) or changes one: its texts, position, or retiring it."""
    _admin(request.user)
    question = get_object_or_404(SurveyQuestion, pk=pk) if pk else None
    form = QuestionForm(request.POST, prefix="question", instance=question)
    if form.is_valid():
        try:
            services.survey_question_save(
                actor=request.user, question=question, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("aftersales:settings")
    return _settings_page(request, 422, question=form)
