"""The campaign an opportunity came from (decision 140). Campaigns builds on sales, so sales
never imports it: the campaigns app registers, in its `AppConfig.ready()`, the campaigns a user
may read, and the form, the API and the service ask here. Without campaigns installed no
campaign can be chosen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from koers.core.models import User
from koers.sales.models import Opportunity, Source

_readable: Callable[[User], QuerySet[Any]] | None = None


def register(readable: Callable[[User], QuerySet[Any]]) -> None:
    global _readable
    _readable = readable


def campaigns_for(user: User) -> QuerySet[Any]:
    """The campaigns `user` may name as an opportunity's source."""
    model = Opportunity._meta.get_field("campaign").related_model
    if _readable is None:
        return model._default_manager.none()  # type: ignore[union-attr]
    return _readable(user)


def check_campaign(actor: User, opportunity: Opportunity, *, changed: bool) -> None:
    """A campaign only with the source "campaign", and (when it was set or changed now) one
    the actor may read."""
    if opportunity.campaign_id is None:
        return
    if opportunity.source != Source.CAMPAIGN:
        message = _("A campaign is named only when the source is a campaign.")
        raise ValidationError({"campaign": ValidationError(message, code="needs_field")})
    if changed and not campaigns_for(actor).filter(pk=opportunity.campaign_id).exists():
        message = _("There is no campaign with this id.")
        raise ValidationError({"campaign": ValidationError(message, code="not_found")})
