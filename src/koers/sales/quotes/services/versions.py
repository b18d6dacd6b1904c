"""New versions of a quote: a revision (the next number, replacing the version it revises) and
a variant (side by side with it, the same number and the next letter). Both copy the terms,
the groups and the lines, as a draft valid for the settings' days from today (decision:
versions of a quote)."""

from __future__ import annotations

from string import ascii_uppercase

from django.db.models import Max
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.core.writes import service
from koers.sales.models import (
    QuoteEventKind,
    QuoteLine,
    QuoteLineGroup,
    QuoteStatus,
    QuoteVersion,
)
from koers.sales.quotes.services.common import (
    default_valid_until,
    field_error,
    may_change,
    recompute,
    record,
)
from koers.sales.quotes.services.transitions import supersede

S = QuoteStatus
COPIED = (
    "delivery_terms",
    "payment_terms",
    "introduction",
    "value_proposition",
    "discount_percent",
    "discount_amount",
)


def _copy(source: QuoteVersion, actor: User, *, number: int, variant: str) -> QuoteVersion:
    new = QuoteVersion.objects.create(
        quote_id=source.quote_id,
        number=number,
        variant=variant,
        valid_until=max(source.valid_until, default_valid_until()),
        revised_from=source,
        created_by=actor,
        **{name: getattr(source, name) for name in COPIED},
    )
    new.quote = source.quote
    lines = []
    for group in source.groups.prefetch_related("lines"):
        copy = QuoteLineGroup.objects.create(
            quote_version=new, position=group.position, title=group.title, display=group.display
        )
        for line in group.lines.all():
            line.pk, line.group, line.review_remark = None, copy, ""
            lines.append(line)
    QuoteLine.objects.bulk_create(lines)
    recompute(new)
    return new


def _locked(actor: User, version: QuoteVersion) -> QuoteVersion:
    may_change(actor, version)
    return QuoteVersion.objects.select_for_update().select_related("quote").get(pk=version.pk)


@service
def quote_revise(*, actor: User, version: QuoteVersion) -> QuoteVersion:
    """The next version of a quote that can no longer change: a draft copy that replaces it (an
    open version is superseded at once, so that the customer cannot accept the old price)."""
    version = _locked(actor, version)
    if version.status == S.DRAFT:
        message = _("A draft can still change: edit it instead of making a new version.")
        raise field_error("status", message, "status")
    if version.status in (S.ACCEPTED, S.SUPERSEDED) or version.superseded_by_id:
        message = _("This version is %(status)s: revise the newest version instead.") % {
            "status": version.get_status_display().lower()
        }
        raise field_error("status", message, "status")
    last = QuoteVersion.objects.filter(quote_id=version.quote_id).aggregate(n=Max("number"))
    new = _copy(version, actor, number=(last["n"] or 0) + 1, variant=version.variant)
    supersede(version, new, actor)
    record(new, QuoteEventKind.REVISED, actor, _("From %(label)s.") % {"label": version.label})
    return new


@service
def quote_add_variant(*, actor: User, version: QuoteVersion) -> QuoteVersion:
    """An alternative next to an open version (variant A and B): both stay open, and accepting
    one supersedes the other. The first variant of an unlettered version makes it "A"."""
    version = _locked(actor, version)
    if not version.is_open or version.superseded_by_id:
        message = _("Only an open version gets a variant.")
        raise field_error("status", message, "status")
    siblings = QuoteVersion.objects.filter(quote_id=version.quote_id, number=version.number)
    taken = set(siblings.values_list("variant", flat=True))
    if "" in taken:
        QuoteVersion.objects.filter(pk=version.pk).update(variant="A")
        version.variant = "A"
        taken = (taken - {""}) | {"A"}
    free = [letter for letter in ascii_uppercase if letter not in taken]
    if not free:
        raise field_error("variant", _("A version has at most 26 variants."), "too_many")
    new = _copy(version, actor, number=version.number, variant=free[0])
    new.revised_from = version
    record(new, QuoteEventKind.VARIANT, actor, _("Next to %(label)s.") % {"label": version.label})
    return new
