"""The status moves of a quote version, each by the lifecycle's table (`quotes/lifecycle.py`)
and each a `QuoteEvent`: submit, the four-eyes review, sent, accepted, declined, expired,
withdrawn. Revisions and variants are in `versions.py`."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.core.writes import service
from koers.sales.models import (
    QuoteEventKind,
    QuoteLine,
    QuoteReviewSnapshot,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.quotes import queries
from koers.sales.quotes.diff import snapshot_of
from koers.sales.quotes.lifecycle import QUOTE_LIFECYCLE
from koers.sales.quotes.services.approvals import close_pending, route_to_approval
from koers.sales.quotes.services.common import field_error, may_change, record

S = QuoteStatus

# The reviewer's checklist (issue 13): every item ticked before a review approves.
CHECKLIST = ("delivery_date", "price_list", "terms", "vat_rates", "margin_floor")


def locked(version: QuoteVersion) -> QuoteVersion:
    return QuoteVersion.objects.select_for_update().select_related("quote").get(pk=version.pk)


def review_needed(version: QuoteVersion) -> bool:
    """Review is on, except below the administrator's amount (when one is set)."""
    threshold = queries.settings().review_from
    return threshold is None or version.net_total >= threshold


@service
def quote_submit(*, actor: User, version: QuoteVersion) -> QuoteVersion:
    """A draft goes to inside sales' review, or, below the amount that needs none, on to the
    mandate: approved for sending, or needs approval when it is beyond the owner's mandate."""
    may_change(actor, version)
    version = locked(version)
    now = timezone.now()
    if review_needed(version):
        QUOTE_LIFECYCLE.move(version, to=S.IN_REVIEW, submitted_at=now)
        record(version, QuoteEventKind.SUBMITTED, actor)
    elif not route_to_approval(actor=actor, version=version, now=now, submitted_at=now):
        note = _("No review needed below the set amount.")
        record(version, QuoteEventKind.APPROVED, actor, note)
    return version


def _may_review(actor: User, version: QuoteVersion) -> None:
    if version.quote.owner_id == actor.pk:
        raise NotAllowed(_("You cannot review your own quote: a colleague of inside sales does."))
    if not queries.may_review(actor, version):
        raise NotAllowed(_("You may not review this quote."))


def _keep_reviewed(version: QuoteVersion, actor: User) -> None:
    """What the review saw, so that a second review shows only what changed since."""
    QuoteReviewSnapshot.objects.create(
        quote_version=version, taken_at=timezone.now(), reviewed_by=actor, data=snapshot_of(version)
    )


def _waited(version: QuoteVersion) -> int | None:
    if version.submitted_at is None:
        return None
    return max(0, int((timezone.now() - version.submitted_at).total_seconds()))


@service
def quote_review_approve(
    *, actor: User, version: QuoteVersion, checklist: list[str], remarks: str = ""
) -> QuoteVersion:
    """Inside sales approve a quote in review, every checklist item ticked; it is then
    approved for sending, or needs approval when it is beyond its owner's mandate."""
    _may_review(actor, version)
    version = locked(version)
    missing = [item for item in CHECKLIST if item not in checklist]
    if missing and version.status == S.IN_REVIEW:
        message = _("Tick every item of the checklist before you approve.")
        raise field_error("checklist", message, "incomplete")
    now = timezone.now()
    if version.status != S.IN_REVIEW:
        # Not the table's check alone: needs approval -> approved is a move of the approver's.
        raise field_error("status", _("Only a quote in review can be reviewed."), "status")
    QuoteLine.objects.filter(group__quote_version=version).exclude(review_remark="").update(
        review_remark=""
    )
    record(version, QuoteEventKind.REVIEWED, actor, remarks.strip(), _waited(version))
    _keep_reviewed(version, actor)
    route_to_approval(
        actor=actor,
        version=version,
        now=now,
        reviewed_at=now,
        reviewed_by=actor,
        review_remarks=remarks.strip(),
        review_checklist=list(CHECKLIST),
    )
    return version


@service
def quote_review_return(
    *,
    actor: User,
    version: QuoteVersion,
    remarks: str,
    line_remarks: dict[int, str] | None = None,
    checklist: list[str] | None = None,
) -> QuoteVersion:
    """Inside sales return a quote in review to its owner as a draft, with remarks on the
    whole and per line (one of them at least)."""
    _may_review(actor, version)
    version = locked(version)
    line_remarks = {k: v.strip() for k, v in (line_remarks or {}).items() if v.strip()}
    lines = {line.pk: line for line in QuoteLine.objects.filter(group__quote_version=version)}
    if set(line_remarks) - set(lines):
        raise field_error("line_remarks", _("Remark only on lines of this quote."), "invalid")
    summary = remarks.strip() or (_("See the remarks on the lines.") if line_remarks else "")
    QUOTE_LIFECYCLE.move(
        version,
        to=S.DRAFT,
        reviewed_at=timezone.now(),
        reviewed_by=actor,
        review_remarks=summary,
        review_checklist=[item for item in (checklist or []) if item in CHECKLIST],
    )
    for pk, line in lines.items():
        line.review_remark = line_remarks.get(pk, "")[:500]
    QuoteLine.objects.bulk_update(list(lines.values()), ["review_remark"])
    record(version, QuoteEventKind.RETURNED, actor, summary, _waited(version))
    _keep_reviewed(version, actor)
    return version


@service
def quote_mark_sent(*, actor: User, version: QuoteVersion) -> QuoteVersion:
    """The owner records that the approved quote went to the customer (sending it from Koers
    with its PDF is a later part, and will call this)."""
    may_change(actor, version)
    version = locked(version)
    QUOTE_LIFECYCLE.move(version, to=S.SENT, sent_at=timezone.now())
    record(version, QuoteEventKind.SENT, actor)
    return version


def supersede(version: QuoteVersion, by: QuoteVersion, actor: User) -> None:
    """An open version is replaced by `by`: superseded, and never an order."""
    if version.is_open:
        QUOTE_LIFECYCLE.move(version, to=S.SUPERSEDED, superseded_by=by)
        close_pending(version)
        record(version, QuoteEventKind.SUPERSEDED, actor, by.label)
    else:
        QuoteVersion.objects.filter(pk=version.pk).update(superseded_by=by)
        version.superseded_by = by


@service
def quote_withdraw(*, actor: User, version: QuoteVersion, reason: str) -> QuoteVersion:
    may_change(actor, version)
    version = locked(version)
    QUOTE_LIFECYCLE.move(
        version, to=S.WITHDRAWN, withdraw_reason=reason.strip(), withdrawn_at=timezone.now()
    )
    close_pending(version)
    record(version, QuoteEventKind.WITHDRAWN, actor, reason.strip())
    return version


@service
def quote_expire(*, actor: User | None, version: QuoteVersion) -> QuoteVersion:
    """A sent quote past its validity day (the daily job of a later part calls this, with no
    actor)."""
    version = locked(version)
    if version.valid_until >= timezone.localdate():
        message = _("The quote is valid until %(date)s.") % {"date": version.valid_until}
        raise field_error("valid_until", message, "status")
    QUOTE_LIFECYCLE.move(version, to=S.EXPIRED, decided_at=timezone.now())
    record(version, QuoteEventKind.EXPIRED, actor)
    return version
