"""What is done on a quote's page: its terms, lines and groups (HTMX: the lines and totals
come back as a partial), and the status moves. Each POST calls one service and goes back to
the page, or shows it with the errors next to the form's fields (422)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.models import User
from koers.sales.models import QuoteLine, QuoteLineGroup, QuoteVersion
from koers.sales.quotes import forms, queries, services
from koers.sales.quotes.views.pages import detail_context, get_version, render_detail


def _changeable(user: User, pk: int) -> QuoteVersion:
    version = get_version(user, pk)
    if not queries.may_change(user, version):
        raise NotAllowed(_("You may not change this quote."))
    return version


def _answer(
    request: AuthenticatedHttpRequest, pk: int, status: int = 200, **bound: Form
) -> HttpResponse:
    """HTMX: the lines with the totals (and the line form); otherwise back to the page."""
    if is_partial(request):
        version = get_version(request.user, pk)
        context = detail_context(request, version, **bound)
        return vary_on_htmx(render(request, "sales/_quote_lines.html", context, status=status))
    if status != 200:
        return render_detail(request, pk, status, **bound)
    return redirect("sales:quote_version", pk=pk)


def _run(
    request: AuthenticatedHttpRequest,
    pk: int,
    name: str,
    form: Form,
    call: Callable[[Any], object],
    *,
    lines: bool = False,
) -> HttpResponse:
    if form.is_valid():
        try:
            call(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _answer(request, pk) if lines else redirect("sales:quote_version", pk=pk)
    if lines:
        return _answer(request, pk, 422, **{name: form})
    return render_detail(request, pk, 422, **{name: form})


@login_required
@require_POST
def line_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _changeable(request.user, pk)
    form = forms.LineForm(request.POST, prefix="line", version=version)

    def call(f: forms.LineForm) -> object:
        return services.quote_line_add(
            actor=request.user,
            version=version,
            data=f.line_data(),
            group=f.cleaned_data.get("group"),
        )

    return _run(request, pk, "line", form, call, lines=True)


def _line(user: User, pk: int) -> QuoteLine:
    line = (
        QuoteLine.objects.filter(pk=pk, group__quote_version__in=queries.versions_writable(user))
        .select_related("group", "group__quote_version", "product")
        .first()
    )
    if line is None:
        if QuoteLine.objects.filter(
            pk=pk, group__quote_version__in=queries.versions_readable(user)
        ).exists():
            raise NotAllowed(_("You may not change this quote."))
        raise Http404
    return line


@login_required
def line_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The line's form in its row (GET), or its change (POST)."""
    line = _line(request.user, pk)
    version_pk = line.group.quote_version_id
    if request.method != "POST":
        initial = {n: getattr(line, n) for n in forms.LineEditForm.base_fields}
        form = forms.LineEditForm(prefix=f"edit-{line.pk}", initial=initial)
        context = {"line": line, "form": form, "version": line.group.quote_version}
        return vary_on_htmx(render(request, "sales/_quote_line_form.html", context))
    form = forms.LineEditForm(request.POST, prefix=f"edit-{line.pk}")
    if form.is_valid():
        try:
            services.quote_line_update(actor=request.user, line=line, data=form.line_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _answer(request, version_pk)
    context = {"line": line, "form": form, "version": line.group.quote_version}
    response = render(request, "sales/_quote_line_form.html", context, status=422)
    # The form posts to the whole lines section; its errors go back into the line's own row.
    response["HX-Retarget"] = f"#line-{line.pk}"
    return vary_on_htmx(response)


@login_required
@require_POST
def line_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    line = _line(request.user, pk)
    version_pk = line.group.quote_version_id
    try:
        services.quote_line_remove(actor=request.user, line=line)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _answer(request, version_pk)


@login_required
@require_POST
def line_move(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    line = _line(request.user, pk)
    version_pk = line.group.quote_version_id
    try:
        services.quote_line_move(actor=request.user, line=line, up=request.POST.get("up") == "1")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _answer(request, version_pk)


@login_required
@require_POST
def group_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _changeable(request.user, pk)
    form = forms.GroupForm(request.POST, prefix="group")

    def call(f: forms.GroupForm) -> object:
        return services.quote_group_add(actor=request.user, version=version, **f.cleaned_data)

    return _run(request, pk, "group", form, call, lines=True)


@login_required
@require_POST
def group_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    group = (
        QuoteLineGroup.objects.filter(
            pk=pk, quote_version__in=queries.versions_readable(request.user)
        )
        .select_related("quote_version")
        .first()
    )
    if group is None:
        raise Http404
    version = _changeable(request.user, group.quote_version_id)
    try:
        services.quote_group_remove(actor=request.user, group=group)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _answer(request, version.pk)


@login_required
@require_POST
def terms(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _changeable(request.user, pk)
    form = forms.TermsForm(request.POST, prefix="terms")

    def call(f: forms.TermsForm) -> object:
        try:
            return services.quote_terms_update(
                actor=request.user,
                version=version,
                expected_version=f.cleaned_data.get("version") or version.version,
                data=f.terms(),
            )
        except StaleVersionError as exc:
            message = _("Someone changed this quote meanwhile; reload it to see the changes.")
            raise ValidationError(message) from exc

    return _run(request, pk, "terms", form, call)


def _simple(service: Callable[..., object]) -> Callable[..., HttpResponse]:
    """A move without a form: submit, sent, revise, variant."""

    @login_required
    @require_POST
    def view(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
        version = _changeable(request.user, pk)
        try:
            result = service(actor=request.user, version=version)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("sales:quote_version", pk=pk)
        target = result.pk if isinstance(result, QuoteVersion) else pk
        return redirect("sales:quote_version", pk=target)

    return view


submit = _simple(services.quote_submit)
mark_sent = _simple(services.quote_mark_sent)
revise = _simple(services.quote_revise)
variant = _simple(services.quote_add_variant)


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _changeable(request.user, pk)
    form = forms.ReasonForm(request.POST, prefix="reason")
    return _run(
        request,
        pk,
        "reason",
        form,
        lambda f: services.quote_withdraw(
            actor=request.user, version=version, reason=f.cleaned_data["reason"]
        ),
    )


@login_required
@require_POST
def decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _changeable(request.user, pk)
    form = forms.DeclineForm(request.POST, prefix="decline")
    return _run(
        request,
        pk,
        "decline",
        form,
        lambda f: services.quote_decline(actor=request.user, version=version, **f.cleaned_data),
    )


@login_required
@require_POST
def extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _changeable(request.user, pk)
    form = forms.ExtendForm(request.POST, prefix="extend")
    return _run(
        request,
        pk,
        "extend",
        form,
        lambda f: services.quote_extend(actor=request.user, version=version, **f.cleaned_data),
    )


@login_required
@require_POST
def accept(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    version = _changeable(request.user, pk)
    form = forms.AcceptForm(request.POST, prefix="accept", version=version)

    def call(f: forms.AcceptForm) -> object:
        done = services.quote_accept(actor=request.user, version=version, **f.service_args())
        messages.success(request, _("The acceptance is recorded and the order is made."))
        return done

    return _run(request, pk, "accept", form, call)


@login_required
@require_POST
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Approve (`decision=approve`) or return with remarks (`decision=return`)."""
    version = get_version(request.user, pk)
    form = forms.ReviewForm(request.POST, prefix="review")

    def call(f: forms.ReviewForm) -> object:
        checklist = f.cleaned_data["checklist"]
        remarks = f.cleaned_data["remarks"]
        if request.POST.get("decision") == "return":
            return services.quote_review_return(
                actor=request.user,
                version=version,
                remarks=remarks,
                line_remarks=f.line_remarks(request.POST),
                checklist=checklist,
            )
        return services.quote_review_approve(
            actor=request.user, version=version, checklist=checklist, remarks=remarks
        )

    return _run(request, pk, "review", form, call)
