"""Administration: the users of Koers (list, create, edit, a new password). Administrators only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from koers.core import services
from koers.core.forms import UserCreateForm, UserForm, add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import search_text
from koers.core.models import User
from koers.core.views.administration import PER_PAGE, admin_page, posted, require_admin


def _users_matching(q: str) -> QuerySet[User]:
    users = User.objects.prefetch_related("teams", "managed_teams").order_by(
        "-is_active", "first_name", "last_name", "pk"
    )
    for term in q.split():
        users = users.filter(
            Q(username__icontains=term)
            | Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(email__icontains=term)
        )
    return users


@login_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    q = search_text(request.GET.get("q", "")).strip()
    page = Paginator(_users_matching(q), PER_PAGE).get_page(request.GET.get("page"))
    return admin_page(request, "core/admin/user_list.html", "users", {"page": page, "q": q})


@login_required
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    require_admin(request)
    form = UserCreateForm(posted(request))
    if form.is_valid():
        try:
            user = services.user_create(
                actor=request.user,
                data=form.user_data(),
                password=form.cleaned_data["password1"],
                teams=form.cleaned_data["teams"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("User %(name)s has been created.") % {"name": user})
            return redirect("core:user_list")
    context = {"form": form, "subject": None}
    return admin_page(request, "core/admin/user_form.html", "users", context)


@login_required
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    subject = get_object_or_404(User, pk=pk)
    form = UserForm(posted(request), instance=subject)
    if form.is_valid():
        try:
            user = services.user_update(
                actor=request.user,
                user=subject,
                data=form.user_data(),
                teams=form.cleaned_data["teams"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("User %(name)s has been saved.") % {"name": user})
            return redirect("core:user_list")
    if form.is_bound:
        subject.refresh_from_db()  # the heading shows what is stored, not what was typed
    context = {"form": form, "subject": subject}
    return admin_page(request, "core/admin/user_form.html", "users", context)


@login_required
def user_password(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    require_admin(request)
    subject = get_object_or_404(User, pk=pk)
    form = SetPasswordForm(subject, posted(request))
    if form.is_valid():
        services.user_set_password(
            actor=request.user, user=subject, password=form.cleaned_data["new_password1"]
        )
        if subject.pk == request.user.pk:
            subject.refresh_from_db()
            update_session_auth_hash(request, subject)  # stay signed in here
        messages.success(
            request, _("The password of %(name)s has been changed.") % {"name": subject}
        )
        return redirect("core:user_edit", pk=subject.pk)
    context = {"form": form, "subject": subject}
    return admin_page(request, "core/admin/user_password.html", "users", context)
