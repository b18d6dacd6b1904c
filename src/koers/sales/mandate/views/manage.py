"""Setting the mandate: the level mandates and product-group caps (administrators), personal
mandates (a manager of the team), and a manager's delegation of approvals while away."""

from __future__ import annotations

from contextlib import suppress
from typing import Any

from django import forms as django_forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.history import recent_history
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.core.navigation import settings_pages
from koers.sales.mandate import forms, loaders, queries, services
from koers.sales.models import (
    LIMIT_FIELDS,
    ApprovalDelegation,
    GroupDiscountCap,
    LevelMandate,
    PersonalMandate,
    ProductGroup,
)


class CapForm(django_forms.Form):
    group = django_forms.ModelChoiceField(
        label=_("Product group"), queryset=ProductGroup.objects.filter(active=True)
    )
    max_discount = forms.percent_field(_("Highest discount (%)"), required=False)


def _level_forms(request: AuthenticatedHttpRequest) -> list[tuple[LevelMandate, Any]]:
    data = request.POST if request.POST.get("action") == "levels" else None
    return [
        (
            row,
            forms.LimitsForm(
                data, prefix=row.level, initial={n: getattr(row, n) for n in LIMIT_FIELDS}
            ),
        )
        for row in LevelMandate.objects.all()
    ]


def _save_levels(actor: User, pairs: list[tuple[LevelMandate, Any]]) -> bool:
    if not all(form.is_valid() for _row, form in pairs):
        return False
    try:
        for row, form in pairs:
            services.level_mandate_update(actor=actor, mandate=row, limits=form.limits())
    except ValidationError as exc:
        for _row, form in pairs:
            add_service_errors(form, exc)
        return False
    return True


@login_required
def mandate_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The three level mandates on one form, and the caps per product group."""
    if not access.can_manage_settings(request.user):
        raise NotAllowed(_("Only administrators set the level mandates and group caps."))
    pairs = _level_forms(request)
    cap_form = CapForm(request.POST if request.POST.get("action") == "cap" else None)
    action = request.POST.get("action")
    if action == "levels" and _save_levels(request.user, pairs):
        return redirect("sales:mandate_settings")
    if action == "cap" and cap_form.is_valid():
        services.group_cap_set(
            actor=request.user,
            group=cap_form.cleaned_data["group"],
            max_discount=cap_form.cleaned_data["max_discount"],
        )
        return redirect("sales:mandate_settings")
    failed = any(form.errors for _row, form in pairs) or bool(cap_form.errors)
    context = {
        "nav": "administration",
        "tab": "mandates",
        "tabs": settings_pages(),
        "levels": [
            {"row": row, "form": form, "history": recent_history(row, limit=5)[0]}
            for row, form in pairs
        ],
        "cap_form": cap_form,
        "caps": GroupDiscountCap.objects.select_related("product_group").order_by(
            "product_group__position", "product_group__code"
        ),
    }
    return render(request, "sales/mandate_settings.html", context, status=422 if failed else 200)


@login_required
def team_mandates(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A manager's team: each account manager's limits today and their personal mandates."""
    if not access.may_decide(request.user):
        raise NotAllowed(_("Only managers set personal mandates."))
    today = timezone.localdate()
    people = list(queries.people_with_mandate_set_by(request.user))
    personal: dict[int, list[PersonalMandate]] = {}
    for row in queries.personal_mandates_current(people, today):
        personal.setdefault(row.user_id, []).append(row)
    mandates = loaders.effective_mandates(people, today)
    rows = [
        {
            "person": person,
            "mandate": mandates[person.pk],
            "personal": personal.get(person.pk, []),
        }
        for person in people
    ]
    return render(request, "sales/team_mandates.html", {"nav": "pipeline", "rows": rows})


def _person(request: AuthenticatedHttpRequest, pk: int) -> User:
    person = User.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    if not access.can_set_mandate_for(request.user, person):
        raise NotAllowed(_("Only a manager of their team sets an account manager's mandate."))
    return person


@login_required
def personal_mandate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Set a personal mandate for one account manager; their mandates and history below."""
    person = _person(request, pk)
    today = timezone.localdate()
    level = loaders.level_mandate(person.level or loaders.FALLBACK_LEVEL)
    initial: dict[str, Any] = {n: getattr(level, n) for n in LIMIT_FIELDS}
    initial["valid_from"] = today
    form = forms.PersonalMandateForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.personal_mandate_set(
                actor=request.user,
                user=person,
                limits=form.limits(),
                reason=data["reason"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:personal_mandate", pk=person.pk)
    mandates = list(queries.personal_mandates_of(person))
    context = {
        "nav": "pipeline",
        "person": person,
        "form": form,
        "level": level,
        "mandate": loaders.effective_mandate(person, today),
        "mandates": mandates,
        "today": today,
        "history": [(m, recent_history(m, limit=5)[0]) for m in mandates[:5]],
    }
    status = 422 if form.errors else 200
    return render(request, "sales/personal_mandate.html", context, status=status)


@login_required
@require_POST
def personal_mandate_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mandate = PersonalMandate.objects.select_related("user").filter(pk=pk).first()
    if mandate is None:
        raise Http404
    person = _person(request, mandate.user_id)
    with suppress(ValidationError):  # already ended: the page shows it so
        services.personal_mandate_end(actor=request.user, mandate=mandate)
    return redirect("sales:personal_mandate", pk=person.pk)


@login_required
def delegations(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A manager's delegations: to whom, from when until when; and those they received."""
    if not access.can_delegate_approvals(request.user):
        raise NotAllowed(_("Only managers delegate their approvals."))
    form = forms.DelegationForm(
        request.POST if request.method == "POST" else None, manager=request.user
    )
    if form.is_valid():
        try:
            services.delegation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("sales:delegations")
    context = {
        "nav": "pipeline",
        "form": form,
        "delegations": list(queries.delegations_of(request.user)),
        "today": timezone.localdate(),
    }
    return render(request, "sales/delegations.html", context, status=422 if form.errors else 200)


@login_required
@require_POST
def delegation_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    delegation = ApprovalDelegation.objects.filter(pk=pk, manager=request.user).first()
    if delegation is None:
        raise Http404
    services.delegation_end(actor=request.user, delegation=delegation)
    return redirect("sales:delegations")
