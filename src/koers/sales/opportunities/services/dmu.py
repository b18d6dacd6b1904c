"""Writes to the people of a deal: the DMU for this deal (contacts of the account with their
role and attitude here) and the colleagues on it with their share of the revenue credit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from koers.accounts.models import Attitude, BuyingRole, Contact, Position
from koers.core.models import User
from koers.core.writes import service
from koers.relations.services.people import chain_account_ids, check_contacts
from koers.sales.models import DealContact, Opportunity, OpportunityMember

HUNDRED = Decimal("100")


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _guard(actor: User, opportunity: Opportunity) -> None:
    from koers.sales.opportunities.services.opportunities import check_open, may_change

    may_change(actor, opportunity)
    check_open(opportunity)


def _positions(opportunity: Opportunity, contacts: Iterable[Contact]) -> dict[int, Position]:
    """Each contact's position at the account (a current one at the account itself first,
    then one elsewhere in the chain): where their role and attitude are copied from."""
    ids = [c.pk for c in contacts]
    found: dict[int, Position] = {}
    rows = Position.objects.filter(
        contact_id__in=ids, account_id__in=chain_account_ids(opportunity.account)
    )
    ranked = sorted(
        rows,
        key=lambda p: (p.account_id != opportunity.account_id, p.end_date is not None, -p.pk),
    )
    for position in ranked:
        found.setdefault(position.contact_id, position)
    return found


def add_deal_contacts(opportunity: Opportunity, contacts: Sequence[Contact]) -> list[DealContact]:
    """The contacts in the deal's DMU, each with the role and attitude of their position."""
    positions = _positions(opportunity, contacts)
    rows = []
    for contact in contacts:
        position = positions.get(contact.pk)
        rows.append(
            DealContact(
                opportunity=opportunity,
                contact=contact,
                buying_role=position.buying_role if position else "",
                attitude=position.attitude if position else Attitude.NEUTRAL,
            )
        )
    return DealContact.objects.bulk_create(rows)


def _check_role(buying_role: str, attitude: str) -> None:
    if buying_role not in ("", *BuyingRole.values):
        raise _error("buying_role", _("Choose a buying role from the list."), "invalid")
    if attitude not in Attitude.values:
        raise _error("attitude", _("Choose an attitude from the list."), "invalid")


@service
def deal_contact_add(
    *,
    actor: User,
    opportunity: Opportunity,
    contact: Contact,
    buying_role: str | None = None,
    attitude: str | None = None,
    note: str = "",
) -> DealContact:
    """A contact of the account joins the deal's DMU; role and attitude from their position
    unless given."""
    _guard(actor, opportunity)
    check_contacts(opportunity.account, [contact], field="contact")
    if opportunity.deal_contacts.filter(contact=contact).exists():
        raise _error("contact", _("This contact is already in the deal's DMU."), "duplicate")
    (row,) = add_deal_contacts(opportunity, [contact])
    if buying_role is not None or attitude is not None or note:
        return deal_contact_update(
            actor=actor,
            deal_contact=row,
            buying_role=row.buying_role if buying_role is None else buying_role,
            attitude=row.attitude if attitude is None else attitude,
            note=note,
        )
    return row


@service
def deal_contact_update(
    *, actor: User, deal_contact: DealContact, buying_role: str, attitude: str, note: str = ""
) -> DealContact:
    """The contact's role and attitude in this deal (the account's own DMU is not changed)."""
    _guard(actor, deal_contact.opportunity)
    _check_role(buying_role, attitude)
    deal_contact.buying_role = buying_role
    deal_contact.attitude = attitude
    deal_contact.note = note.strip()[:300]
    deal_contact.save()
    return deal_contact


@service
def deal_contact_remove(*, actor: User, deal_contact: DealContact) -> None:
    _guard(actor, deal_contact.opportunity)
    deal_contact.delete()


@service
def opportunity_members_set(
    *,
    actor: User,
    opportunity: Opportunity,
    owner_share: Decimal,
    members: Sequence[tuple[User, Decimal]],
) -> Opportunity:
    """The colleagues on the deal and the credit split: the owner's share and theirs add up
    to 100. The owner is not a member of their own deal; a colleague appears once."""
    from koers.sales.opportunities.services.opportunities import bump

    _guard(actor, opportunity)
    users = [user for user, _share in members]
    if any(user.pk == opportunity.owner_id for user in users):
        raise _error("members", _("The owner is not a colleague on their own deal."), "owner")
    if len({user.pk for user in users}) != len(users):
        raise _error("members", _("Name each colleague once."), "duplicate")
    if any(not user.is_active for user in users):
        raise _error("members", _("Choose active colleagues."), "inactive")
    shares = [owner_share, *(share for _user, share in members)]
    if any(share < 0 or share > HUNDRED for share in shares):
        raise _error("members", _("A share is from 0 to 100 percent."), "range")
    if sum(shares, Decimal("0")) != HUNDRED:
        message = _("The shares add up to %(total)s %%; they must add up to 100 %%.") % {
            "total": f"{sum(shares, Decimal('0')).normalize():f}"
        }
        raise _error("members", message, "not_100")
    opportunity.members.all().delete()
    OpportunityMember.objects.bulk_create(
        OpportunityMember(opportunity=opportunity, user=user, share=share)
        for user, share in members
    )
    bump(opportunity)
    opportunity.owner_share = owner_share
    opportunity.save(update_fields=["owner_share", "version"])
    return opportunity
