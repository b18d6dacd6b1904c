"""Who may take part in, or own, an account's activities and commitments."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact, Position
from koers.core.models import User


def account_people(account: Account) -> set[int]:
    """The user ids who work the account: its owner and its account team."""
    return {account.owner_id, *account.team_members.values_list("user_id", flat=True)}


def check_owner(actor: User, account: Account, owner: User, field: str = "owner") -> None:
    """Colleagues on the account team plan for each other; someone who may change the account
    (a manager) may plan for any of them, or for themselves."""
    if owner.is_active and (owner.pk == actor.pk or owner.pk in account_people(account)):
        return
    message = _("Choose the account manager or a colleague on the team.")
    raise ValidationError({field: ValidationError(message, code="not_on_team")})


def chain_account_ids(account: Account) -> list[int]:
    """The account and, for a chain, every account of the chain: a contact of the head office
    can take part in a visit to a branch."""
    root = account.root_id or account.pk
    return list(Account.objects.filter(pk=root).values_list("pk", flat=True)) + list(
        Account.objects.filter(root_id=root).values_list("pk", flat=True)
    )


def check_contacts(account: Account, contacts: Iterable[Contact], field: str = "contacts") -> None:
    wanted = {c.pk for c in contacts}
    if not wanted:
        return
    working = set(
        Position.objects.filter(
            contact_id__in=wanted, account_id__in=chain_account_ids(account)
        ).values_list("contact_id", flat=True)
    )
    if wanted - working:
        message = _("Choose contacts who work at this account.")
        raise ValidationError({field: ValidationError(message, code="not_at_account")})
