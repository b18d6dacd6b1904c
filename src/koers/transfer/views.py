"""Import pages: upload, mapping, check, import. (The exports are in export_views.py.)"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import (
    Http404,
    HttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.htmx import is_partial, vary_on_htmx
from koers.core.http import AuthenticatedHttpRequest
from koers.core.lifecycle import TransitionRefused
from koers.transfer import exports, kinds, leftout, queries, services, values
from koers.transfer.columns import BY_KEY
from koers.transfer.forms import MappingForm, UploadForm
from koers.transfer.lifecycle import can_change_mapping
from koers.transfer.models import ImportJob, ImportStatus

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

SAMPLE_ROWS = 3
# Rows of the preview per page.
PREVIEW_ROWS = 100


def _importer(request: AuthenticatedHttpRequest, kind: str = kinds.ACCOUNTS) -> None:
    other = kinds.kind_named(kind)
    if kind != kinds.ACCOUNTS and other is None:
        raise Http404
    if not (other.may_import(request.user) if other else access.can_import_accounts(request.user)):
        raise NotAllowed


def _may_import_any(request: AuthenticatedHttpRequest) -> None:
    """Pages that start from a job: who may import anything; the job's kind is checked too."""
    if access.can_import_accounts(request.user):
        return
    if not any(k.may_import(request.user) for k in kinds.KINDS.values()):
        raise NotAllowed


def _job(request: AuthenticatedHttpRequest, pk: int, *, with_rows: bool = False) -> ImportJob:
    try:
        job = queries.job_for(request.user, pk, with_rows=with_rows)
    except ImportJob.DoesNotExist as exc:
        raise Http404 from exc
    _importer(request, job.kind)
    return job


@login_required
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = request.POST.get("kind") or request.GET.get("kind") or kinds.ACCOUNTS
    _importer(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.import_upload(
                actor=request.user, upload=upload, name=upload.name, kind=kind
            )
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            return redirect("transfer:import_mapping", pk=job.pk)
    return render(
        request,
        "transfer/import_start.html",
        {
            "form": form,
            "jobs": queries.jobs_for(request.user)[:10],
            "mappings": queries.mappings_for(request.user),
            "background_rows": settings.IMPORT_BACKGROUND_ROWS,
            "nav": "import",
            "kind": kinds.kind_named(kind),
        },
    )


@login_required
def import_mapping(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _may_import_any(request)
    job = _job(request, pk, with_rows=True)
    if request.method != "POST" and not can_change_mapping(job):
        # A POST goes on to the service, whose refusal says why.
        return redirect("transfer:import_job", pk=job.pk)
    saved_list = list(queries.mappings_for(request.user))
    mapping = job.mapping
    chosen = None
    if request.GET.get("mapping"):
        chosen = next((m for m in saved_list if str(m.pk) == request.GET["mapping"]), None)
        if chosen is not None:
            mapping = services.apply_saved_mapping(chosen.columns, job.headers)
    else:
        _guess, chosen = services.mapping_for_file(
            actor=request.user, headers=job.headers, kind=job.kind
        )
    form = MappingForm(
        request.POST or None,
        headers=job.headers,
        samples=[row for row in job.rows[: SAMPLE_ROWS * 5] if row][:SAMPLE_ROWS],
        mapping=mapping,
        kind=job.kind,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.import_set_mapping(
                actor=request.user,
                job=job,
                mapping=form.cleaned_data["mapping"],
                save_as=form.cleaned_data["save_as"],
                saved=chosen,
            )
            services.import_check_start(actor=request.user, job=job)
        except TransitionRefused as exc:
            messages.warning(request, exc.reason)
        return redirect("transfer:import_job", pk=job.pk)
    return render(
        request,
        "transfer/import_mapping.html",
        {
            "job": job,
            "form": form,
            "saved_mappings": saved_list if job.kind == kinds.ACCOUNTS else [],
            "chosen": chosen,
            "nav": "import",
            "kind": kinds.of(job),
        },
    )


def _label(key: str, job: ImportJob | None = None) -> StrOrPromise:
    other = kinds.of(job) if job is not None else None
    field = (other.by_key if other else BY_KEY).get(key)
    return field.label if field else ""


def _report_rows(job: ImportJob, problem: str, page: str | None) -> Page:
    """One page of the preview's rows, only those with a problem in column `problem` when
    given: every problem reachable, none cut off."""
    rows = job.error_report.get("rows", []) if job.error_report else []
    if problem:
        rows = [r for r in rows if any(e["field"] == problem for e in r["errors"])]
    page_obj = Paginator(rows, PREVIEW_ROWS).get_page(page)
    for row in page_obj:
        for error in (
            *row["errors"],
            *row.get("dropped", []),
            *row.get("conflicts", []),
            *row.get("changes", []),
        ):
            error["label"] = _label(error["field"], job)
    return page_obj


def _per_column(entries: dict[str, dict]) -> list[dict]:
    """The dropped (or droppable) values per column, labelled, for the preview."""
    return [{"label": _label(key), **entry} for key, entry in entries.items()]


def _value_columns(job: ImportJob, choices: values.Choices) -> list[dict]:
    """The value columns of the report with the Koers values to map each value to (values.py),
    whatever the number of values."""
    found = (job.error_report or {}).get("values") or {}
    columns = []
    for key in values.VALUE_KEYS:
        if key not in found:
            continue
        labels = dict(choices[key])
        entries = []
        for entry in found[key]:
            match = entry["chosen"] or entry["guess"]
            entries.append(
                {
                    **entry,
                    "name": f"value:{key}:{entry['key']}",
                    # A country code Koers accepts but does not list is shown as itself.
                    "match_label": labels.get(match)
                    or (match if key not in ("owner", "segment") else ""),
                    "selected": entry["chosen"],
                }
            )
        columns.append(
            {
                "key": key,
                "label": _label(key),
                "entries": entries,
                "choices": choices[key],
                "unknown": sum(1 for e in entries if not e["match_label"]),
            }
        )
    return columns


def _defaults(job: ImportJob, choices: values.Choices) -> list[dict]:
    """The selects of the defaults for new accounts, with the job's choices."""
    chosen = job.options.get("defaults", {})
    labels = {
        "status": _("Status of new accounts"),
        "tier": _("Tier of new accounts"),
        "owner": _("Account manager of new accounts without one"),
    }
    empty = {
        "status": _("— as Koers does: prospect —"),
        "tier": _("— as Koers does: C —"),
        "owner": _("— you —"),
    }
    return [
        {
            "key": key,
            "label": labels[key],
            "empty": empty[key],
            "choices": choices[key],
            "chosen": chosen.get(key, ""),
        }
        for key in values.DEFAULT_KEYS
    ]


def _job_context(request: AuthenticatedHttpRequest, job: ImportJob) -> dict:
    problem = request.GET.get("problem", "")
    page_obj = _report_rows(job, problem, request.GET.get("page"))
    choices: values.Choices = {}
    if job.validated and job.status != ImportStatus.DONE:
        found = (job.error_report or {}).get("values") or {}
        # One query for the owners, one for segments when the file has a segment column.
        choices = values.koers_choices(request.user, [*values.DEFAULT_KEYS, *found])
    context = {
        "job": job,
        "report": job.error_report or {},
        "report_rows": list(page_obj),
        "page_obj": page_obj,
        "problem": problem,
        "problem_label": _label(problem, job),
        "kind": kinds.of(job),
        "problems": [
            {"field": key, "label": _label(key, job), "count": count}
            for key, count in (job.error_report or {}).get("problems", {}).items()
        ],
        "dropped": _per_column((job.error_report or {}).get("dropped", {})),
        "droppable": _per_column((job.error_report or {}).get("droppable", {})),
        "drop_values": bool(job.options.get("drop_values")),
        "background": services.runs_in_background(job),
        "value_columns": _value_columns(job, choices) if choices else [],
        "defaults": _defaults(job, choices) if choices else [],
        "may_add_segment": access.can_add_segment(request.user),
        "mapping_id": job.options.get("mapping_id"),
        "nav": "import",
    }
    if job.status == ImportStatus.DONE and job.kind == kinds.ACCOUNTS:
        created = job.result.get("created", [])
        updated = job.result.get("updated", [])
        shown = queries.accounts_by_ids(request.user, [*created[:100], *updated[:100]])
        by_id = {a.pk: a for a in shown}
        context["created_accounts"] = [by_id[i] for i in created[:100] if i in by_id]
        context["updated_accounts"] = [by_id[i] for i in updated[:100] if i in by_id]
    return context


def _job_page(request: AuthenticatedHttpRequest, job: ImportJob) -> HttpResponse:
    context = _job_context(request, job)
    template = "transfer/_job_body.html" if is_partial(request) else "transfer/import_job.html"
    return vary_on_htmx(render(request, template, context))


@login_required
def import_job(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _may_import_any(request)
    # A job whose worker died is shown as failed, with a way to start it again.
    return _job_page(request, services.import_recover(job=_job(request, pk)))


@login_required
@require_POST
def import_read_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A large upload whose reading stopped (its worker died): read it again."""
    _may_import_any(request)
    job = _job(request, pk)
    try:
        services.import_read_again(actor=request.user, job=job)
    except TransitionRefused as exc:
        messages.warning(request, exc.reason)
    return redirect("transfer:import_job", pk=job.pk)


@login_required
@require_POST
def import_run(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _may_import_any(request)
    job = _job(request, pk)
    try:
        # The job page that follows shows the outcome (or the progress of a large file).
        services.import_start(
            actor=request.user,
            job=job,
            leave_out_bad_rows=request.POST.get("rows") != "all",
            contact_changes=request.POST.get("contact_changes"),
        )
    except TransitionRefused as exc:
        messages.warning(request, exc.reason)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    return redirect("transfer:import_job", pk=job.pk)


@login_required
@require_POST
def import_options(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The decisions taken on the preview; the file is checked again with them."""
    _importer(request)
    job = _job(request, pk)
    post = request.POST
    drop = post.get("drop_values")
    posted_values: dict[str, dict[str, str]] | None = None
    if post.get("values_form"):
        posted_values = {}
        for name in post:
            prefix, _sep, rest = name.partition(":")
            key, _sep, norm = rest.partition(":")
            if prefix == "value" and norm:
                posted_values.setdefault(key, {})[norm] = post.get(name, "")
    posted_defaults = (
        {key: post.get(f"default_{key}", "") for key in values.DEFAULT_KEYS}
        if post.get("defaults_form")
        else None
    )
    try:
        services.import_set_options(
            actor=request.user,
            job=job,
            drop_values=None if drop is None else drop == "1",
            values=posted_values,
            defaults=posted_defaults,
            save_as=post.get("save_as", ""),
        )
        services.import_check_start(actor=request.user, job=job)
    except TransitionRefused as exc:
        messages.warning(request, exc.reason)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    return redirect("transfer:import_job", pk=job.pk)


@login_required
@require_POST
def import_segment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A segment the file names, made from the preview (managers and administrators); the file
    is checked again with the value mapped to it."""
    _importer(request)
    job = _job(request, pk)
    if not access.can_add_segment(request.user):
        raise NotAllowed
    name = request.POST.get("name", "")
    try:
        segment = services.import_segment_create(
            actor=request.user, job=job, name=name, value=request.POST.get("value", name)
        )
        services.import_check_start(actor=request.user, job=job)
    except TransitionRefused as exc:
        messages.warning(request, exc.reason)
    except ValidationError as exc:
        messages.warning(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The segment “%(name)s” has been added.") % {"name": segment})
    if is_partial(request):
        job.refresh_from_db()
        return _job_page(request, job)
    return redirect("transfer:import_job", pk=job.pk)


@login_required
@require_GET
def import_left_out(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The rows left out, as they were uploaded, with a column naming their problems."""
    _may_import_any(request)
    job = _job(request, pk, with_rows=True)
    if not job.validated or not job.error_count:
        raise Http404
    response = HttpResponse(leftout.left_out_xlsx(job), content_type=exports.XLSX_CONTENT_TYPE)
    stem = job.file_name.rsplit(".", 1)[0] or "import"
    name = _("%(file)s-left-out") % {"file": stem}
    response["Content-Disposition"] = content_disposition_header(True, f"{name}.xlsx") or ""
    return response


@login_required
@require_POST
def mapping_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _importer(request)
    mapping = get_object_or_404(queries.mappings_for(request.user), pk=pk)
    services.import_mapping_delete(actor=request.user, mapping=mapping)
    messages.success(request, _("The mapping “%(name)s” has been deleted.") % {"name": mapping})
    return redirect("transfer:import_start")
