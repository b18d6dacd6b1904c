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

from django.db.models import Q, QuerySet

from koers.core.lookups import in_subquery
from koers.core.models import Role, Team, User

if TYPE_CHECKING:
    from koers.accounts.models import Account, Contact


def _team_user_ids(user: User) -> QuerySet[User]:
    return User.objects.filter(Q(teams__manager=user) | Q(pk=user.pk)).values("pk")


def account_scope(user: User) -> Q:
    """A filter on Account for what `user` may read.

    Both sides of the OR are uncorrelated lists, so each is answered from an index; a
    correlated EXISTS here made every scoped query scan all accounts (docs/performance.md).
    """
    from koers.accounts.models import AccountTeamMember

    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_admin or user.role == Role.MARKETING:
        return Q()
    if user.role == Role.MANAGER:
        people = _team_user_ids(user)
        on_team = AccountTeamMember.objects.filter(user__in=people).values("account_id")
        return in_subquery("owner_id", people) | in_subquery("pk", on_team)
    on_team = AccountTeamMember.objects.filter(user=user).values("account_id")
    return Q(owner=user) | in_subquery("pk", on_team)


def accounts_readable(user: User) -> QuerySet[Account]:
    from koers.accounts.models import Account

    return Account.objects.filter(account_scope(user))


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


def contact_scope(user: User) -> Q:
    """A contact is readable when it works (or worked) at a readable account.

    A contact without any account is readable by the one who created it and by admins.
    """
    from koers.accounts.models import Account, Position

    if user.is_admin or user.role == Role.MARKETING:
        return Q()
    readable = Account.objects.filter(account_scope(user)).values("pk")
    at_readable = Position.objects.filter(account__in=readable).values("contact_id")
    with_position = Position.objects.values("contact_id")
    # The second branch starts from the index on created_by; NOT IN stays a plain subquery.
    return in_subquery("pk", at_readable) | (Q(created_by=user) & ~Q(pk__in=with_position))


def contacts_readable(user: User) -> QuerySet[Contact]:
    from koers.accounts.models import Contact

    return Contact.objects.filter(contact_scope(user))


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
