"""Mail logged from outside: the user's log address (a section of the settings page), the
inbox of messages that matched no customer (assign or discard), one logged message with its
attachments, and the section on an e-mail activity's page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.core import access
from koers.core.forms import add_service_errors
from koers.core.htmx import vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.views.administration import posted
from koers.correspondence import inbound, queries, services
from koers.correspondence.forms import AssignForm
from koers.correspondence.models import InboundMail, InboundStatus
from koers.relations.models import Activity

ACCOUNTS_SHOWN = 30


@login_required
def log_address(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The settings section "Logging e-mail": the user's own log address."""
    row = services.log_address_of(request.user)
    context = {"address": inbound.log_address(row.token), "nav": "settings"}
    return vary_on_htmx(render(request, "correspondence/_log_address.html", context))


@login_required
@require_POST
def log_address_renew(request: AuthenticatedHttpRequest) -> HttpResponse:
    services.log_address_renew(actor=request.user)
    messages.success(request, _("Your log address is new. Mail to the old one is refused."))
    return redirect(reverse("core:settings") + "#mail_log")


@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The user's own messages that wait: matched no contact, failed, or not read yet."""
    row = services.log_address_of(request.user)
    context = {
        "mails": list(queries.inbox_of(request.user)[:100]),
        "address": inbound.log_address(row.token),
        "nav": "mail_log",
    }
    return render(request, "correspondence/inbox.html", context)


@login_required
def inbox_count(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The header's badge (HTMX): how many messages wait in the user's inbox; empty when none."""
    count = queries.inbox_of(request.user).filter(status=InboundStatus.INBOX).count()
    return vary_on_htmx(render(request, "correspondence/_inbox_count.html", {"count": count}))


def _own_waiting(request: AuthenticatedHttpRequest, pk: int) -> InboundMail:
    mail = queries.inbox_of(request.user).filter(pk=pk).first()
    if mail is None:
        raise Http404
    return mail


@login_required
def inbox_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """First the account (searched by name among those the user may change), then who."""
    mail = _own_waiting(request, pk)
    if mail.status != InboundStatus.INBOX:
        raise Http404
    writable = access.accounts_writable(request.user)
    chosen = request.POST.get("account") or request.GET.get("account", "")
    valid = chosen.isascii() and chosen.isdigit() and len(chosen) <= 18
    account = writable.filter(pk=int(chosen)).first() if valid else None
    context: dict[str, Any] = {"mail": mail, "account": account, "nav": "mail_log"}
    if account is None:
        query = request.GET.get("q", "").strip()[:100]
        found = writable.filter(name__icontains=query) if query else writable
        context["query"] = query
        context["accounts"] = list(found.order_by("name", "pk")[:ACCOUNTS_SHOWN])
        return render(request, "correspondence/inbox_assign.html", context)
    form = AssignForm(posted(request), account=account)
    if form.is_valid():
        try:
            services.mail_log_assign(
                actor=request.user,
                mail=mail,
                account=account,
                contact=form.cleaned_data["contact"],
                create_contact=form.cleaned_data["create_contact"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("“%(subject)s” is on the timeline of %(account)s.")
                % {"subject": mail.subject or _("(no subject)"), "account": account.name},
            )
            return redirect(reverse("accounts:account_detail", args=[account.pk]) + "#timeline")
    context["form"] = form
    return render(request, "correspondence/inbox_assign.html", context)


@login_required
@require_POST
def inbox_discard(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mail = _own_waiting(request, pk)
    try:
        services.mail_log_discard(actor=request.user, mail=mail)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The message is discarded."))
    return redirect("correspondence:inbox")


@login_required
@require_POST
def inbox_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mail = _own_waiting(request, pk)
    try:
        services.mail_log_retry(actor=request.user, mail=mail)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The message is being read again."))
    return redirect("correspondence:inbox")


def _readable_mail(request: AuthenticatedHttpRequest, pk: int) -> InboundMail:
    mail = queries.inbound_readable(request.user).select_related("user").filter(pk=pk).first()
    if mail is None:
        raise Http404
    return mail


@login_required
def logged_mail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """One logged message: who wrote to whom, its text, its files, and where it is logged."""
    mail = _readable_mail(request, pk)
    readable = access.accounts_readable(request.user)
    activities = (
        Activity.objects.filter(inbound_mails=mail, account__in=readable.values("pk"))
        .select_related("account")
        .order_by("account__name", "pk")
    )
    context = {
        "mail": mail,
        "attachments": list(mail.attachments.order_by("pk")),
        "activities": list(activities),
        "nav": "mail_log" if mail.user_id == request.user.pk else "accounts",
    }
    return render(request, "correspondence/logged_mail.html", context)


@login_required
def attachment(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A file of a logged message, always as a download (never shown in the browser: it came
    from outside)."""
    found = queries.attachment_readable(request.user, pk)
    if found is None:
        raise Http404
    try:
        handle = found.file.open("rb")
    except OSError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=found.filename,
        content_type="application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def activity_panel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The section "E-mail" on an e-mail activity's page: the logged message behind it, with
    its attachments, or the sent mail."""
    activity = (
        access.scope_through_account(Activity.objects.all(), request.user).filter(pk=pk).first()
    )
    if activity is None:
        raise Http404
    logged = InboundMail.objects.filter(activities=activity).prefetch_related("attachments").first()
    sent = getattr(activity, "sent_mail", None) if logged is None else None
    context = {"activity": activity, "logged": logged, "sent": sent}
    return vary_on_htmx(render(request, "correspondence/_activity_mail.html", context))
