"""The target pages: the grid (company over teams, team over account managers, an account
manager over product groups or accounts, one of their product groups over their accounts, one
of their accounts over product groups) with its actuals, a cell saved per change
(`target_cell`, called by `planning/targets.js`), the XLSX import in the grid's layout,
spreading a row's year over its months by a profile, and the spreading profiles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import Role, User
from koers.planning.analysis.paste import number
from koers.planning.models.targets import (
    FIRST_TARGET_YEAR,
    LAST_TARGET_YEAR,
    LINK_FIELDS,
    Measure,
    PeriodKind,
    SpreadKind,
    SpreadProfile,
    TargetLevel,
)
from koers.planning.targets import grid as grids
from koers.planning.targets import imports, queries, services
from koers.planning.targets.forms import ImportForm, ProfileForm, SpreadForm
from koers.sales.models import ProductGroup


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


def _grid(request: AuthenticatedHttpRequest) -> grids.Grid:
    """The grid the query asks for, if `request.user` may read it (404 otherwise)."""
    user, params = request.user, request.GET
    measure = params.get("measure") or Measure.REVENUE
    year = _int(params.get("year")) or timezone.localdate().year
    if measure not in Measure.values or not FIRST_TARGET_YEAR <= year <= LAST_TARGET_YEAR:
        raise Http404
    view = params.get("view") or _default_view(user)
    team = person = account = group = None
    by = params.get("by") if params.get("by") in grids.BY else "groups"
    if view == "team":
        team = queries.teams_for(user).filter(pk=_int(params.get("team")) or 0).first()
        if team is None and not params.get("team"):
            team = queries.teams_for(user).first()
        if team is None:
            raise Http404
    elif view == "person":
        person = _person(user, _int(params.get("user")) or user.pk)
        account, group = _narrowed(person, str(by), params)
    elif view != "company" or not _reads_company(user):
        raise Http404
    return grids.build(
        user,
        view=view,
        measure=measure,
        year=year,
        team=team,
        person=person,
        by=str(by),
        account=account,
        group=group,
    )


def _narrowed(
    person: User, by: str, params: QueryDict
) -> tuple[Account | None, ProductGroup | None]:
    """The one account (of the person's own, not a branch) of a grid by product groups, or the
    one main product group of a grid by accounts; 404 for another."""
    if by == "groups" and params.get("account"):
        account = Account.objects.filter(
            pk=_int(params.get("account")) or 0, owner=person, parent__isnull=True
        ).first()
        if account is None:
            raise Http404
        return account, None
    if by == "accounts" and params.get("group"):
        group = ProductGroup.objects.filter(
            pk=_int(params.get("group")) or 0, parent__isnull=True
        ).first()
        if group is None:
            raise Http404
        return None, group
    return None, None


def _reads_company(user: User) -> bool:
    return access.reads_everything(user) or user.role == Role.MANAGER


def _default_view(user: User) -> str:
    if user.role == Role.MANAGER:
        return "team"
    return "company" if access.reads_everything(user) else "person"


def _person(user: User, pk: int) -> User:
    if pk == user.pk or access.reads_everything(user):
        found = User.objects.filter(pk=pk, is_active=True).first()
    else:
        found = queries.team_people(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _grid_query(g: grids.Grid) -> str:
    query = f"view={g.view}&measure={g.measure}&year={g.year}"
    if g.team:
        query += f"&team={g.team.pk}"
    if g.person:
        query += f"&user={g.person.pk}&by={g.by}"
    if g.account:
        query += f"&account={g.account.pk}"
    if g.group:
        query += f"&group={g.group.pk}"
    return query


def _person_query(g: grids.Grid) -> str:
    """The person's grid without its rows (`by`) chosen: the row links add them."""
    if g.person is None:
        return ""
    return f"view=person&measure={g.measure}&year={g.year}&user={g.person.pk}"


def _spreadable(user: User, g: grids.Grid) -> bool:
    """May `user` spread the person's year over accounts or product groups (the rule of
    `spread_parts.may_spread`, without a query: the grid knows who may set it)?"""
    if g.view != "person" or g.person is None or g.parent.year_pk is None:
        return False
    if g.parent.level != TargetLevel.USER:
        return False
    own = g.person.pk == user.pk and user.role == Role.ACCOUNT_MANAGER
    return g.writable or own


def _main_groups() -> list[tuple[int, str]]:
    return [(g.pk, g.name) for g in ProductGroup.objects.filter(parent__isnull=True, active=True)]


def _grid_url(g: grids.Grid) -> str:
    return f"{reverse('planning:target_grid')}?{_grid_query(g)}"


@login_required
def target_grid(request: AuthenticatedHttpRequest) -> HttpResponse:
    g = _grid(request)
    user = request.user
    context = {
        "grid": g,
        "months": [MONTHS_3[m] for m in range(1, 13)],
        "quarters": [_("Q%(n)s") % {"n": q} for q in range(1, 5)],
        "measures": Measure.choices,
        "teams": queries.teams_for(user),
        "people": queries.team_people(user) if user.role == Role.MANAGER else [],
        "reads_company": _reads_company(user),
        "years": [g.year - 1, g.year, g.year + 1],
        "import_form": ImportForm(),
        "spread_form": SpreadForm(),
        "grid_query": _grid_query(g),
        "spreadable": _spreadable(user, g),
        "person_query": _person_query(g),
        "main_groups": _main_groups() if g.view == "person" and g.by == "accounts" else [],
        "nav": "targets",
    }
    return render(request, "planning/targets/grid.html", context)


def _cell_row(request: AuthenticatedHttpRequest) -> services.TargetRow:
    data = request.POST
    level = data.get("level", "")
    if level not in TargetLevel.values or data.get("measure") not in Measure.values:
        raise ValidationError(_("Unknown measure or level."))
    year, period = _int(data.get("year")), _int(data.get("period"))
    if year is None or period is None or not FIRST_TARGET_YEAR <= year <= LAST_TARGET_YEAR:
        raise ValidationError(_("Unknown period."))
    text = data.get("amount", "").strip()
    amount = number(text) if text else None
    if text and amount is None:
        raise ValidationError(_("“%(text)s” is not a number.") % {"text": text})
    ids = {name: _int(data.get(name)) for name in LINK_FIELDS}
    kind = PeriodKind.YEAR if period == 0 else PeriodKind.MONTH
    return services.TargetRow(str(data["measure"]), level, ids, year, kind, period or 1, amount)


@login_required
@require_POST
def target_cell(request: AuthenticatedHttpRequest) -> JsonResponse:
    """One cell of the grid, saved as it is left: 200 with the stored amount, 400 with the
    message for a bad value, 403 for a cell the user may not set."""
    try:
        row = _cell_row(request)
        if request.POST.get("field") == "stretch":
            stretch = services.TargetRow(
                row.measure, row.level, row.ids, row.year, PeriodKind.YEAR, 1, None, row.amount
            )
            stored = services.target_stretch_set(actor=request.user, row=stretch)
            return JsonResponse(
                {"stretch": None if stored.stretch is None else str(stored.stretch)}
            )
        saved = services.target_set(actor=request.user, row=row)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    except NotAllowed:
        return JsonResponse({"error": _("You may not set this target.")}, status=403)
    return JsonResponse({"amount": None if saved is None else str(saved.amount)})


@login_required
@require_POST
def target_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    g = _grid(request)
    if not g.writable:
        raise NotAllowed
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = imports.targets_import(
                actor=request.user, grid=g, upload=upload, name=upload.name
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Imported: %(created)s new, %(changed)s changed, %(unchanged)s unchanged.")
                % {
                    "created": result.created,
                    "changed": result.changed,
                    "unchanged": result.unchanged,
                },
            )
    else:
        messages.error(request, _("Choose an XLSX file."))
    return redirect(_grid_url(g))


@login_required
@require_POST
def target_spread(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Spreads a row's year over its months by the chosen profile."""
    g = _grid(request)
    if not g.writable:
        raise NotAllowed
    form = SpreadForm(request.POST)
    key = request.POST.get("row", "")
    row = next((r for r in [g.parent, *g.rows] if r.key == key), None)
    if row is None or not form.is_valid():
        messages.error(request, _("Choose a row and a profile."))
        return redirect(_grid_url(g))
    try:
        services.target_spread_months(
            actor=request.user,
            measure=g.measure,
            level=row.level,
            ids=row.ids,
            year=g.year,
            profile=form.cleaned_data["profile"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The year of %(row)s is spread over its months.") % {"row": row.label}
        )
    return redirect(_grid_url(g))


@login_required
def profile_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The spreading profiles; managers and administrators add or change one."""
    user = request.user
    if not (queries.may_set_any(user) or access.reads_everything(user)):
        raise NotAllowed
    form = ProfileForm(request.POST or None)
    if request.method == "POST":
        if not queries.may_set_any(user):
            raise NotAllowed
        if form.is_valid():
            try:
                services.spread_profile_save(actor=user, **form.service_data())
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The profile is saved."))
                return redirect("planning:target_profiles")
    context = {
        "profiles": SpreadProfile.objects.all(),
        "form": form,
        "writable": queries.may_set_any(user),
        "kinds": SpreadKind.choices,
        "nav": "targets",
    }
    return render(request, "planning/targets/profiles.html", context)
