"""What proposals add to the pages of complaints (without complaints knowing it): a panel with
the proposals linked to a complaint and the button "Propose an improvement" on its page.
Called from `ProposalsConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _


def _may_propose(user: Any, complaint: Any) -> bool:
    from koers.proposals.queries import may_propose

    return may_propose(user)


def register_all() -> None:
    from koers.core.panels import PageAction, Panel, register, register_action

    register(
        Panel(
            page="complaint",
            name="proposals",
            order=10,
            title=_("Improvement proposals"),
            url_name="proposals:complaint_proposals",
        )
    )
    register_action(
        PageAction(
            page="complaint",
            name="propose",
            order=10,
            title=_("Propose an improvement"),
            url_name="proposals:proposal_from_complaint",
            shown=_may_propose,
        )
    )
