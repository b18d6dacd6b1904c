"""Every write of campaigns and their selections (`@service`: one transaction, the actor in
the history). Who may do what: `core/access.py` (can_run_campaigns,
can_adjust_campaign_selection)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from koers.accounts.models import Account, Contact, Position
from koers.campaigns.models import (
    Campaign,
    Selection,
    SelectionChange,
    SelectionMember,
    SelectionState,
)
from koers.campaigns.selection import Criteria, found_contacts
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import Role, User
from koers.core.writes import lock_version, save_version, service

EDITABLE = (
    "name",
    "kind",
    "starts_on",
    "ends_on",
    "budget",
    "actual_cost",
    "owner",
    "description",
    "goal_responses",
    "goal_leads",
    "goal_opportunities",
    "goal_revenue",
    "product_groups",
)
BATCH = 2000


def _error(field: str, message: str, code: str) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


def _may_run(actor: User) -> None:
    if not access.can_run_campaigns(actor):
        raise NotAllowed


OWNER_ROLES = (Role.MARKETING, Role.ACCOUNT_MANAGER, Role.ADMIN)


def _check(campaign: Campaign) -> None:
    if campaign.starts_on and campaign.ends_on and campaign.ends_on < campaign.starts_on:
        raise _error("ends_on", _("The end lies before the start."), "period")
    owner = campaign.owner if campaign.owner_id else None
    if owner is None or not owner.is_active or owner.role not in OWNER_ROLES:
        raise _error("owner", _("Choose a colleague of marketing or an account manager."), "owner")


def _apply(campaign: Campaign, data: dict[str, Any]) -> list[Any] | None:
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    groups = data.get("product_groups")
    for name, value in data.items():
        if name != "product_groups":
            setattr(campaign, name, value.strip() if isinstance(value, str) else value)
    _check(campaign)
    return None if groups is None else list(groups)


@service
def campaign_create(*, actor: User, data: dict[str, Any]) -> Campaign:
    """A new campaign, with an empty live selection."""
    _may_run(actor)
    campaign = Campaign(created_by=actor)
    groups = _apply(campaign, data)
    campaign.save()
    if groups:
        campaign.product_groups.set(groups)
    Selection.objects.create(campaign=campaign)
    return campaign


@service
def campaign_update(
    *, actor: User, campaign: Campaign, expected_version: int, data: dict[str, Any]
) -> Campaign:
    _may_run(actor)
    locked = lock_version(Campaign, campaign.pk, expected_version)
    groups = _apply(locked, data)
    save_version(locked)
    if groups is not None:
        locked.product_groups.set(groups)
    return locked


def _counts(selection: Selection) -> None:
    counts = selection.members.aggregate(
        included=Count("pk", filter=Q(reason="")), excluded=Count("pk", filter=~Q(reason=""))
    )
    selection.included, selection.excluded = counts["included"], counts["excluded"]


def _refresh(selection: Selection) -> None:
    selection.members.all().delete()
    rows = found_contacts(Criteria.load(selection.criteria), selection).values_list(
        "pk", "found_at", "reason", "by_hand"
    )
    batch: list[SelectionMember] = []
    for contact_id, account_id, reason, by_hand in rows.iterator(chunk_size=BATCH):
        batch.append(
            SelectionMember(
                selection=selection,
                contact_id=contact_id,
                account_id=account_id,
                reason=reason,
                by_hand=by_hand,
            )
        )
        if len(batch) >= BATCH:
            SelectionMember.objects.bulk_create(batch)
            batch = []
    SelectionMember.objects.bulk_create(batch)
    _counts(selection)
    selection.refreshed_at = timezone.now()
    selection.save()


def _live(campaign: Campaign) -> Selection:
    selection = Selection.objects.select_for_update().get(campaign=campaign)
    if selection.frozen:
        raise _error("selection", _("The selection is frozen: it no longer changes."), "frozen")
    return selection


@service
def selection_save(*, actor: User, campaign: Campaign, criteria: Criteria) -> Selection:
    """Stores the filters and refreshes the rows by them."""
    _may_run(actor)
    selection = _live(campaign)
    selection.criteria = criteria.dump()
    _refresh(selection)
    return selection


@service
def selection_refresh(*, actor: User, campaign: Campaign) -> Selection:
    """The rows again from the file as it is now; a frozen selection refuses."""
    _may_run(actor)
    selection = _live(campaign)
    _refresh(selection)
    return selection


@service
def selection_freeze(*, actor: User, campaign: Campaign) -> Selection:
    """Refreshes the rows one last time and keeps them: from now on the selection does not
    change when the file does."""
    _may_run(actor)
    selection = _live(campaign)
    _refresh(selection)
    selection.state = SelectionState.FROZEN
    selection.frozen_at = timezone.now()
    selection.frozen_by = actor
    selection.save()
    return selection


@service
def selection_unfreeze(*, actor: User, campaign: Campaign) -> Selection:
    """Live again, refreshed from the file as it is now."""
    _may_run(actor)
    selection = Selection.objects.select_for_update().get(campaign=campaign)
    selection.state = SelectionState.LIVE
    selection.frozen_at, selection.frozen_by = None, None
    _refresh(selection)
    return selection


def _account_for(actor: User, contact: Contact) -> Account:
    """The account that makes `contact` the actor's own: a current position at an account
    they may change (any account for who runs campaigns)."""
    if not access.can_adjust_campaign_selection(actor):
        raise NotAllowed
    positions = Position.objects.filter(contact=contact, end_date__isnull=True)
    if not access.can_run_campaigns(actor):
        positions = positions.filter(account__in=access.accounts_writable(actor).values("pk"))
    account_id = positions.order_by("account_id").values_list("account_id", flat=True).first()
    if account_id is None:
        raise _error("contact", _("Choose one of your own contacts."), "not_yours")
    return Account.objects.get(pk=account_id)


def _change(actor: User, campaign: Campaign, contact: Contact, *, include: bool) -> Selection:
    account = _account_for(actor, contact)
    selection = _live(campaign)
    SelectionChange.objects.update_or_create(
        selection=selection,
        contact=contact,
        defaults={"include": include, "by": actor, "account": account},
    )
    found = (
        found_contacts(Criteria.load(selection.criteria), selection)
        .filter(pk=contact.pk)
        .values("found_at", "reason", "by_hand")
        .first()
    )
    if found is None:
        SelectionMember.objects.filter(selection=selection, contact=contact).delete()
    else:
        SelectionMember.objects.update_or_create(
            selection=selection,
            contact=contact,
            defaults={
                "account_id": found["found_at"],
                "reason": found["reason"],
                "by_hand": found["by_hand"],
            },
        )
    _counts(selection)
    selection.save()
    return selection


@service
def selection_add_contact(*, actor: User, campaign: Campaign, contact: Contact) -> Selection:
    """Adds one of the actor's own contacts; kept across refreshes. Without consent, or opted
    out, the contact stays excluded with that reason."""
    return _change(actor, campaign, contact, include=True)


@service
def selection_remove_contact(*, actor: User, campaign: Campaign, contact: Contact) -> Selection:
    """Leaves one of the actor's own contacts out ("removed by hand"); kept across refreshes."""
    return _change(actor, campaign, contact, include=False)
