"""Reads of campaigns and their selections, scoped by the access policy: marketing,
administrators and the sales director read every campaign; the others their own and those
touching an account they may read (`access.campaigns_readable_filter`). A selection's rows are
read through their account, like everything of an account."""

from __future__ import annotations

from django.db.models import QuerySet

from koers.campaigns.models import Campaign, Selection, SelectionMember
from koers.core import access
from koers.core.models import User

RELATED = ("owner", "selection")


def campaigns_readable(user: User) -> QuerySet[Campaign]:
    return Campaign.objects.filter(access.campaigns_readable_filter(user))


def campaign_for_detail(user: User, pk: int) -> Campaign:
    """Raises Campaign.DoesNotExist for a campaign the user may not read."""
    return campaigns_readable(user).select_related(*RELATED).get(pk=pk)


def members_readable(user: User, selection: Selection) -> QuerySet[SelectionMember]:
    """The selection's rows `user` may see: all for who runs campaigns or reads the file, else
    those at accounts they may read."""
    rows = SelectionMember.objects.filter(selection=selection)
    if not access.reads_everything(user):
        rows = access.scope_through_account(rows, user)
    return rows.select_related("contact", "account").order_by(
        "contact__last_name", "contact__first_name", "contact_id"
    )
