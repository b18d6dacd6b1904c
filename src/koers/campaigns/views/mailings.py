"""A campaign's mailings: composing and changing one, the preview per language, the test send
to oneself, sending (after a confirmation) and the list of its copies with their status.
Marketing and administrators only (`access.can_run_campaigns`); who may not read the campaign
gets a 404, who reads it but may not run it a 403."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from koers.campaigns import mailing_services as services
from koers.campaigns.forms import MailingForm, TestSendForm
from koers.campaigns.lead_queries import with_responses
from koers.campaigns.lifecycle import MAILING_JOBS, MAILING_LIFECYCLE
from koers.campaigns.mailings import compose_for, sample_recipient
from koers.campaigns.models import Campaign, Mailing, MailingSend, MailingStatus, SendStatus
from koers.campaigns.views.campaigns import campaign_or_404
from koers.core import access, jobs
from koers.core.company import company
from koers.core.errors import NotAllowed, StaleVersionError
from koers.core.forms import add_service_errors
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lists import id_param

NAV = "campaigns"
SENDS_PER_PAGE = 50


def _runnable_campaign(request: AuthenticatedHttpRequest, pk: int) -> Campaign:
    campaign = campaign_or_404(request, pk)
    if not access.can_run_campaigns(request.user):
        raise NotAllowed
    return campaign


def mailing_or_404(request: AuthenticatedHttpRequest, pk: int) -> Mailing:
    mailing = Mailing.objects.select_related("campaign__selection", "sent_by").filter(pk=pk).first()
    if mailing is None:
        raise Http404
    _runnable_campaign(request, mailing.campaign_id)
    return mailing


def _counts(mailing: Mailing) -> dict[str, int]:
    rows = MailingSend.objects.filter(mailing=mailing).values("status").annotate(n=Count("pk"))
    counts = {status.value: 0 for status in SendStatus}
    counts.update({row["status"]: row["n"] for row in rows})
    counts["unsubscribed"] = MailingSend.objects.filter(
        mailing=mailing, unsubscribed_at__isnull=False
    ).count()
    return counts


@login_required
def mailing_new(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    campaign = _runnable_campaign(request, pk)
    form = MailingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            mailing = services.mailing_create(
                actor=request.user, campaign=campaign, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The mailing is saved. Send a test to yourself first."))
            return redirect("campaigns:mailing_detail", pk=mailing.pk)
    context = {"campaign": campaign, "form": form, "nav": NAV}
    return render(request, "campaigns/mailing_form.html", context)


@login_required
def mailing_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mailing = mailing_or_404(request, pk)
    form = MailingForm(request.POST or None, instance=mailing)
    conflict = None
    if request.method == "POST" and form.is_valid():
        version = id_param(request.POST.get("version")) or 0
        try:
            services.mailing_update(
                actor=request.user, mailing=mailing, version=version, data=form.cleaned_data
            )
        except StaleVersionError as exc:
            conflict = exc
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The mailing has been changed."))
            return redirect("campaigns:mailing_detail", pk=mailing.pk)
    context = {
        "campaign": mailing.campaign,
        "mailing": mailing,
        "form": form,
        "conflict": conflict,
        "nav": NAV,
    }
    return render(request, "campaigns/mailing_form.html", context)


def _preview(mailing: Mailing, user: Any, language: str) -> dict[str, str]:
    to = sample_recipient(user, company(), language, timezone.localdate())
    subject, text, _html = compose_for(mailing, to, link="https://…")
    return {"language": language, "subject": subject, "text": text}


@login_required
def mailing_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mailing = mailing_or_404(request, pk)
    if jobs.is_stale(MAILING_JOBS, mailing):  # its worker stopped: say so, to send again
        jobs.recover_stale(MAILING_JOBS, pks=[mailing.pk])
        mailing.refresh_from_db()
    language = "en" if request.GET.get("language") == "en" else "nl"
    context = {
        "mailing": mailing,
        "campaign": mailing.campaign,
        "selection": mailing.campaign.selection,
        "preview": _preview(mailing, request.user, language),
        "counts": _counts(mailing),
        "tested": mailing.tested_version == mailing.version,
        "test_form": TestSendForm(initial={"language": language}),
        "nav": NAV,
    }
    return render(request, "campaigns/mailing_detail.html", context)


@login_required
@require_POST
def mailing_test(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mailing = mailing_or_404(request, pk)
    form = TestSendForm(request.POST)
    language = form.cleaned_data["language"] if form.is_valid() else "nl"
    try:
        services.mailing_test_send(actor=request.user, mailing=mailing, language=language)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("A test went to %(address)s.") % {"address": request.user.email}
        )
    return redirect("campaigns:mailing_detail", pk=mailing.pk)


@login_required
def mailing_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the confirmation (how many contacts); POST: sending starts."""
    mailing = mailing_or_404(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.mailing_send(actor=request.user, mailing=mailing)
        except ValidationError as exc:
            errors = exc.messages
        else:
            messages.success(request, _("The mailing is being sent by the worker."))
            return redirect("campaigns:mailing_sends", pk=mailing.pk)
    context = {
        "mailing": mailing,
        "campaign": mailing.campaign,
        "selection": mailing.campaign.selection,
        "tested": mailing.tested_version == mailing.version,
        "errors": errors,
        "nav": NAV,
    }
    return render(request, "campaigns/mailing_send.html", context, status=400 if errors else 200)


@login_required
def mailing_sends(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    mailing = mailing_or_404(request, pk)
    status = request.GET.get("status", "")
    rows = with_responses(
        MailingSend.objects.filter(mailing=mailing).select_related("contact", "account")
    )
    if status in SendStatus.values:
        rows = rows.filter(status=status)
    else:
        status = ""
    page = Paginator(rows.order_by("pk"), SENDS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "mailing": mailing,
        "campaign": mailing.campaign,
        "counts": _counts(mailing),
        "statuses": SendStatus.choices,
        "status": status,
        "page": page,
        "nav": NAV,
    }
    return render(request, "campaigns/mailing_sends.html", context)


# The copies a cancel stops (`mailing_services.mailing_cancel`).
UNSENT = (SendStatus.QUEUED, SendStatus.FAILED)


def _move(request: AuthenticatedHttpRequest, pk: int, move: Any, done: str) -> HttpResponse:
    mailing = mailing_or_404(request, pk)
    try:
        move(actor=request.user, mailing=mailing)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("campaigns:mailing_detail", pk=mailing.pk)


@login_required
@require_POST
def mailing_pause(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    done = _("Paused: the worker stops after the batch it is sending.")
    return _move(request, pk, services.mailing_pause, done)


@login_required
@require_POST
def mailing_resume(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _move(request, pk, services.mailing_resume, _("Sending goes on."))


@login_required
def mailing_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the question, as before sending (a page of its own: the CSP allows no inline
    script to ask it); POST: the mailing is cancelled."""
    if request.method == "POST":
        done = _("Cancelled: the copies not sent yet will never go.")
        return _move(request, pk, services.mailing_cancel, done)
    mailing = mailing_or_404(request, pk)
    context = {
        "mailing": mailing,
        "campaign": mailing.campaign,
        "unsent": sum(n for s, n in _counts(mailing).items() if s in UNSENT),
        "refusal": MAILING_LIFECYCLE.refusal(mailing, MailingStatus.CANCELLED),
        "nav": NAV,
    }
    return render(request, "campaigns/mailing_cancel.html", context)
