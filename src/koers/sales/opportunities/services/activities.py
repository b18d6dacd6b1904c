"""Activities for a deal: an activity of the account pointed at one of its open opportunities.

Called through `relations/links.py` by the activity's own service (planning), inside its
transaction, and from the opportunity's API. Only an open opportunity of the activity's
account (or the deal of a chain for this branch) that the actor may change is offered or
accepted; anything else is a message on `opportunity`, and nothing is saved.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

from koers.accounts.models import Account
from koers.core.models import User
from koers.core.writes import service
from koers.relations.models import Activity
from koers.relations.services.activities import may_change_activities
from koers.sales.models import OPEN_STAGES, DealActivity, Opportunity
from koers.sales.opportunities import queries


def open_deals(user: User, account: Account | int) -> QuerySet[Opportunity]:
    """The open opportunities of the account (or for it as a branch) that `user` may change."""
    pk = account if isinstance(account, int) else account.pk
    return (
        queries.opportunities_writable(user)
        .filter(Q(account_id=pk) | Q(branch_id=pk), stage__in=OPEN_STAGES)
        .order_by("close_on", "pk")
    )


def deal_options(user: User, account: Account) -> list[tuple[int, str]]:
    """The choices of the activity form (one query, at most 50: an account has a few)."""
    return list(open_deals(user, account).values_list("pk", "title")[:50])


def deal_of_follow_up(user: User, activity: Activity) -> int | None:
    """The deal a follow-up of `activity` is for: its own, while open and `user` may change it
    (otherwise the follow-up is for the account in general, not refused)."""
    found = open_deals(user, activity.account_id).filter(activity_links__activity=activity)
    return found.values_list("pk", flat=True).first()


def deal_of_activity() -> Subquery:
    """The id of the activity's deal, as a subquery over activities (the API's `links`)."""
    links = DealActivity.objects.filter(activity=OuterRef("pk")).values("opportunity_id")
    return Subquery(links[:1])


@service
def deal_activity_attach(*, actor: User, activity: Activity, pk: int | None) -> None:
    """Points `activity` at the open opportunity `pk` of its account; None: at none."""
    may_change_activities(actor, activity.account)
    if pk is None:
        DealActivity.objects.filter(activity=activity).delete()
        return
    opportunity = queries.opportunities_writable(actor).filter(pk=pk).first()
    at_account = opportunity is not None and activity.account_id in (
        opportunity.account_id,
        opportunity.branch_id,
    )
    if opportunity is None or not at_account or not opportunity.is_open:
        # The API's codes for a refusal by stored data (api/schemas.py, BEYOND_SCHEMA_CODES).
        code = (
            "not_found" if opportunity is None else "not_at_account" if not at_account else "status"
        )
        message = _("Choose an open opportunity of this account.")
        raise ValidationError({"opportunity": ValidationError(message, code=code)})
    DealActivity.objects.update_or_create(activity=activity, defaults={"opportunity": opportunity})
