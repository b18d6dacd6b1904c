"""Whose pipeline the board and the forecast show: one owner, or one team.

Everyone sees their own by default. A manager picks one of the teams they manage or one of
its members (and starts on their first team); an administrator picks any team or any seller
(and starts on the first team). Whatever is picked, the rows are still those of the accounts
the user may read (`queries.opportunities_readable`): picking a colleague never shows more
than the policy allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from koers.core import access
from koers.core.models import Role, Team, User
from koers.core.widgets import FastSelect
from koers.sales.models import Opportunity


def may_pick(user: User) -> bool:
    """Managers and administrators look at a team's or a colleague's pipeline."""
    return access.can_approve(user)


def _teams(user: User) -> QuerySet[Team]:
    teams = Team.objects.order_by("name")
    return teams if user.is_admin else teams.filter(manager=user)


def _owners(user: User) -> QuerySet[User]:
    people = User.objects.filter(is_active=True).order_by("first_name", "last_name", "pk")
    if user.is_admin:
        return people.filter(role__in=(Role.ACCOUNT_MANAGER, Role.MANAGER))
    return people.filter(Q(teams__manager=user) | Q(pk=user.pk)).distinct()


class ScopeForm(forms.Form):
    """The board's and the forecast's picker (only for those who `may_pick`): one select of
    the teams and then the colleagues, as `team:<id>` or `user:<id>`."""

    of = forms.ChoiceField(label=_("Whose pipeline"), required=False, widget=FastSelect)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {team.pk: team for team in _teams(user)}
        self.people = {person.pk: person for person in _owners(user)}
        choices = [
            (f"team:{pk}", str(_("Team %(name)s") % {"name": t.name}))
            for pk, t in self.teams.items()
        ]
        choices += [
            (f"user:{pk}", p.get_full_name() or p.username) for pk, p in self.people.items()
        ]
        cast(forms.ChoiceField, self.fields["of"]).choices = choices

    def picked(self) -> tuple[Team | None, User | None]:
        value = self.cleaned_data.get("of") or ""
        kind, _sep, pk = value.partition(":")
        if not pk.isdigit():
            return None, None
        if kind == "team":
            return self.teams.get(int(pk)), None
        return None, self.people.get(int(pk))


@dataclass
class Scope:
    """One owner or one team, and the form that picked it (None when there is no choice)."""

    owner: User | None
    team: Team | None
    form: ScopeForm | None
    member_ids: list[int] | None = None

    @property
    def label(self) -> str:
        if self.team is not None:
            return self.team.name
        return self.owner.get_full_name() or self.owner.username if self.owner else ""

    def params(self) -> dict[str, str]:
        if self.team is not None:
            return {"of": f"team:{self.team.pk}"}
        if self.form is not None and self.owner is not None:
            return {"of": f"user:{self.owner.pk}"}
        return {}

    def query(self, **extra: Any) -> str:
        return urlencode({**self.params(), **{k: v for k, v in extra.items() if v}})

    def list_query(self, **extra: str) -> str:
        """The same deals in the opportunity list's filters (`team` or `owner`)."""
        if self.team is not None:
            return urlencode({"team": self.team.pk, **extra})
        return urlencode({"owner": self.owner.pk if self.owner else "", **extra})

    def narrow(self, rows: QuerySet[Opportunity], *, listed: bool = False) -> QuerySet[Opportunity]:
        """The scope's deals among `rows`. A team's members as a subquery, or `listed`: as a
        list of ids (one small query more), with which SQLite seeks each member's deals in the
        (owner, stage, close_on) index rather than walking every deal (for adding them all up;
        a page in order is better served by walking and stopping early)."""
        if self.team is not None:
            if not listed:
                return rows.filter(owner__in=self.team.members.values("pk"))
            if self.member_ids is None:
                self.member_ids = list(self.team.members.values_list("pk", flat=True))
            return rows.filter(owner__in=self.member_ids)
        return rows.filter(owner=self.owner)


def pipeline_scope(user: User, data: Any) -> Scope:
    """The scope asked for in `data` (GET `of`), else the default: a manager's first team,
    else the user. A team or colleague that is not a choice gives the default."""
    if not may_pick(user):
        return Scope(owner=user, team=None, form=None)
    form = ScopeForm(data or None, user=user)
    team = owner = None
    if form.is_bound and form.is_valid():
        team, owner = form.picked()
    if team is None and owner is None:
        team = next(iter(form.teams.values()), None)
        value = f"team:{team.pk}" if team else f"user:{user.pk}"
        if form.is_bound:
            form.data = {"of": value}
        else:
            form.initial["of"] = value
    if team is not None:
        return Scope(owner=None, team=team, form=form)
    return Scope(owner=owner or user, team=None, form=form)
