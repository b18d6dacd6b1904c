"""Account pages: the list, the detail page, create / edit / new branch, team and history."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts import queries, services
from koers.accounts.filters import AccountFilterSet, search_term_q, search_terms
from koers.accounts.forms.accounts import AccountForm, TeamMemberForm, account_initial
from koers.accounts.models import (
    Account,
    AccountTeamMember,
    BuyingRole,
    Position,
)
from koers.accounts.tree import TREE_LIMIT, ancestors, tree_rows
from koers.accounts.validators import format_phone
from koers.core import access
from koers.core.conflict import merge_after_conflict
from koers.core.errors import StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.history import recent_history, render_history
from koers.core.htmx import is_partial
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param, render_list
from koers.core.models import User
from koers.core.panels import actions_for, panels_for

HISTORY_INLINE = 10
LOOKUP_LIMIT = 20


def _partial(request: HttpRequest) -> bool:
    """An HTMX request gets the partial; a history restore needs the whole page."""
    return is_partial(request)


def _page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    return render(request, template, {"nav": "accounts", **context})


def _readable_or_404(user: User, pk: int) -> Account:
    try:
        return queries.account_for_detail(user, pk)
    except Account.DoesNotExist as exc:
        raise Http404(_("Account not found")) from exc


def _changeable_or_403(user: User, pk: int) -> Account:
    account = _readable_or_404(user, pk)
    if not access.can_change_account(user, account):
        raise PermissionDenied
    return account


# ---------------------------------------------------------------------------------- the list


@login_required
def account_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    filterset = AccountFilterSet(request.GET, user=request.user)
    context = {
        "nav": "accounts",
        "scope": filterset.value("scope"),
        "has_portfolio": access.has_portfolio(request.user),
        "can_create": access.can_create_account(request.user),
    }
    return render_list(
        request,
        filterset,
        template="accounts/account_list.html",
        partial="accounts/_account_results.html",
        context=context,
    )


@login_required
def account_lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Options for the parent field: readable accounts matching what was typed."""
    readable = access.accounts_readable(request.user).only("pk", "name", "visit_city")
    terms = search_terms(request.GET.get("parent_search", ""))
    results: list[Account] = []
    if terms:
        found = readable
        for term in terms:
            found = found.filter(search_term_q(term))
        exclude = id_param(request.GET.get("exclude"))
        if exclude is not None:
            found = found.exclude(pk=exclude)
        results = list(found[: LOOKUP_LIMIT + 1])
    selected_id = id_param(request.GET.get("parent"))
    selected = readable.filter(pk=selected_id).first() if selected_id is not None else None
    results = [a for a in results if selected is None or a.pk != selected.pk]
    return render(
        request,
        "accounts/_account_parent_options.html",
        {
            "results": results[:LOOKUP_LIMIT],
            "more": len(results) > LOOKUP_LIMIT,
            "selected": selected,
            "searched": bool(terms),
        },
    )


# -------------------------------------------------------------------------------- the detail


def _dmu(positions: list[Position]) -> list[dict]:
    boxes: dict[str, dict] = {
        value: {"role": value, "label": label, "positions": []}
        for value, label in [*BuyingRole.choices, ("", _("No role"))]
    }
    for position in positions:
        if position.end_date is None:
            boxes.get(position.buying_role, boxes[""])["positions"].append(position)
    return list(boxes.values())


def _history_labels(user: User) -> dict[str, Any]:
    """How an account's history names its values for `user` (core/history.py): owner and
    segment by name, a parent account only when `user` may read it."""
    return {
        "readable": {"parent": access.accounts_readable(user)},
        "hidden": {"parent": _("an account you cannot see")},
        "formatters": {"phone": format_phone},
    }


def _team_context(
    request: AuthenticatedHttpRequest, account: Account, form: Any = None
) -> dict[str, Any]:
    can_change = access.can_change_account(request.user, account)
    if can_change and form is None:
        form = TeamMemberForm(user=request.user, account=account)
    return {
        "account": account,
        "members": sorted(account.team_members.all(), key=lambda m: str(m.user)),
        "can_change": can_change,
        "team_form": form if can_change else None,
    }


@login_required
def account_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _readable_or_404(request.user, pk)
    tree = queries.account_tree(request.user, account)
    positions = list(queries.positions_at(account))
    entries, more_history = recent_history(
        account, limit=HISTORY_INLINE, **_history_labels(request.user)
    )
    team = _team_context(request, account)
    context = {
        **team,
        "tree": tree,
        "chain": tree_rows(tree, account, limit=TREE_LIMIT),
        "ancestors": ancestors(tree, account),
        "dmu": _dmu(positions),
        "current_positions": [p for p in positions if p.end_date is None],
        "former_positions": [p for p in positions if p.end_date is not None],
        "entries": entries,
        "more_history": more_history,
        "can_create_branch": team["can_change"] and access.can_create_account(request.user),
        "panels": panels_for("account", request.user, account),
        "page_actions": actions_for("account", request.user, account),
    }
    return _page(request, "accounts/account_detail.html", context)


@login_required
def account_tree(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The whole chain, for the "show all" link of a large chain (a partial for HTMX)."""
    try:
        account = queries.account_for_tree(request.user, pk)
    except Account.DoesNotExist as exc:
        raise Http404(_("Account not found")) from exc
    tree = queries.account_tree(request.user, account)
    context = {"account": account, "chain": tree_rows(tree, account)}
    if _partial(request):
        response = render(request, "accounts/_account_tree.html", context)
    else:
        context["ancestors"] = ancestors(tree, account)
        response = _page(request, "accounts/account_tree.html", context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_POST
def account_team(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _changeable_or_403(request.user, pk)
    form = None
    if request.POST.get("action") == "remove":
        member_id = request.POST.get("member", "")
        member = get_object_or_404(AccountTeamMember, account=account, pk=id_param(member_id) or 0)
        services.account_team_remove(actor=request.user, member=member)
        done = _("%(name)s left the account team.") % {"name": member.user}
    else:
        form = TeamMemberForm(request.POST, user=request.user, account=account)
        done = ""
        if form.is_valid():
            member = services.account_team_add(
                actor=request.user,
                account=account,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
            done = _("%(name)s joined the account team.") % {"name": member.user}
            form = None
    if _partial(request):
        # Read the team again: the prefetched list is from before the change.
        account = _readable_or_404(request.user, pk)
        return render(request, "accounts/_account_team.html", _team_context(request, account, form))
    if done:
        messages.success(request, done)
    elif form is not None:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
    return redirect(reverse("accounts:account_detail", args=[account.pk]) + "#team")


@login_required
def account_history(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    try:
        # Name and place in the chain are all the page shows of the account itself.
        account = queries.account_for_tree(request.user, pk)
    except Account.DoesNotExist as exc:
        raise Http404(_("Account not found")) from exc
    chain = ancestors(queries.account_tree(request.user, account), account)
    crumbs = [
        (reverse("accounts:account_list"), _("Accounts")),
        *((reverse("accounts:account_detail", args=[n["pk"]]), n["name"]) for n in chain),
        (reverse("accounts:account_detail", args=[account.pk]), account.name),
    ]
    return render_history(
        request,
        account,
        title=account.name,
        crumbs=crumbs,
        back_label=_("Back to the account"),
        nav="accounts",
        created_text=_("Created this account."),
        deleted_text=_("Deleted this account."),
        **_history_labels(request.user),
    )


# ----------------------------------------------------------------------------------- writing


def _duplicates(user: User, cleaned: dict[str, Any]) -> list[dict[str, Any]]:
    found = list(
        queries.likely_duplicates(
            name=cleaned["name"],
            kvk_number=cleaned["kvk_number"],
            postcode=cleaned["visit_postcode"],
            establishment_number=cleaned["establishment_number"],
        )
    )
    return access.duplicate_warnings(user, found)


def _form_page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(
        request, "accounts/account_form.html", {"nav": "accounts", **context}, status=status
    )


def _create(request: AuthenticatedHttpRequest, *, parent: Account | None) -> HttpResponse:
    initial: dict[str, Any] = {"owner": request.user.pk}
    if parent is not None:
        initial.update(
            parent=parent.pk,
            kvk_number=parent.kvk_number,
            owner=parent.owner_id,
            segment=parent.segment_id,
            tier=parent.tier,
            status=parent.status,
            visit_country=parent.visit_country,
        )
    duplicates: list[dict[str, Any]] = []
    if request.method == "POST":
        form = AccountForm(request.POST, user=request.user, initial=initial)
        if form.is_valid():
            if not form.cleaned_data.get("create_anyway"):
                duplicates = _duplicates(request.user, form.cleaned_data)
            if not duplicates:
                try:
                    account = services.account_create(
                        actor=request.user,
                        data=form.service_data(),
                        tag_names=form.cleaned_data["tags"],
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("Account %(name)s created.") % {"name": account})
                    return redirect("accounts:account_detail", pk=account.pk)
    else:
        form = AccountForm(user=request.user, initial=initial)
    if parent is not None:
        form.fields["establishment_number"].help_text = _(
            "Recommended for a branch: the 12-digit KvK vestigingsnummer tells branches apart."
        )
    context = {
        "form": form,
        "parent": parent,
        "duplicates": duplicates,
        "mode": "branch" if parent is not None else "create",
    }
    return _form_page(request, context)


@login_required
def account_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.can_create_account(request.user):
        raise PermissionDenied
    return _create(request, parent=None)


@login_required
def branch_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    parent = _changeable_or_403(request.user, pk)
    if not access.can_create_account(request.user):
        raise PermissionDenied
    return _create(request, parent=parent)


def _form_after_conflict(
    request: AuthenticatedHttpRequest, conflict: StaleVersionError, typed: dict[str, Any]
) -> AccountForm:
    """The form for a second, informed save (`core.conflict`: the one rule for every form)."""
    current: Account = conflict.current
    values = merge_after_conflict(conflict, mine=typed, stored=account_initial(current))
    return AccountForm(user=request.user, account=current, initial=values)


@login_required
def account_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = _changeable_or_403(request.user, pk)
    conflict: StaleVersionError | None = None
    initial = account_initial(account)
    if request.method == "POST":
        form = AccountForm(request.POST, user=request.user, account=account, initial=initial)
        if form.is_valid():
            try:
                services.account_update(
                    actor=request.user,
                    account=account,
                    expected_version=form.cleaned_data["version"],
                    data=form.service_data(),
                    tag_names=form.cleaned_data["tags"],
                )
            except StaleVersionError as exc:
                conflict = exc
                typed = {name: request.POST.get(name, "") for name in form.fields}
                form = _form_after_conflict(request, exc, typed)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Changes to %(name)s saved.") % {"name": account})
                return redirect("accounts:account_detail", pk=account.pk)
    else:
        form = AccountForm(user=request.user, account=account, initial=initial)
    context = {
        "form": form,
        "account": account,
        "parent": account.parent,
        "conflict": conflict,
        "mode": "edit",
    }
    return _form_page(request, context, status=409 if conflict else 200)
