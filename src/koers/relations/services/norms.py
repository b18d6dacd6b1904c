"""Setting the contact norms: the administrator's table (per tier, per buying role, which kinds
count) and an account's own norm. Either changes when accounts are due, so the kept contact
states are recomputed: for one account at once, for all of them by a background task."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from koers.accounts.models import Account, BuyingRole, Tier
from koers.core import access
from koers.core.errors import NotAllowed
from koers.core.models import User
from koers.relations.models import AccountNorm, ActivityKind, ContactNorm, CountingKind, RoleNorm
from koers.relations.norms import refresh_contact_states
from koers.relations.tasks import refresh_all_contact_states

# A norm longer than two years is no norm; one day is the shortest that means anything.
MAX_NORM_DAYS = 730


def _check_days(field: str, days: int | None) -> None:
    if days is not None and not 1 <= days <= MAX_NORM_DAYS:
        raise ValidationError(
            {field: _("Between 1 and %(max)s days.") % {"max": MAX_NORM_DAYS}}, code="range"
        )


@transaction.atomic
def norms_update(
    *,
    actor: User,
    tier_days: dict[str, int],
    role_days: dict[str, int | None],
    counting: list[str],
) -> None:
    """Replaces the norm table. `role_days` None: that buying role has no norm of its own.
    At least one kind must count, or no account could ever be on track."""
    if not access.can_manage_settings(actor):
        raise NotAllowed(_("Only administrators set the contact norms."))
    for tier in Tier.values:
        if tier not in tier_days:
            raise ValidationError({f"tier_{tier}": _("Every tier needs a norm.")}, code="required")
        _check_days(f"tier_{tier}", tier_days[tier])
    for role, days in role_days.items():
        if role not in BuyingRole.values:
            raise ValidationError({f"role_{role}": _("Unknown buying role.")}, code="invalid")
        _check_days(f"role_{role}", days)
    unknown = set(counting) - set(ActivityKind.values)
    if unknown:
        raise ValidationError({"counting": _("Unknown activity kind.")}, code="invalid")
    if not counting:
        raise ValidationError(
            {"counting": _("Choose at least one kind of contact that counts.")}, code="required"
        )
    for tier, days in tier_days.items():
        ContactNorm.objects.update_or_create(tier=tier, defaults={"days": days})
    for role, days in role_days.items():
        if days is None:
            RoleNorm.objects.filter(buying_role=role).delete()
        else:
            RoleNorm.objects.update_or_create(buying_role=role, defaults={"days": days})
    CountingKind.objects.exclude(kind__in=counting).delete()
    existing = set(CountingKind.objects.values_list("kind", flat=True))
    CountingKind.objects.bulk_create([CountingKind(kind=k) for k in counting if k not in existing])
    transaction.on_commit(partial(refresh_all_contact_states.enqueue))


@transaction.atomic
def account_norm_set(*, actor: User, account: Account, days: int | None) -> None:
    """An account's own norm (None: its tier's again), recomputed at once. Managers and
    administrators decide it: an account manager who could lengthen their own norm could make
    a cold account look on track."""
    if not access.can_set_account_norm(actor, account):
        raise NotAllowed(_("Only the manager of the account's team sets its own norm."))
    _check_days("days", days)
    if days is None:
        AccountNorm.objects.filter(account=account).delete()
    else:
        AccountNorm.objects.update_or_create(account=account, defaults={"days": days})
    refresh_contact_states([account.pk])
