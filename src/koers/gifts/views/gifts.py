"""A gift's pages: the panels on the account and contact pages, recording, the gift itself
with the manager's decision, changing it, and marking it given."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.gifts import queries, services
from koers.gifts.forms import DecisionForm, GiftForm
from koers.gifts.lifecycle import GIFT_LIFECYCLE
from koers.gifts.models import Gift, GiftStatus, current_limit

PANEL_LIMIT = 10


def _account(request: AuthenticatedHttpRequest, pk: int) -> Account:
    found = access.accounts_readable(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _gift(request: AuthenticatedHttpRequest, pk: int) -> Gift:
    try:
        return queries.gift_for_detail(request.user, pk)
    except Gift.DoesNotExist as exc:
        raise Http404 from exc


def _panel(request: AuthenticatedHttpRequest, context: dict[str, Any]) -> HttpResponse:
    rows = context.pop("rows")
    gifts = list(rows.select_related(*queries.RELATED).order_by("-date", "-pk")[:PANEL_LIMIT])
    context = {"gifts": gifts, "limit": current_limit(), **context}
    return vary_on_htmx(render(request, "gifts/_panel.html", context))


@login_required
def account_gifts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    rows = queries.gifts_readable(request.user).filter(account=account)
    return _panel(
        request,
        {
            "account": account,
            "rows": rows,
            "writable": access.can_change_account(request.user, account),
            "list_query": f"account={account.pk}",
        },
    )


@login_required
def contact_gifts(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = access.contacts_readable(request.user).filter(pk=pk).first()
    if contact is None:
        raise Http404
    rows = queries.gifts_readable(request.user).filter(contact=contact)
    # Recording starts from an account the contact works at and the user may change.
    accounts = list(
        access.accounts_writable(request.user)
        .filter(positions__contact=contact, positions__end_date__isnull=True)
        .distinct()
        .order_by("name")[:5]
    )
    return _panel(
        request,
        {
            "contact": contact,
            "rows": rows,
            "accounts": accounts,
            "list_query": f"contact={contact.pk}",
        },
    )


@login_required
def gift_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    if not access.can_change_account(request.user, account):
        raise NotAllowed
    initial: dict[str, Any] = {}
    contact_pk = id_param(request.GET.get("contact"))
    if contact_pk is not None:
        initial["contact"] = contact_pk
    form = GiftForm(request.POST or None, account=account, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data.items())
        try:
            gift = services.gift_record(actor=request.user, account=account, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _recorded_message(gift))
            return redirect("gifts:gift_detail", pk=gift.pk)
    context = {"account": account, "form": form, "limit": current_limit(), "nav": "accounts"}
    return render(request, "gifts/gift_form.html", context)


def _recorded_message(gift: Gift) -> str:
    if gift.status == GiftStatus.REQUESTED:
        return _("The gift is recorded and waits for your manager's approval.")
    if gift.flagged:
        return _("The gift is recorded; it is above the limit, so your manager is told.")
    return _("The gift is recorded.")


@login_required
def gift_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    gift = _gift(request, pk)
    return _detail(request, gift, None)


def _detail(
    request: AuthenticatedHttpRequest, gift: Gift, decision_form: DecisionForm | None
) -> HttpResponse:
    user = request.user
    may_decide = gift.status == GiftStatus.REQUESTED and access.can_decide_for(user, gift.person)
    writable = access.can_change_account(user, gift.account)
    context = {
        "gift": gift,
        "nav": "gifts",
        "writable": writable and gift.status != GiftStatus.REFUSED,
        "may_give": writable and GIFT_LIFECYCLE.refusal(gift, GiftStatus.GIVEN) is None,
        "may_decide": may_decide,
        "may_note": gift.flagged
        and gift.noted_at is None
        and access.can_decide_for(user, gift.person),
        "decision_form": decision_form or (DecisionForm() if may_decide else None),
    }
    return render(request, "gifts/gift_detail.html", context)


@login_required
def gift_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    gift = _gift(request, pk)
    if not access.can_change_account(request.user, gift.account):
        raise NotAllowed
    form = GiftForm(request.POST or None, instance=gift, account=gift.account)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = id_param(request.POST.get("version")) or 0
        data = {name: form.cleaned_data[name] for name in services.EDITABLE}
        try:
            services.gift_update(actor=request.user, gift=gift, expected_version=version, data=data)
        except StaleVersionError as exc:
            conflict = exc
            gift = _gift(request, pk)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The gift has been changed."))
            return redirect("gifts:gift_detail", pk=gift.pk)
    context = {
        "account": gift.account,
        "gift": gift,
        "form": form,
        "limit": current_limit(),
        "conflict": conflict,
        "nav": "gifts",
    }
    return render(request, "gifts/gift_form.html", context)


@login_required
@require_POST
def gift_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=True)


@login_required
@require_POST
def gift_refuse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decide(request, pk, approve=False)


def _decide(request: AuthenticatedHttpRequest, pk: int, *, approve: bool) -> HttpResponse:
    gift = _gift(request, pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if approve:
                services.gift_approve(actor=request.user, gift=gift, comment=comment)
            else:
                services.gift_refuse(actor=request.user, gift=gift, comment=comment)
        except ValidationError as exc:
            # Refused without a reason, or decided meanwhile: said at the comment.
            form.add_error("comment", exc.messages)
            return _detail(request, _gift(request, pk), form)
        else:
            done = _("The gift is approved.") if approve else _("The gift is refused.")
            messages.success(request, done)
    return redirect("gifts:gift_detail", pk=pk)


@login_required
@require_POST
def gift_given(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    gift = _gift(request, pk)
    try:
        services.gift_mark_given(actor=request.user, gift=gift)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The gift is marked as given."))
    return redirect("gifts:gift_detail", pk=pk)


@login_required
@require_POST
def gift_noted(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    gift = _gift(request, pk)
    try:
        services.gift_note(actor=request.user, gift=gift)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    back = request.POST.get("next") == "decisions"
    return redirect("gifts:decisions") if back else redirect("gifts:gift_detail", pk=pk)
