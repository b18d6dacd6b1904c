"""The pages of account analyses: the panel on the account page (the latest, with key ratios),
the account's analyses, one analysis, making and changing one (with figures pasted from a
spreadsheet), and two side by side."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from koers.accounts.models import Account
from koers.accounts.queries import positions_at
from koers.accounts.views.accounts import _dmu as dmu_boxes
from koers.core import access
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param
from koers.planning.analysis import imports, paste, queries, rollup, services
from koers.planning.analysis.forms import (
    MAX_COLUMNS,
    AnalysisForm,
    FiguresForm,
    ImportForm,
    PasteForm,
    figures_initial,
)
from koers.planning.analysis.ratios import FIGURE_NAMES, KEY_RATIOS, LABELS, RATIOS
from koers.planning.models import AccountAnalysis
from koers.planning.models.analysis import FIT_CRITERIA, FitScore

LIST_LIMIT = 50
SCORES = dict(FitScore.choices)


def _account(request: AuthenticatedHttpRequest, pk: int) -> Account:
    found = access.accounts_readable(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def _analysis(request: AuthenticatedHttpRequest, pk: int) -> AccountAnalysis:
    try:
        return queries.analysis_for_detail(request.user, pk)
    except AccountAnalysis.DoesNotExist as exc:
        raise Http404 from exc


def _ratio_rows(view: queries.AnalysisView, keys: tuple[str, ...] | None = None) -> list[Any]:
    """Per ratio: its definition and its result in each year."""
    return [
        {"ratio": r, "results": [y.ratios[r.key] for y in view.years]}
        for r in RATIOS
        if keys is None or r.key in keys
    ]


@login_required
def account_analysis(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The panel on the account page: the latest analysis with its key ratios."""
    account = _account(request, pk)
    latest = queries.analyses_of(request.user, account).first()
    view = queries.view_of(latest) if latest is not None else None
    context = {
        "account": account,
        "view": view,
        "rows": _ratio_rows(view, KEY_RATIOS) if view else [],
        "writable": access.can_change_account(request.user, account),
    }
    return vary_on_htmx(render(request, "planning/analysis/_panel.html", context))


@login_required
def analysis_list(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    analyses = list(queries.analyses_of(request.user, account)[:LIST_LIMIT])
    context = {
        "account": account,
        "analyses": analyses,
        "rollup": account.parent_id is None and Account.objects.filter(root=account).exists(),
        "writable": access.can_change_account(request.user, account),
        "nav": "accounts",
    }
    return render(request, "planning/analysis/analysis_list.html", context)


@login_required
def analysis_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(request, pk)
    view = queries.view_of(analysis)
    positions = list(positions_at(analysis.account))
    others = (
        queries.analyses_readable(request.user)
        .filter(account_id=analysis.account_id)
        .exclude(pk=analysis.pk)
        .order_by("-analysed_on", "-pk")
        .values_list("pk", "analysed_on")[:LIST_LIMIT]
    )
    context = {
        "account": analysis.account,
        "analysis": analysis,
        "view": view,
        "figure_rows": [
            {"name": n, "label": LABELS[n], "values": [y.figures[n] for y in view.years]}
            for n in FIGURE_NAMES
        ],
        "ratio_rows": _ratio_rows(view),
        "fit": [
            (label, getattr(analysis, name), SCORES.get(getattr(analysis, name), ""))
            for name, label in FIT_CRITERIA
        ],
        "dmu": dmu_boxes(positions),
        "has_contacts": any(p.end_date is None for p in positions),
        "others": list(others),
        "writable": queries.may_change(request.user, analysis),
        "nav": "accounts",
    }
    return render(request, "planning/analysis/analysis_detail.html", context)


def _columns(request: AuthenticatedHttpRequest, years: int) -> int:
    asked = id_param(request.POST.get("columns") or request.GET.get("columns"))
    return min(MAX_COLUMNS, max(asked or 0, years + 1, 3))


def _start_from(account: Account, user: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """A new analysis starts from the latest one (its profile and years), or from two empty
    years before this one."""
    latest = queries.analyses_of(user, account).first()
    today = timezone.localdate()
    if latest is None:
        years = [{"year": today.year - 2}, {"year": today.year - 1}]
        return {"analysed_on": today}, years
    profile = {name: getattr(latest, name) for name in services.EDITABLE}
    profile["analysed_on"] = today
    return profile, [{"year": y.year, **y.figures()} for y in latest.years.all()]


def _form_page(
    request: AuthenticatedHttpRequest,
    *,
    account: Account,
    analysis: AccountAnalysis | None,
    profile: dict[str, Any],
    years: list[dict[str, Any]],
) -> HttpResponse:
    post = request.POST if request.method == "POST" else None
    pasting = post is not None and "paste" in post
    form = AnalysisForm(post, instance=analysis, initial=profile)
    paste_form = PasteForm(post if pasting else None)
    unknown: list[str] = []
    conflict = None
    if pasting and paste_form.is_valid():
        # Pasted figures fill the columns to be checked; nothing is saved yet.
        pasted = paste.parse(paste_form.cleaned_data["pasted"])
        unknown = pasted.unknown
        if not pasted.years:
            paste_form.add_error("pasted", _("No financial years found in the first row."))
        years = pasted.years or years
        figures = FiguresForm(initial=figures_initial(years), columns=len(years) + 1)
        form = AnalysisForm(initial={**profile, **_typed(post)}, instance=analysis)
    else:
        figures = FiguresForm(
            post, initial=figures_initial(years), columns=_columns(request, len(years))
        )
    if post is not None and not pasting and form.is_valid() and figures.is_valid():
        try:
            saved = _save(request, account, analysis, form, figures)
        except StaleVersionError as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The analysis is saved."))
            return redirect("planning:analysis_detail", pk=saved.pk)
    context = {
        "account": account,
        "analysis": analysis,
        "form": form,
        "figures": figures,
        "paste_form": paste_form,
        "unknown": unknown,
        "conflict": conflict,
        "nav": "accounts",
    }
    return render(request, "planning/analysis/analysis_form.html", context)


def _typed(post: Any) -> dict[str, Any]:
    """What was typed in the profile before pasting, kept on the page."""
    return {name: post.get(name) for name in AnalysisForm.Meta.fields if post.get(name)}


def _save(
    request: AuthenticatedHttpRequest,
    account: Account,
    analysis: AccountAnalysis | None,
    form: AnalysisForm,
    figures: FiguresForm,
) -> AccountAnalysis:
    data = form.profile()
    if analysis is None:
        return services.analysis_create(
            actor=request.user, account=account, years=figures.years(), **data
        )
    version = id_param(request.POST.get("version")) or 0
    return services.analysis_update(
        actor=request.user,
        analysis=analysis,
        expected_version=version,
        data=data,
        years=figures.years(),
    )


@login_required
def analysis_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    if not access.can_change_account(request.user, account):
        raise NotAllowed
    profile, years = _start_from(account, request.user)
    return _form_page(request, account=account, analysis=None, profile=profile, years=years)


@login_required
def analysis_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    analysis = _analysis(request, pk)
    if not queries.may_change(request.user, analysis):
        raise NotAllowed
    years = [{"year": y.year, **y.figures()} for y in analysis.years.all()]
    return _form_page(request, account=analysis.account, analysis=analysis, profile={}, years=years)


@login_required
def analysis_compare(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Two analyses of the account side by side: the older on the left."""
    account = _account(request, pk)
    ids = [id_param(request.GET.get(side)) for side in ("left", "right")]
    found = {
        a.pk: a
        for a in queries.analyses_of(request.user, account).filter(
            pk__in=[i for i in ids if i is not None]
        )
    }
    if len(found) != 2:
        raise Http404
    left, right = sorted(found.values(), key=lambda a: (a.analysed_on, a.pk))
    views = queries.view_of(left), queries.view_of(right)
    context = {
        "account": account,
        "left": views[0],
        "right": views[1],
        "rows": queries.compare(*views),
        "texts": _text_rows(left, right),
        "nav": "accounts",
    }
    return render(request, "planning/analysis/analysis_compare.html", context)


def _text_rows(left: AccountAnalysis, right: AccountAnalysis) -> list[dict[str, Any]]:
    names = [*services.TEXTS, "purchase_volume", "verdict"]
    rows = []
    for name in names:
        label = getattr(AccountAnalysis._meta.get_field(name), "verbose_name", name)
        a, b = getattr(left, name), getattr(right, name)
        if name == "verdict":
            a, b = left.get_verdict_display(), right.get_verdict_display()
        rows.append({"label": label, "left": a, "right": b, "changed": a != b})
    rows.append(
        {
            "label": _("Fit with us"),
            "left": left.fit_score,
            "right": right.fit_score,
            "changed": left.fit_score != right.fit_score,
        }
    )
    return rows


@login_required
def analysis_import(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A new analysis from an XLSX file of business figures: saved whole, or refused with the
    cells that cannot be read named."""
    account = _account(request, pk)
    if not access.can_change_account(request.user, account):
        raise NotAllowed
    post = request.POST if request.method == "POST" else None
    form = ImportForm(post, request.FILES or None, initial={"analysed_on": timezone.localdate()})
    if post is not None and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pasted = imports.figures_from_file(upload, upload.name)
            saved = services.analysis_import(
                actor=request.user,
                account=account,
                analysed_on=form.cleaned_data["analysed_on"],
                years=pasted.years,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _imported(len(pasted.years), pasted.unknown))
            return redirect("planning:analysis_detail", pk=saved.pk)
    context = {"account": account, "form": form, "nav": "accounts"}
    status = 422 if form.errors else 200
    return render(request, "planning/analysis/analysis_import.html", context, status=status)


def _imported(years: int, unknown: list[str]) -> str:
    text = ngettext(
        "The analysis is imported with %(count)s financial year.",
        "The analysis is imported with %(count)s financial years.",
        years,
    ) % {"count": years}
    if unknown:
        text += " " + _("Not recognised and left out: %(rows)s.") % {"rows": ", ".join(unknown)}
    return text


@login_required
def chain_rollup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The figures of a chain, rolled up from its branches' latest analyses (read-only)."""
    account = _account(request, pk)
    rolled = rollup.chain_rollup(request.user, account) if account.parent_id is None else None
    if rolled is None:
        raise Http404
    context = {
        "account": account,
        "rollup": rolled,
        "figure_rows": rolled.figure_rows(),
        "ratio_rows": rolled.ratio_rows(),
        "nav": "accounts",
    }
    return render(request, "planning/analysis/chain_rollup.html", context)
