"""The deal an activity is for: a panel on the activity's page (HTMX), where whoever may change
the account's activities puts it on one of the account's open deals, or takes it off."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.relations.models import Activity
from koers.relations.queries import activities_readable
from koers.sales.models import DealActivity
from koers.sales.opportunities import services
from koers.sales.opportunities.services.activities import deal_options, open_deals


class DealChoiceForm(forms.Form):
    opportunity = forms.TypedChoiceField(
        label=_("For the opportunity"), coerce=int, empty_value=None, required=False
    )

    def __init__(self, *args: Any, options: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["opportunity"]
        field.choices = [("", _("None: for the account in general")), *options]  # type: ignore[attr-defined]


def shown(user: User, activity: Activity) -> bool:
    """On the page of an activity for a deal, or of an account with open deals (two queries)."""
    linked = DealActivity.objects.filter(activity=activity).exists()
    return linked or open_deals(user, activity.account_id).exists()


@login_required
def activity_deal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    activity = activities_readable(request.user).select_related("account").filter(pk=pk).first()
    if activity is None:
        raise Http404
    may_change = access.can_change_account(request.user, activity.account)
    link = DealActivity.objects.filter(activity=activity).select_related("opportunity").first()
    options = deal_options(request.user, activity.account) if may_change else []
    status = 200
    if request.method == "POST":
        if not may_change:
            raise NotAllowed(_("You may not change this account's activities."))
        form = DealChoiceForm(request.POST, options=options)
        if form.is_valid():
            try:
                services.deal_activity_attach(
                    actor=request.user, activity=activity, pk=form.cleaned_data["opportunity"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if not is_partial(request):
                    return redirect("relations:activity_detail", pk=activity.pk)
                link = DealActivity.objects.filter(activity=activity).first()
        status = 422 if form.errors else 200
    else:
        initial = {"opportunity": link.opportunity_id if link else None}
        form = DealChoiceForm(initial=initial, options=options)
    context = {
        "activity": activity,
        "link": link,
        "form": form if may_change and (options or link) else None,
    }
    return vary_on_htmx(render(request, "sales/_activity_deal_panel.html", context, status=status))
