"""Reads of campaigns and their selections, scoped by the access policy: marketing,
administrators and the sales director read every campaign; the others their own and those
touching an account they may read (`campaigns_readable_filter`). A selection's rows are
read through their account, like everything of an account."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from koers.campaigns.lead_models import Lead
from koers.campaigns.lead_queries import leads_filter
from koers.campaigns.models import Campaign, Selection, SelectionMember
from koers.core import access
from koers.core.models import User

RELATED = ("owner", "selection")


def campaigns_readable_filter(user: User) -> Q:
    """A filter on Campaign for what `user` may read: all of them for who reads the whole file;
    for the others their own, and those whose selection holds a contact at an account they may
    read (a campaign "touching their accounts"). One list of campaign ids, built by walking from
    the user's accounts to their selection rows (an index on the row's account), not a check
    of every row of every campaign: a selection may hold the whole file."""
    if not (user.is_authenticated and user.is_active):
        return Q(pk__in=[])
    if access.reads_everything(user):
        return Q()
    touching = SelectionMember.objects.filter(access.readable_through(user, "account")).values(
        "selection__campaign_id"
    )
    # A lead they recorded, or one at their accounts, touches them too (decision 140).
    leads = Lead.objects.filter(leads_filter(user)).values("campaign_id")
    return Q(owner=user) | Q(pk__in=touching) | Q(pk__in=leads)


def campaigns_readable(user: User) -> QuerySet[Campaign]:
    return Campaign.objects.filter(campaigns_readable_filter(user))


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
