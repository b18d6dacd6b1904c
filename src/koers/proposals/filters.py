"""The list of improvement proposals (docs/decisions.md, 18): the page and the API.

An account manager starts from their own proposals; a manager (and an administrator) from the
proposals they decide on, those awaiting a decision first, then the parked ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import django_filters
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.lists import Header, ListFilterSet, SortFilter, labels, url_maker
from koers.core.widgets import FastSelect
from koers.proposals import queries
from koers.proposals.models import Proposal, ProposalKind, ProposalStatus

S = ProposalStatus
MINE, TEAM, ALL = "mine", "team", "all"


def _waiting_first() -> tuple[Any, ...]:
    order = Case(
        When(status=S.SUBMITTED, then=Value(0)),
        When(status=S.PARKED, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (order, "-submitted_at")


class ProposalFilterSet(ListFilterSet):
    show = django_filters.ChoiceFilter(
        label=_("Show"),
        choices=[
            (MINE, _("My proposals")),
            (TEAM, _("To decide by me")),
            (ALL, _("All I may read")),
        ],
        empty_label=None,
        method="filter_show",
        widget=FastSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=ProposalStatus.choices,
        empty_label=_("All statuses"),
        widget=FastSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("About"),
        choices=ProposalKind.choices,
        empty_label=_("Everything"),
        widget=FastSelect,
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {"waiting": _waiting_first(), "submitted": ("submitted_at",)}
    default_sort = "waiting"
    state_fields = ("sort", "show")
    headers = (
        Header(_("Proposal")),
        Header(_("Proposed by")),
        Header(_("Status")),
        Header(_("Submitted"), "submitted"),
    )

    class Meta:
        model = Proposal
        fields = ["show", "status", "kind", "sort"]

    def defaults(self) -> dict[str, str]:
        return {"show": TEAM if access.may_decide(self.user) else MINE}

    def filter_show(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        if value == MINE:
            return queryset.filter(proposer=self.user)
        if value == TEAM:
            return queryset.exclude(proposer=self.user)
        return queryset

    def rows(self) -> QuerySet[Proposal]:
        return queries.proposals_readable(self.user)

    def fetch(self, ids: list[Any]) -> Iterable[Proposal]:
        return Proposal.objects.filter(pk__in=ids).select_related(*queries.RELATED)

    def extension_related(self) -> list[str]:
        return [*super().extension_related(), *queries.RELATED]

    def prepare(self, rows: list[Any]) -> None:
        statuses, kinds = labels(ProposalStatus), labels(ProposalKind)
        detail = url_maker("proposals:proposal_detail")
        for row in rows:
            row.url = detail(row.pk)
            row.status_label = statuses[row.status]
            row.kind_label = kinds[row.kind]
