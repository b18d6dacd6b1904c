"""The one access policy. Every page, form, export and API endpoint asks it.

Rules (see docs/decisions.md):
- administrator: everything;
- manager: accounts owned by themselves or by a member of a team they manage, and accounts
  whose account team has such a member;
- account manager and inside sales: accounts they own and accounts whose account team they are on;
- marketing: reads every account (campaign selections), changes none.
Branches are accounts: each is judged on its own owner and account team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from koers.core.lookups import in_subquery
from koers.core.models import Role, Team, User

if TYPE_CHECKING:
    from koers.accounts.models import Account, Contact


def _team_user_ids(user: User) -> QuerySet[User]:
    return User.objects.filter(Q(teams__manager=user) | Q(pk=user.pk)).values("pk")


def account_scope(user: User, *, per_row: bool = False) -> Q:
    """A filter on Account for what `user` may read.

    Both sides of the OR are uncorrelated lists, so each is answered from an index; a
    correlated EXISTS here made every scoped query scan all accounts (docs/performance.md).
    `per_row`: the same accounts, for checking them one by one (a page in list order, or inside
    a correlated subquery), where PostgreSQL should probe a hashed list rather than scan an
    array element by element (finding 8).
    """
    from koers.accounts.models import AccountTeamMember

    def listed(field: str, subquery: QuerySet) -> Q:
        return Q(**{f"{field}__in": subquery}) if per_row else in_subquery(field, subquery)

    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_admin or user.role == Role.MARKETING:
        return Q()
    if user.role == Role.MANAGER:
        people = _team_user_ids(user)
        on_team = AccountTeamMember.objects.filter(user__in=people).values("account_id")
        return listed("owner_id", people) | listed("pk", on_team)
    on_team = AccountTeamMember.objects.filter(user=user).values("account_id")
    return Q(owner=user) | listed("pk", on_team)


def accounts_readable(user: User, *, per_row: bool = False) -> QuerySet[Account]:
    """`per_row`: see account_scope; for a page in list order, which PostgreSQL gets by
    walking an index and testing each account (docs/performance.md, finding 8)."""
    from koers.accounts.models import Account

    return Account.objects.filter(account_scope(user, per_row=per_row))


def accounts_writable(user: User) -> QuerySet[Account]:
    if user.role == Role.MARKETING and not user.is_admin:
        from koers.accounts.models import Account

        return Account.objects.none()
    return accounts_readable(user)


def can_read_account(user: User, account: Account) -> bool:
    return accounts_readable(user).filter(pk=account.pk).exists()


def can_change_account(user: User, account: Account) -> bool:
    return accounts_writable(user).filter(pk=account.pk).exists()


def can_create_account(user: User) -> bool:
    return user.is_authenticated and (user.is_admin or user.role != Role.MARKETING)


def can_assign_owner(user: User) -> bool:
    """Only managers and administrators move accounts between portfolios."""
    return user.is_admin or user.role == Role.MANAGER


def contact_scope(user: User, *, for_count: bool = False) -> Q:
    """A contact is readable when it works (or worked) at a readable account.

    A contact without any account is readable by the one who created it and by admins.
    Two equivalent forms (docs/performance.md, finding 9): a manager, who sees a large share of
    all contacts, gets a check per contact, so that a page walks the contacts in list order and
    stops; others get the list of their contacts. `for_count`: the list form for everyone, the
    cheaper one for counting all of a large scope.
    """
    from koers.accounts.models import Account, Contact, Position

    if user.is_admin or user.role == Role.MARKETING:
        return Q()
    if user.role == Role.MANAGER and not for_count:
        readable = Account.objects.filter(account_scope(user, per_row=True)).values("pk")
        # A manager sees a whole team's contacts (a sixth of the file at size L): walking the
        # contacts in list order and checking each is cheaper than listing them all first.
        # The redundant `>=` keeps PostgreSQL from turning the EXISTS into one hash of every
        # readable position (100 ms at size L), which it does for an EXISTS inside an OR.
        placed = Position.objects.filter(
            contact=OuterRef("pk"), contact_id__gte=OuterRef("pk"), account__in=readable
        )
        anywhere = Position.objects.filter(contact=OuterRef("pk"))
        return Q(Exists(placed)) | (Q(created_by=user) & ~Q(Exists(anywhere)))
    readable = Account.objects.filter(account_scope(user)).values("pk")
    at_readable = Position.objects.filter(account__in=readable).order_by().values("contact_id")
    # NOT EXISTS rather than a LEFT JOIN … IS NULL: answered from the contact_id index alone.
    anywhere = Position.objects.filter(contact=OuterRef("pk"))
    own_unplaced = (
        Contact.objects.filter(created_by=user).filter(~Exists(anywhere)).order_by().values("pk")
    )
    # One list, not an OR of two: the database can then join it to the contacts either way
    # round (start from the list, or walk the contacts in name order and probe it), where an
    # OR made PostgreSQL test each contact against a 60,000-element array (docs/performance.md).
    return Q(pk__in=at_readable.union(own_unplaced, all=True))


def contacts_readable(user: User, *, for_count: bool = False) -> QuerySet[Contact]:
    from koers.accounts.models import Contact

    return Contact.objects.filter(contact_scope(user, for_count=for_count))


def contacts_writable(user: User) -> QuerySet[Contact]:
    from koers.accounts.models import Contact

    if user.role == Role.MARKETING and not user.is_admin:
        return Contact.objects.none()
    return contacts_readable(user)


def can_change_contact(user: User, contact: Contact) -> bool:
    return contacts_writable(user).filter(pk=contact.pk).exists()


def users_readable(user: User) -> QuerySet[User]:
    """Colleagues are visible to every signed-in user (owners, account teams)."""
    if not user.is_authenticated:
        return User.objects.none()
    return User.objects.filter(is_active=True)


def teams_readable(user: User) -> QuerySet[Team]:
    if not user.is_authenticated:
        return Team.objects.none()
    return Team.objects.all()


def can_import_accounts(user: User) -> bool:
    """Importing writes whole portfolios: account managers, managers and administrators."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_admin or user.role in (Role.ACCOUNT_MANAGER, Role.MANAGER))
    )
