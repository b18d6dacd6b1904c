"""Writing an e-mail from an account or contact page, the sent mails of an account, one sent
mail with its copies, and sending again what failed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.accounts.models import Account
from koers.core import access
from koers.core.company import company
from koers.core.errors import NotAllowed
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import render_list
from koers.core.views.administration import posted
from koers.correspondence import queries, services
from koers.correspondence.filters import SentMailFilterSet
from koers.correspondence.forms import MailForm
from koers.correspondence.mails import compose
from koers.correspondence.models import SentMail
from koers.correspondence.placeholders import Recipient, language_of


def writable_account(request: AuthenticatedHttpRequest, pk: int) -> Account:
    account = queries.account_readable(request.user, pk)
    if account is None:
        raise Http404
    if not access.can_change_account(request.user, account):
        raise NotAllowed
    return account


@login_required
def account_mail_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = writable_account(request, pk)
    chosen = request.GET.get("contact", "")
    initial = {"contacts": [chosen]} if chosen.isdigit() else {}
    form = MailForm(posted(request), account=account, initial=initial)
    previews = []
    if form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "preview":
            previews = _previews(request, account, form)
        else:
            try:
                mail = services.mail_send(
                    actor=request.user,
                    account=account,
                    contacts=data["contacts"],
                    template=data["template"],
                    subject=data["subject"],
                    body=data["body"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Your e-mail “%(subject)s” is being sent.") % {"subject": mail}
                )
                return redirect("accounts:account_detail", pk=account.pk)
    context = {"account": account, "form": form, "previews": previews, "nav": "accounts"}
    return render(request, "correspondence/mail_form.html", context)


def _previews(
    request: AuthenticatedHttpRequest, account: Account, form: MailForm
) -> list[dict[str, str]]:
    data = form.cleaned_data
    template, own = data["template"], bool(data["body"].strip())
    try:
        services.check_text(None if own else template, data["subject"], data["body"])
    except ValidationError as exc:
        add_service_errors(form, exc)
        return []
    firm, today, shown = company(), timezone.localdate(), []
    for contact in data["contacts"]:
        to = Recipient(contact, account, request.user, firm, language_of(contact), today)
        subject, body = (
            (data["subject"], data["body"])
            if own or template is None
            else template.text_in(to.language)
        )
        mail_subject, mail_body = compose(to, subject, body)
        shown.append(
            {
                "to": f"{contact.full_name} <{contact.email}>",
                "subject": mail_subject,
                "body": mail_body,
            }
        )
    return shown


@login_required
def contact_mail_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _from_contact(request, pk, "correspondence:account_mail_new")


def _from_contact(request: AuthenticatedHttpRequest, pk: int, url_name: str) -> HttpResponse:
    """From a contact's page to the form of the account where they work now (the first)."""
    contact = queries.contact_readable(request.user, pk)
    if contact is None:
        raise Http404
    account = queries.current_accounts_of(request.user, contact).first()
    if account is None:
        messages.error(request, _("%(name)s works at no account you can see.") % {"name": contact})
        return redirect("accounts:contact_detail", pk=contact.pk)
    if not access.can_change_account(request.user, account):
        raise NotAllowed
    return redirect(f"{reverse(url_name, args=[account.pk])}?contact={contact.pk}")


@login_required
def account_mails(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    account = queries.account_readable(request.user, pk)
    if account is None:
        raise Http404
    data = request.GET.copy()
    data["account"] = str(account.pk)
    filterset = SentMailFilterSet(data, user=request.user)
    context = {
        "account": account,
        "nav": "accounts",
        "may_write": access.can_change_account(request.user, account),
    }
    return render_list(
        request,
        filterset,
        template="correspondence/sent_mails.html",
        partial="correspondence/_sent_mail_rows.html",
        context=context,
    )


def _readable_mail(request: AuthenticatedHttpRequest, pk: int) -> SentMail:
    mail = queries.with_recipients(queries.sent_mails_readable(request.user)).filter(pk=pk).first()
    if mail is None:
        raise Http404
    return mail


@login_required
def mail_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mail = _readable_mail(request, pk)
    context = {
        "mail": mail,
        "account": mail.account,
        "status": queries.mail_status(mail),
        "may_retry": access.can_change_account(request.user, mail.account),
        "nav": "accounts",
    }
    return render(request, "correspondence/mail_detail.html", context)


@login_required
@require_POST
def mail_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mail = _readable_mail(request, pk)
    try:
        services.mail_retry(actor=request.user, mail=mail)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The copies that did not go out are being sent again."))
    return redirect("correspondence:mail_detail", pk=mail.pk)
