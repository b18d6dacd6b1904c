"""The pages: my subscriptions, subscribe to the page I am on, stop one, send one now."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from koers.core.errors import NotAllowed
from koers.core.http import AuthenticatedHttpRequest
from koers.insights.subscriptions import queries, services
from koers.insights.subscriptions.forms import SubscriptionForm
from koers.insights.subscriptions.models import SubscribedView


@login_required
def subscription_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    found = list(queries.subscriptions_of(request.user))
    return render(
        request,
        "insights/subscriptions/list.html",
        {"subscriptions": found, "nav": "insights"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def subscribe(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = SubscriptionForm(request.POST, user=user)
    else:
        asked = request.GET.get("view", "")
        shown = asked if asked in SubscribedView.values else SubscribedView.DASHBOARD.value
        initial = {"view": shown, "query": services.clean_query(shown, request.GET)}
        form = SubscriptionForm(initial=initial, user=user)
    if not services.may_subscribe(user, str(form.data.get("view", form.initial.get("view")))):
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.subscription_create(
                actor=user,
                view=form.cleaned_data["view"],
                data=form.cleaned_data["query"],
                frequency=form.cleaned_data["frequency"],
                also_to=[u.pk for u in form.cleaned_data["also_to"]],
            )
        except NotAllowed as refused:
            raise PermissionDenied from refused
        except ValidationError as invalid:
            if hasattr(invalid, "error_dict"):
                for field, errors in invalid.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, invalid.messages)
        else:
            messages.success(request, _("Subscribed. The first copy comes with the next round."))
            return HttpResponseRedirect(reverse("insights:subscriptions"))
    view = str(form.data.get("view") or form.initial.get("view") or "")
    query = str(form.data.get("query") or form.initial.get("query") or "")
    context = {
        "form": form,
        "view_label": SubscribedView(view).label if view in SubscribedView.values else "",
        "back_url": reverse(f"insights:{view}") + (f"?{query}" if query else "")
        if view in SubscribedView.values
        else reverse("insights:dashboard"),
        "nav": "insights",
    }
    return render(request, "insights/subscriptions/form.html", context)


@login_required
@require_POST
def unsubscribe(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(queries.subscriptions_of(request.user), pk=pk)
    services.subscription_delete(actor=request.user, subscription=subscription)
    messages.success(request, _("The subscription is stopped."))
    return HttpResponseRedirect(reverse("insights:subscriptions"))


@login_required
@require_POST
def send_now(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    subscription = get_object_or_404(queries.subscriptions_of(request.user), pk=pk)
    if services.send_now(actor=request.user, subscription=subscription):
        messages.success(
            request, _("A copy is on its way to %(email)s.") % {"email": request.user.email}
        )
    else:
        messages.error(request, _("Nothing was sent: you may not read this page any more."))
    return HttpResponseRedirect(reverse("insights:subscriptions"))
