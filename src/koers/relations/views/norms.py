"""The contact status of an account (a panel on its page) and the lists of accounts whose
contact is overdue or due soon, per account manager and per team."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account, BuyingRole, Tier
from koers.core import access
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.core.models import User
from koers.core.paging import in_order
from koers.core.views.administration import admin_page, posted, require_admin
from koers.relations import services
from koers.relations.forms import AccountNormForm, NormSettingsForm
from koers.relations.models import AccountNorm, ContactNorm, ContactState, CountingKind, RoleNorm
from koers.relations.norms import (
    DUE_SOON_DAYS,
    STATUS_LABELS,
    DaysSince,
    dmu_statuses,
    most_overdue_first,
    status_of,
    who_knows_whom,
)


@login_required
def account_contact_panel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = access.accounts_readable(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    return _panel(request, account, None)


@login_required
@require_POST
def account_norm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The account's own norm, set from its contact panel (HTMX: the panel comes back)."""
    account = access.accounts_readable(request.user).filter(pk=pk).first()
    if account is None:
        raise Http404
    form = AccountNormForm(request.POST)
    if form.is_valid():
        try:
            services.account_norm_set(
                actor=request.user, account=account, days=form.cleaned_data["days"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not is_partial(request):
                return redirect("accounts:account_detail", pk=account.pk)
            return _panel(request, account, None)
    return _panel(request, account, form)


def _panel(
    request: AuthenticatedHttpRequest, account: Account, form: AccountNormForm | None
) -> HttpResponse:
    today = timezone.localdate()
    state = ContactState.objects.filter(account=account).first()
    status = status_of(state.due_on if state else None, today) if state else None
    own = AccountNorm.objects.filter(account=account).values_list("days", flat=True).first()
    may_set = access.can_set_account_norm(request.user, account)
    context = {
        "account": account,
        "state": state,
        "status": status,
        "status_label": STATUS_LABELS.get(status or "", ""),
        "dmu": dmu_statuses(account, today),
        "labels": STATUS_LABELS,
        "knows": who_knows_whom(account),
        "today": today,
        "own_norm": own,
        "norm_form": (form or AccountNormForm(initial={"days": own})) if may_set else None,
    }
    return vary_on_htmx(render(request, "relations/_contact_panel.html", context))


@login_required
def norm_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Administration: the norm table. Saving recomputes every account's status in the
    background (a task), so the page answers at once however large the customer file."""
    require_admin(request)
    initial: dict[str, object] = {
        f"tier_{tier}": days for tier, days in ContactNorm.objects.values_list("tier", "days")
    }
    initial |= {
        f"role_{role}": days for role, days in RoleNorm.objects.values_list("buying_role", "days")
    }
    initial["counting"] = list(CountingKind.objects.values_list("kind", flat=True))
    form = NormSettingsForm(posted(request), initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.norms_update(
                actor=request.user,
                tier_days={t: data[f"tier_{t}"] for t in Tier.values},
                role_days={r: data[f"role_{r}"] for r in BuyingRole.values},
                counting=data["counting"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The contact norms have been saved. The accounts' contact status follows "
                    "in a minute."
                ),
            )
            return redirect("relations:norm_settings")
    return admin_page(request, "relations/norm_settings.html", "norms", {"form": form})


def _states(user: User, person: User | None) -> QuerySet[ContactState]:
    states = ContactState.objects.filter(account__in=access.accounts_readable(user).values("pk"))
    if person is not None:
        states = states.filter(account__owner=person)
    return states.select_related("account", "account__owner")


def _team_members(user: User) -> list[User]:
    if user.role != "manager":
        return []
    return list(User.objects.filter(teams__manager=user).distinct().order_by("first_name"))


@login_required
def accounts_due(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Overdue accounts (most overdue against their norm first), or with `?soon=1` those whose
    norm runs out within two weeks. An account manager sees their own; a manager their team's,
    narrowed to one account manager with `?user=`."""
    today = timezone.localdate()
    person_pk = id_param(request.GET.get("user"))
    person = None
    if person_pk is not None:
        person = access.users_readable(request.user).filter(pk=person_pk).first()
        if person is None or not access.can_view_agenda_of(request.user, person):
            raise Http404
    elif request.user.role == "account_manager":
        person = request.user
    soon = request.GET.get("soon") == "1"
    states = _states(request.user, person)
    horizon = today + timedelta(days=DUE_SOON_DAYS)
    counts = states.order_by().aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        within=Count("pk", filter=Q(due_on__gte=today)),
        soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=horizon)),
    )
    if soon:
        rows = states.filter(due_on__gte=today, due_on__lte=horizon).order_by(
            "due_on", "account__name", "account_id"
        )
    else:
        rows = most_overdue_first(states, today)
    # Ordered and cut in the database, as ids (the states' columns of the order are in the
    # index), then the page's rows by id; the count is the one above (one aggregate for the
    # page's three numbers), so the paginator does not count again.
    paginator = Paginator(rows.values_list("pk", flat=True), 50)
    paginator.count = counts["soon" if soon else "overdue"]
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = in_order(
        list(page.object_list),
        lambda ids: (
            ContactState.objects.filter(pk__in=ids)
            .select_related("account", "account__owner")
            .annotate(days_over=DaysSince("due_on", today))
        ),
    )
    within = counts["within"]
    portfolio = within + counts["overdue"]
    context = {
        "nav": "my_day",
        "page_obj": page,
        "soon": soon,
        "person": person,
        "today": today,
        "share_within": round(100 * within / portfolio) if portfolio else None,
        "portfolio": portfolio,
        "team": _team_members(request.user),
    }
    return render(request, "relations/accounts_due.html", context)
