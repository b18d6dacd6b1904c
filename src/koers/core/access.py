"""The one access policy. Every page, partial, form, export, import and API endpoint asks it.

Rules (docs/decisions.md, decisions 1 and 12):
- administrator: everything;
- manager: accounts owned by themselves or by a member of a team they manage, and accounts
  whose account team has such a member;
- account manager and inside sales: accounts they own and accounts whose account team they are on;
- marketing: reads every account (campaign selections), changes none.
Branches are accounts: each is judged on its own owner and account team.

The account is the root of every other scope: a contact, a position, and later an activity, an
opportunity, a quote or a plan is readable when the account it belongs to is. A new app's
`queries.py` scopes its rows in one line::

    def quotes_readable(user):
        return access.scope_through_account(Quote.objects.all(), user, path="opportunity__account")

Duplicates (decision 13): the warning for a likely duplicate account is deliberately NOT scoped.
A duplicate the user may read is shown with its name and a link; one they may not read is named
only by its owner ("an account of Bob Visser"), so that they ask that colleague instead of
creating the same customer twice, and learn nothing else about it (`duplicate_warnings`).

This module imports no app: apps import core, never the other way. It reaches the customer
file's models by name (`apps.get_model`), as Django's auth reaches AUTH_USER_MODEL. How the
scope is written for the database (an uncorrelated list for counting, a per-row check for a page
in list order: docs/performance.md, findings 2, 8 and 9) stays inside this module, behind the
named functions `accounts_readable_for_page` and `contacts_readable_for_count`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.apps import apps
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from koers.core.lookups import in_subquery
from koers.core.models import Role, Team, User

if TYPE_CHECKING:
    from koers.accounts.models import Account, Contact

M = TypeVar("M", bound=Model)


def _model(name: str) -> Any:
    return apps.get_model("accounts", name)


# ------------------------------------------------------------------------------ role predicates


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def reads_everything(user: User) -> bool:
    """Administrators, marketing and the sales director read the whole customer file; no scope
    is applied. The director approves quotes of every team, so reads every deal."""
    return _active(user) and (user.is_admin or user.role in (Role.MARKETING, Role.SALES_DIRECTOR))


def changes_nothing(user: User) -> bool:
    """Marketing reads everything and changes none of it."""
    return not user.is_admin and user.role == Role.MARKETING


def has_portfolio(user: User) -> bool:
    """Account managers own accounts of their own: their lists offer "My accounts" and start
    from it. Managers start from their teams' accounts, the others from all they may read."""
    return _active(user) and not user.is_admin and user.role == Role.ACCOUNT_MANAGER


def can_create_account(user: User) -> bool:
    """New accounts and branches: account managers, managers and administrators. Inside sales
    serve accounts that others own, and marketing changes nothing (docs/decisions.md)."""
    return _active(user) and (user.is_admin or user.role in (Role.ACCOUNT_MANAGER, Role.MANAGER))


def can_assign_owner(user: User) -> bool:
    """Only managers and administrators move accounts between portfolios."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


def can_delete(user: User) -> bool:
    """Deleting customer records (accounts, contacts: a request to be forgotten) is for managers
    and administrators, on records they may change (`can_delete_account`, `can_delete_contact`)."""
    return can_assign_owner(user)


def can_approve(user: User) -> bool:
    """Approving plans and deals beyond an account manager's mandate: managers and admins."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


def can_approve_far_beyond(user: User) -> bool:
    """The second approval of a quote far beyond its owner's mandate (a second threshold per
    level), after the manager's: the sales director and administrators."""
    return _active(user) and (user.is_admin or user.role == Role.SALES_DIRECTOR)


def can_set_mandate_for(user: User, person: User) -> bool:
    """A personal mandate for an account manager: a manager of one of their teams, or an
    administrator. Never one's own (a manager who is also a member of their own team)."""
    if not _active(user) or person.pk == user.pk or person.role != Role.ACCOUNT_MANAGER:
        return False
    if user.is_admin:
        return True
    return user.role == Role.MANAGER and person.teams.filter(manager=user).exists()


def can_delegate_approvals(user: User) -> bool:
    """A manager who is away hands their approvals to another manager for a period."""
    return _active(user) and user.role == Role.MANAGER


def can_keep_competitors(user: User) -> bool:
    """The list of competitors met in deals: kept by marketing (market information) and
    administrators; everybody else picks from it."""
    return _active(user) and (user.is_admin or user.role == Role.MARKETING)


def can_read_signal_feed(user: User) -> bool:
    """The feed of market signals (`/market/signals/`): marketing, managers, the sales director
    and administrators. Everybody else meets signals on the pages they concern; what the feed
    shows is still only the signals the reader may read (`signals_readable`)."""
    return _active(user) and (
        user.is_admin or user.role in (Role.MARKETING, Role.MANAGER, Role.SALES_DIRECTOR)
    )


def can_record_signal(user: User) -> bool:
    """Anyone signed in records what they heard about the market, marketing included."""
    return _active(user)


def can_change_signal(user: User, recorded_by_id: int | None) -> bool:
    """Changing a recorded signal: marketing and administrators (who keep the market
    information), and the colleague who recorded it."""
    if not _active(user):
        return False
    return user.is_admin or user.role == Role.MARKETING or recorded_by_id == user.pk


def signals_readable_filter(user: User) -> Q:
    """A filter on MarketSignal for what `user` may read: tied to accounts, like them (any one
    readable is enough); tied to none, by everyone signed in (docs/decisions.md, 115). The
    check is per signal (EXISTS), so a feed that walks signals newest first stops after a page."""
    if not _active(user):
        return Q(pk__in=[])
    if reads_everything(user):
        return Q()
    links = apps.get_model("planning", "MarketSignal").accounts.through.objects
    linked = links.filter(marketsignal_id=OuterRef("pk"))
    readable = linked.filter(through_account(user, "account"))
    return ~Q(Exists(linked)) | Q(Exists(readable))


def can_reopen_deal(user: User) -> bool:
    """Reopening a won or lost opportunity: managers and administrators (on opportunities
    they may change): whoever approves."""
    return can_approve(user)


def can_read_survey_reports(user: User) -> bool:
    """The list of survey answers with their averages and NPS: managers, the sales director
    and administrators (each sees the answers of the accounts they may read)."""
    return _active(user) and (user.is_admin or user.role in (Role.MANAGER, Role.SALES_DIRECTOR))


def can_read_team_insights(user: User) -> bool:
    """The team's indicators side by side, one account manager per row (`/insights/team/`):
    managers (their teams), the sales director and administrators (every team). Account
    managers see only their own figures next to the team's anonymous spread."""
    return _active(user) and (user.is_admin or user.role in (Role.MANAGER, Role.SALES_DIRECTOR))


def can_read_company_insights(user: User) -> bool:
    """The company's figures (`/insights/company/`: teams, segments and product groups side by
    side): administrators and the sales director, who read every team."""
    return _active(user) and (user.is_admin or user.role == Role.SALES_DIRECTOR)


def can_review(user: User) -> bool:
    """The four-eyes check of a quote: inside sales, managers and administrators."""
    return _active(user) and (user.is_admin or user.role in (Role.INSIDE_SALES, Role.MANAGER))


def can_process_orders(user: User) -> bool:
    """Moving an order through its statuses (confirmed, in delivery, delivered, invoiced,
    cancelled): inside sales, managers and administrators, on orders they may change. The
    account manager monitors their orders and records problems, but does not process them."""
    return _active(user) and (user.is_admin or user.role in (Role.INSIDE_SALES, Role.MANAGER))


def can_comment_on_reports(user: User) -> bool:
    """A manager coaches by reading and commenting on visit reports (seeds/002); administrators
    too. The report must also be readable to them (its account's scope)."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


def can_set_account_norm(user: User, account: Account) -> bool:
    """An account's own contact norm: managers and administrators, on accounts they may change
    (an account manager who lengthened their own norm could make a cold account look warm)."""
    return can_approve(user) and can_change_account(user, account)


def can_view_agenda_of(user: User, other: User) -> bool:
    """Your own agenda; a manager also a team member's (their week), an administrator anyone's.
    What the agenda then shows is still scoped by the accounts `user` may read."""
    if not _active(user):
        return False
    if user.pk == other.pk or user.is_admin:
        return True
    return user.role == Role.MANAGER and other.teams.filter(manager=user).exists()


def can_add_segment(user: User) -> bool:
    """Adding a segment that an imported file names: managers and administrators (renaming and
    deleting segments stays with the administration pages)."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


def can_import_accounts(user: User) -> bool:
    """Importing writes whole portfolios: account managers, managers and administrators."""
    return _active(user) and (user.is_admin or user.role in (Role.ACCOUNT_MANAGER, Role.MANAGER))


# ---------------------------------------------------------------------------- the account scope


def _team_user_ids(user: User) -> QuerySet[User, Any]:
    return User.objects.filter(Q(teams__manager=user) | Q(pk=user.pk)).values("pk")


def _account_scope(user: User, *, per_row: bool = False, through: str = "") -> Q:
    """A filter on Account for what `user` may read.

    Both sides of the OR are uncorrelated lists, so each is answered from an index; a
    correlated EXISTS here made every scoped query scan all accounts (docs/performance.md).
    `per_row`: the same accounts, for checking them one by one (a page in list order, or inside
    a correlated subquery), where PostgreSQL should probe a hashed list rather than scan an
    array element by element (finding 8).
    """

    def listed(field: str, subquery: QuerySet[Any]) -> Q:
        if through:
            # On a row that links to the account: its owner through the join, its id as is.
            field = f"{through}_id" if field == "pk" else f"{through}__{field}"
        return Q(**{f"{field}__in": subquery}) if per_row else in_subquery(field, subquery)

    if not _active(user):
        return Q(pk__in=[])
    if reads_everything(user):
        return Q()
    team_members = _model("AccountTeamMember").objects
    if user.role == Role.MANAGER:
        people = _team_user_ids(user)
        on_team = team_members.filter(user__in=people).values("account_id")
        return listed("owner_id", people) | listed("pk", on_team)
    on_team = team_members.filter(user=user).values("account_id")
    owner = f"{through}__owner" if through else "owner"
    return Q(**{owner: user}) | listed("pk", on_team)


def accounts_readable(user: User) -> QuerySet[Account]:
    """Every account `user` may read; the form that counts and searches fastest."""
    return _model("Account").objects.filter(_account_scope(user))


def accounts_readable_for_page(user: User) -> QuerySet[Account]:
    """The same accounts as `accounts_readable`, for fetching a page in list order, which
    PostgreSQL does by walking an index and testing each account (docs/performance.md, 8)."""
    return _model("Account").objects.filter(_account_scope(user, per_row=True))


def accounts_writable(user: User) -> QuerySet[Account]:
    if changes_nothing(user):
        return _model("Account").objects.none()
    return accounts_readable(user)


def can_read_account(user: User, account: Account) -> bool:
    return accounts_readable(user).filter(pk=account.pk).exists()


def can_change_account(user: User, account: Account) -> bool:
    return accounts_writable(user).filter(pk=account.pk).exists()


def can_delete_account(user: User, account: Account) -> bool:
    return can_delete(user) and can_change_account(user, account)


def readable_through(user: User, path: str = "account") -> Q:
    """A filter on a row that links to an account (by `path`): the account is readable by
    `user`. Checked on the joined account, against the short lists of the user's (or the
    team's) people and account-team places, never the list of every readable account: for the
    few thousand rows a search matches (issue 7). Rows without an account are left out, except
    for those who read everything."""
    if reads_everything(user):
        return Q(**{f"{path}__isnull": False})
    return _account_scope(user, per_row=True, through=path)


def scope_through_account(
    queryset: QuerySet[M], user: User, path: str = "account", *, write: bool = False
) -> QuerySet[M]:
    """`queryset` narrowed to the rows whose account (reached by `path`) `user` may read, or
    change with `write=True`. Rows without an account are left out, except for those who read
    (or change) everything.

    A check per row (EXISTS on the account's id): callers look at a page of rows or the rows of
    one record, and SQLite otherwise lists every readable account first.
    """
    return queryset.filter(through_account(user, path, write=write))


def through_account(user: User, path: str = "account", *, write: bool = False) -> Q:
    """The filter of `scope_through_account`, for a scope that widens it with an OR (the
    complaints a colleague was given a task on): the check stays per row, so a query that
    narrows the rows first (a period, a page) checks only those."""
    if write and changes_nothing(user):
        return Q(pk__in=[])
    if reads_everything(user):
        return Q(**{f"{path}__isnull": False})
    accounts = _model("Account").objects.filter(_account_scope(user), pk=OuterRef(path))
    return Q(Exists(accounts))


def through_account_per_row(user: User, path: str = "account") -> Q:
    """The filter of `scope_through_account` (read), for a page walked in list order through
    a join (a quote version's account is its quote's): the same EXISTS on the account, with
    the people and places as hashed lists (`_account_scope(per_row=True)`). The arrays of
    `through_account` are scanned element by element for every row: a manager's 2,400
    account-team places cost about 30 µs a row, 300 ms for the first 1,001 open quotes at
    size L (docs/performance.md, part 6)."""
    if not _active(user):
        return Q(pk__in=[])
    if reads_everything(user):
        return Q(**{f"{path}__isnull": False})
    accounts = _model("Account").objects.filter(
        _account_scope(user, per_row=True), pk=OuterRef(path)
    )
    return Q(Exists(accounts))


def through_account_for_page(user: User, path: str = "account", *, write: bool = False) -> Q:
    """The filter of `scope_through_account`, for walking many rows in list order (a page of
    the whole pipeline, the complaints of a team): the readable accounts' ids as two lists,
    each built once and probed per row as a hash. The EXISTS form tests each row against
    the account and its owner (about 20 µs a row on PostgreSQL, 100 ms for a manager's first
    1,001 open deals at size L); this form pays about 10 ms once for a manager's lists and
    then nearly nothing per row (docs/performance.md, parts 4 and 5). Same rows, same rule:
    `_account_scope`."""
    if write and changes_nothing(user):
        return Q(pk__in=[])
    if not _active(user):
        return Q(pk__in=[])
    if reads_everything(user):
        return Q(**{f"{path}__isnull": False})
    people: Any = _team_user_ids(user) if user.role == Role.MANAGER else [user.pk]
    owned = _model("Account").objects.filter(owner__in=people).values("pk")
    places = _model("AccountTeamMember").objects.filter(user__in=people).values("account_id")
    # Two INs under an OR: PostgreSQL keeps each as a hashed subplan instead of turning it
    # into a join that would have to finish before the first row of the page.
    return Q(**{f"{path}_id__in": owned}) | Q(**{f"{path}_id__in": places})


# ---------------------------------------------------------------------------- the contact scope


def _contact_scope(user: User, *, for_count: bool = False, per_row: bool = False) -> Q:
    """A contact is readable when it works (or worked) at a readable account.

    A contact without any account is readable by the one who created it and by admins.
    Two equivalent forms (docs/performance.md, finding 9): a manager, who sees a large share of
    all contacts, gets a check per contact, so that a page walks the contacts in list order and
    stops; others get the list of their contacts. `for_count`: the list form for everyone, the
    cheaper one for counting all of a large scope. `per_row`: the check per contact for
    everyone, for a page of the list that is fetched without counting it (issue 7).
    """
    account_model, position_model = _model("Account"), _model("Position")
    if reads_everything(user):
        return Q()
    if not _active(user):
        return Q(pk__in=[])
    if (per_row or user.role == Role.MANAGER) and not for_count:
        # A manager sees a whole team's contacts (a sixth of the file at size L): walking the
        # contacts in list order and checking each is cheaper than listing them all first.
        # The redundant `>=` keeps PostgreSQL from turning the EXISTS into one hash of every
        # readable position (100 ms at size L), which it does for an EXISTS inside an OR.
        # Each position's account is checked through the join: a list of a manager's readable
        # accounts (15,000 at size L) cost more to build than a search's checks (issue 7).
        placed = position_model.objects.filter(
            _account_scope(user, per_row=True, through="account"),
            contact=OuterRef("pk"),
            contact_id__gte=OuterRef("pk"),
        )
        anywhere = position_model.objects.filter(contact=OuterRef("pk"))
        return Q(Exists(placed)) | (Q(created_by=user) & ~Q(Exists(anywhere)))
    readable = account_model.objects.filter(_account_scope(user)).values("pk")
    at_readable = (
        position_model.objects.filter(account__in=readable).order_by().values("contact_id")
    )
    # NOT EXISTS rather than a LEFT JOIN … IS NULL: answered from the contact_id index alone.
    anywhere = position_model.objects.filter(contact=OuterRef("pk"))
    own_unplaced = (
        _model("Contact")
        .objects.filter(created_by=user)
        .filter(~Exists(anywhere))
        .order_by()
        .values("pk")
    )
    # One list, not an OR of two: the database can then join it to the contacts either way
    # round (start from the list, or walk the contacts in name order and probe it), where an
    # OR made PostgreSQL test each contact against a 60,000-element array (docs/performance.md).
    return Q(pk__in=at_readable.union(own_unplaced, all=True))


def contacts_readable(user: User) -> QuerySet[Contact]:
    """Every contact `user` may read, in the form that fetches a page fastest."""
    return _model("Contact").objects.filter(_contact_scope(user))


def contacts_readable_for_page(user: User) -> QuerySet[Contact]:
    """The same contacts as `contacts_readable`, checked one by one for every role: a page of
    the list walks the contacts in list order and stops after its rows."""
    return _model("Contact").objects.filter(_contact_scope(user, per_row=True))


def contacts_readable_for_count(user: User) -> QuerySet[Contact]:
    """The same contacts as `contacts_readable`, in the form that counts a large scope fastest."""
    return _model("Contact").objects.filter(_contact_scope(user, for_count=True))


def contacts_writable(user: User) -> QuerySet[Contact]:
    if changes_nothing(user):
        return _model("Contact").objects.none()
    return contacts_readable(user)


def can_change_contact(user: User, contact: Contact) -> bool:
    return contacts_writable(user).filter(pk=contact.pk).exists()


def can_delete_contact(user: User, contact: Contact) -> bool:
    return can_delete(user) and can_change_contact(user, contact)


# ----------------------------------------------------------------------------- duplicate warning


def duplicate_warnings(user: User, found: list[Account]) -> list[dict[str, Any]]:
    """The likely duplicates of an account being created, as the warning shows them: each with
    `readable`. One the user may not read is shown by its owner only (see the module docstring)."""
    if not found:
        return []
    readable = set(
        accounts_readable(user).filter(pk__in=[a.pk for a in found]).values_list("pk", flat=True)
    )
    return [{"account": a, "readable": a.pk in readable} for a in found]


# ------------------------------------------------------------------------------ people and teams


def users_readable(user: User) -> QuerySet[User]:
    """Colleagues are visible to every signed-in user (owners, account teams)."""
    if not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(is_active=True)


def teams_readable(user: User) -> QuerySet[Team]:
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.all()


def can_manage_settings(user: User) -> bool:
    """The settings pages (users, teams, segments; later norms, mandates, catalogue): admins."""
    return bool(user.is_authenticated and user.is_active and user.is_admin)


def can_use_import_job(user: User, job: Any) -> bool:
    """An import job (its file, mapping, check and run) is its uploader's alone, and only while
    they may import: not even an administrator runs someone else's file (it would import into
    the uploader's portfolio under the administrator's name)."""
    return can_import_accounts(user) and job.owner_id == user.pk


def can_revoke_token(user: User, token: Any) -> bool:
    """A personal API token is revoked by its owner alone, not even by an administrator: the
    token acts as its owner, and an administrator deactivates a user instead (which stops every
    token of theirs at once)."""
    return bool(user.is_authenticated) and token.user_id == user.pk


def can_create_contact(user: User) -> bool:
    """A contact not (yet) at an account: everybody but marketing, inside sales too."""
    return _active(user) and (user.is_admin or user.role != Role.MARKETING)


def can_export_personal_data(user: User, contact: Contact) -> bool:
    """The person's data at every account, also those the user may not read: so only
    administrators and managers who may change the contact make the export (AVG)."""
    return (
        _active(user)
        and (user.is_admin or user.role == Role.MANAGER)
        and (can_change_contact(user, contact))
    )


def can_erase_contact(user: User, contact: Contact) -> bool:
    """Anonymising a contact on request (AVG): the same people as the export."""
    return can_export_personal_data(user, contact)


def can_review_retention(user: User) -> bool:
    """The review of contacts kept too long without activity or consent (AVG): administrators
    (the whole file) and managers (their teams' contacts, by `contacts_readable`)."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


# ------------------------------------------------------------------- decisions for a team member


def people_decided_by(user: User) -> QuerySet[User]:
    """The colleagues whose requests `user` decides on (gift approvals; later proposals): the
    members of the teams `user` manages, never themselves. Someone in no team with a manager
    (a manager of their own team, say) has their requests decided by an administrator."""
    if not _active(user):
        return User.objects.none()
    if user.role == Role.MANAGER:
        return User.objects.filter(teams__manager=user).exclude(pk=user.pk).distinct()
    if user.is_admin:
        managed = Team.objects.filter(members=OuterRef("pk"), manager__isnull=False).exclude(
            manager=OuterRef("pk")
        )
        return User.objects.exclude(pk=user.pk).filter(~Exists(managed))
    return User.objects.none()


def can_decide_for(user: User, person: User) -> bool:
    """Whether `user` decides on the requests of `person` (`people_decided_by`)."""
    return people_decided_by(user).filter(pk=person.pk).exists()


def may_decide(user: User) -> bool:
    """Whether `user` decides for anyone at all: the manager's pages and counts."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


def can_manage_mail_templates(user: User) -> bool:
    """Mail and letter templates: managers (for their teams' texts) and administrators."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


def can_read_general_terms(user: User) -> bool:
    """Our general terms: everyone signed in reads and downloads every version (they are handed
    to customers with each quote)."""
    return _active(user)


def can_manage_general_terms(user: User) -> bool:
    """Uploading a version of the general terms: administrators (decision 109)."""
    return can_manage_settings(user)


def can_manage_quote_templates(user: User) -> bool:
    """Quote templates (texts, terms, default lines): administrators and the sales director.
    A template serves every team, so a team's manager picks from them and does not change
    them (decision 110)."""
    return _active(user) and (user.is_admin or user.role == Role.SALES_DIRECTOR)


def can_read_quote_templates(user: User) -> bool:
    """Everyone signed in reads the templates: they hold no customer data, and whoever makes
    or reviews a quote picks one or sees where it came from."""
    return _active(user)


def can_decide_plan_of(user: User, owner: User) -> bool:
    """Approving or returning an account plan, and proposing changes to it: the manager of a
    team the plan's owner is in (never their own plan), or an administrator (decision 117)."""
    if not _active(user) or user.pk == owner.pk:
        return False
    if user.is_admin:
        return True
    return user.role == Role.MANAGER and owner.teams.filter(manager=user).exists()


def can_decide_report_of(user: User, owner: User, *, team_report: bool) -> bool:
    """Commenting on, closing or returning an accountability report (decision 141): an account
    manager's report is the manager's of a team they are in, as for plans; a team's report,
    which its manager owns, is the sales director's; administrators both. Never one's own."""
    if not _active(user) or user.pk == owner.pk:
        return False
    if user.is_admin:
        return True
    if team_report:
        return user.role == Role.SALES_DIRECTOR
    return user.role == Role.MANAGER and owner.teams.filter(manager=user).exists()


def can_write_own_report(user: User) -> bool:
    """Drafting an accountability report of one's own: account managers (their own figures)
    and managers (a team's they manage)."""
    return _active(user) and user.role in (Role.ACCOUNT_MANAGER, Role.MANAGER)


def can_manage_plan_templates(user: User) -> bool:
    """The templates that start an account plan of each type: managers and administrators."""
    return _active(user) and (user.is_admin or user.role == Role.MANAGER)


def can_own_plan(user: User, *, level_a_gives_input: bool) -> bool:
    """Who may own (write and submit) an account plan: everybody who changes accounts, except
    account managers of level A when the administrator has set that they give input instead."""
    if not _active(user) or changes_nothing(user):
        return False
    return not (level_a_gives_input and user.role == Role.ACCOUNT_MANAGER and user.level == "A")


# ------------------------------------------------------------------------------------ campaigns


def can_run_campaigns(user: User) -> bool:
    """Creating, changing and running campaigns over the whole customer file: marketing and
    administrators (decision 131)."""
    return _active(user) and (user.is_admin or user.role == Role.MARKETING)


def can_manage_campaign(user: User, *, owner_id: int | None) -> bool:
    """One campaign's registrations (read them all, cancel one, move one up from the waiting
    list) and every row of its results per account manager: who runs campaigns, and the
    campaign's owner, who may be an account manager (decision 147)."""
    return can_run_campaigns(user) or (_active(user) and owner_id == user.pk)


def can_adjust_campaign_selection(user: User) -> bool:
    """Adding and removing contacts of a selection by hand: who runs campaigns (any contact),
    and account managers and managers (the contacts at accounts they may change)."""
    return can_run_campaigns(user) or (
        _active(user) and user.role in (Role.ACCOUNT_MANAGER, Role.MANAGER)
    )


def can_check_in(user: User, *, on_duty: bool) -> bool:
    """The check-in at an event's door (searching its registrations, checking in, walk-ins):
    who runs campaigns, and the colleagues on the event's stand duty (decision 139)."""
    return can_run_campaigns(user) or (_active(user) and on_duty)


def can_invite_personally(user: User) -> bool:
    """A personal invitation link for one's own contact: account managers and managers (the
    contacts they may change), and who runs campaigns."""
    return can_adjust_campaign_selection(user)


def can_record_leads(user: User) -> bool:
    """Recording a lead at a campaign's event (decision 140): account managers, managers and
    administrators, who may add a prospect to the file. Marketing reads every lead."""
    return _active(user) and (user.is_admin or user.role in (Role.ACCOUNT_MANAGER, Role.MANAGER))
