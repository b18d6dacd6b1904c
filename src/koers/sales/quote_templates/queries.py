"""Reads of quote templates. Templates hold no customer data: every signed-in user reads them
(`access.can_read_quote_templates`); the archived ones only on the managers' list."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from koers.core import access
from koers.core.models import User
from koers.sales.models import QuoteTemplate, QuoteTemplateGroup, QuoteTemplateLine


def templates_readable(user: User) -> QuerySet[QuoteTemplate]:
    if not access.can_read_quote_templates(user):
        return QuoteTemplate.objects.none()
    return QuoteTemplate.objects.all()


def templates_to_pick(user: User) -> QuerySet[QuoteTemplate]:
    """The templates offered when making a quote: not archived, by language and name."""
    return templates_readable(user).filter(archived_at__isnull=True).order_by("language", "name")


def templates_for_list(user: User) -> QuerySet[QuoteTemplate]:
    """The managers' list: with the number of lines, in one query."""
    return templates_readable(user).annotate(line_count=Count("groups__lines"))


def with_content(templates: QuerySet[QuoteTemplate]) -> QuerySet[QuoteTemplate]:
    """Groups and lines (with their products) in two more queries, whatever their number."""
    lines = Prefetch(
        "lines", QuoteTemplateLine.objects.select_related("product").order_by("position", "pk")
    )
    groups = Prefetch(
        "groups", QuoteTemplateGroup.objects.prefetch_related(lines).order_by("position", "pk")
    )
    return templates.prefetch_related(groups)
