"""The lists of account plans (decision 127): the Plans page (my plans, my team's) and the
manager's overview of a team's accounts with their plan of a year, with its XLSX export and
the API's list. Each is one FilterSet used by page, export and API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from koers.accounts.models import Account
from koers.core.lists import Column, Header, ListFilterSet, SortFilter, labels, url_maker
from koers.core.models import Role, Team, User
from koers.core.widgets import FastSelect
from koers.planning.models import AccountPlan, PlanStatus
from koers.planning.plans import overview, progress, queries
from koers.planning.plans.services import FIRST_YEAR, LAST_YEAR

NO_PLAN = "none"
SCOPES = (("mine", _("My plans")), ("team", _("My team's plans")), ("all", _("All I may read")))


def _this_year() -> str:
    return str(timezone.localdate().year)


def _keep(queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
    """A filter read by `rows()` (which accounts, which plan) rather than applied to them."""
    return queryset


def _people_of(user: User) -> QuerySet[User, Any]:
    """The owners of "my team's plans": the members of the teams I manage or am in, and me."""
    teams = Team.objects.filter(Q(manager=user) | Q(members=user)).values("pk")
    return User.objects.filter(Q(teams__in=teams) | Q(pk=user.pk)).values("pk")


def _percent(progress: Any) -> Any:
    return None if progress is None else progress.percent


PLAN_COLUMNS = (
    Column(_("Account"), lambda p: p.account.name),
    Column(_("Year"), lambda p: p.year),
    Column(_("Status"), lambda p: p.get_status_display()),
    Column(_("Owner"), lambda p: str(p.owner)),
    Column(_("Next review"), lambda p: p.next_review_on),
    Column(_("Progress (%)"), lambda p: _percent(getattr(p, "progress", None))),
    Column(_("Koers id"), lambda p: p.pk),
)


class PlanFilterSet(ListFilterSet):
    scope = django_filters.ChoiceFilter(
        label=_("Plans"), choices=SCOPES, method="filter_scope", empty_label=None, widget=FastSelect
    )
    year = django_filters.NumberFilter(label=_("Year"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=PlanStatus.choices,
        empty_label=_("All statuses"),
        widget=FastSelect,
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "account": ("account__name", "pk"),
        "year": ("year", "account__name"),
        "review": ("next_review_on", "pk"),
        "changed": ("updated_at", "pk"),
    }
    default_sort = "-year"
    headers = (
        Header(_("Account"), "account"),
        Header(_("Year"), "year", "num"),
        Header(_("Status")),
        Header(_("Owner")),
        Header(_("Next review"), "review"),
        Header(_("Progress"), "", "num"),
    )
    columns = PLAN_COLUMNS
    count_cap = 1000

    class Meta:
        model = AccountPlan
        fields = ["scope", "year", "status", "sort"]

    def defaults(self) -> dict[str, str]:
        team = self.user.is_authenticated and self.user.role == Role.MANAGER
        return {"scope": "team" if team else "mine", "year": _this_year()}

    def filter_scope(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value == "mine":
            return queryset.filter(owner=self.user)
        if value == "team":
            return queryset.filter(owner__in=_people_of(self.user))
        return queryset

    def rows(self) -> QuerySet[AccountPlan]:
        return queries.plans_readable(self.user).select_related("account", "owner")

    def fetch(self, ids: list[Any]) -> Any:
        return AccountPlan.objects.filter(pk__in=ids).select_related("account", "owner")

    def export_rows(self) -> Any:
        return overview.PreparedRows(self.found(), self.prepare)

    def prepare(self, rows: list[Any]) -> None:
        overview.load_goals(rows)
        found = progress.progress_for(rows, timezone.localdate())
        detail = url_maker("planning:plan_detail")
        statuses = labels(PlanStatus)
        for plan in rows:
            plan.url = detail(plan.pk)
            plan.status_label = statuses.get(plan.status, plan.status)
            plan.progress = found.get(plan.pk)


def _day(moment: Any) -> Any:
    return timezone.localdate(moment) if moment else None


def _submitted(a: Any) -> Any:
    return _day(a.plan_first_submitted)


OVERVIEW_COLUMNS = (
    Column(_("Account"), lambda a: a.name),
    Column(_("Owner"), lambda a: str(a.owner)),
    Column(_("Plan status"), lambda a: a.status_label),
    Column(_("Drafts submitted"), lambda a: a.plan_drafts),
    Column(_("Revisions"), lambda a: a.plan_revisions),
    Column(_("First submitted"), _submitted),
    Column(_("Last change"), lambda a: _day(a.plan_updated)),
    Column(_("Progress (%)"), lambda a: _percent(a.progress)),
    Column(_("Not submitted by the deadline"), lambda a: a.late),
    Column(_("Koers id"), lambda a: a.pk),
)


class OverviewFilterSet(ListFilterSet):
    """The accounts of one team with their plan of a year; `late`: those not submitted by the
    team's deadline of that year."""

    team = django_filters.ModelChoiceFilter(
        label=_("Team"), queryset=None, method=_keep, empty_label=None, widget=FastSelect
    )
    year = django_filters.NumberFilter(
        label=_("Year"), method=_keep, min_value=FIRST_YEAR, max_value=LAST_YEAR
    )
    status = django_filters.ChoiceFilter(
        label=_("Plan status"),
        choices=[*PlanStatus.choices, (NO_PLAN, _("No plan"))],
        empty_label=_("All statuses"),
        method="filter_status",
        widget=FastSelect,
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("Owner"), queryset=None, empty_label=_("Everyone"), widget=FastSelect
    )
    late = django_filters.BooleanFilter(
        label=_("Not submitted by the deadline"), method="filter_late"
    )
    sort = SortFilter(label=_("Sort by"), widget=FastSelect)

    sorts = {
        "account": ("name", "pk"),
        "status": ("plan_status", "name", "pk"),
        "changed": ("plan_updated", "pk"),
    }
    default_sort = "account"
    headers = (
        Header(_("Account"), "account"),
        Header(_("Owner")),
        Header(_("Plan status"), "status"),
        Header(_("Drafts"), "", "num"),
        Header(_("Revisions"), "", "num"),
        Header(_("Last change"), "changed"),
        Header(_("Progress"), "", "num"),
    )
    columns = OVERVIEW_COLUMNS
    state_fields = ("sort", "team", "year")
    count_cap = 1000

    class Meta:
        model = AccountPlan
        fields = ["team", "year", "status", "owner", "late", "sort"]

    def setup(self) -> None:
        teams = overview.teams_overseen(self.user)
        self.filters["team"].queryset = teams
        self.filters["owner"].queryset = User.objects.filter(teams__in=teams).distinct()

    def defaults(self) -> dict[str, str]:
        first = overview.teams_overseen(self.user).values_list("pk", flat=True).first()
        return {"year": _this_year(), **({"team": str(first)} if first else {})}

    @property
    def chosen_team(self) -> Team | None:
        return self.value("team")

    @property
    def chosen_year(self) -> int:
        return int(self.value("year") or _this_year())

    @property
    def deadline(self) -> Any:
        if not hasattr(self, "_deadline"):
            self._deadline = overview.deadline_of(self.chosen_team, self.chosen_year)
        return self._deadline

    def filter_status(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value == NO_PLAN:
            return queryset.filter(plan_pk__isnull=True)
        return queryset.filter(plan_status=value) if value else queryset

    def filter_late(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        if value is None:
            return queryset
        late = overview.late_filter(self.deadline)
        return queryset.filter(late) if value else queryset.exclude(late)

    def rows(self) -> QuerySet[Any]:
        team = self.chosen_team
        if team is None:
            return Account.objects.none()
        return overview.team_accounts(self.user, team, self.chosen_year)

    def fetch(self, ids: list[Any]) -> Any:
        return self.rows().filter(pk__in=ids)

    def export_rows(self) -> Any:
        return overview.PreparedRows(self.found(), self.prepare)

    def prepare(self, rows: list[Any]) -> None:
        found = overview.progress_of_plans((a.plan_pk for a in rows), timezone.localdate())
        deadline, today = self.deadline, timezone.localdate()
        statuses = labels(PlanStatus)
        detail = url_maker("planning:plan_detail")
        for account in rows:
            account.progress = found.get(account.plan_pk)
            account.status_label = (
                statuses.get(account.plan_status, account.plan_status)
                if account.plan_pk
                else str(_("No plan"))
            )
            account.plan_url = detail(account.plan_pk) if account.plan_pk else ""
            submitted = _submitted(account)
            account.late = bool(
                deadline and deadline < today and (submitted is None or submitted > deadline)
            )
