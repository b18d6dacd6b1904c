"""The proposals' rows of the access matrix (tests/core/test_access_matrix.py), with the
objects they point at.

Alice's proposal (`proposal`), linked to her complaint at Alpha: read by alice, maria (the
manager of her team) and the administrator; decided by maria and the administrator only (alice,
the proposer, gets a 403); bob, charlie, ingrid and mark do not see it (404). Everybody but
marketing may propose.
"""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Row, World, statuses
from tests.proposals.factories import propose

SIGNED_IN = statuses(
    dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "mark", "admin"), 200), anon=302
)
READ_COMPLAINT = statuses(SIGNED_IN, bob=404, charlie=404, ingrid=404)
PROPOSE = statuses(SIGNED_IN, mark=403)
PROPOSED = statuses(
    PROPOSE, **dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "admin"), 302)
)
READ = statuses(SIGNED_IN, bob=404, charlie=404, ingrid=404, mark=404)
DECIDE = statuses(READ, alice=403, maria=302, admin=302)
# Changing and withdrawing: the proposer alone (her manager and the administrator read it).
CHANGE = statuses(READ, maria=403, admin=403)


def api(base: dict[str, int], **changes: int) -> dict[str, int]:
    return statuses(base, **{"anon": 401, **changes})


def proposal_world(people: Any, complaint: Any) -> dict[str, Any]:
    return {"proposal": propose(people.alice, complaints=[complaint])}


def _form(w: World) -> dict[str, str]:
    return {
        "kind": "range",
        "title": "Kleinere verpakking",
        "what": "Per 500 gram.",
        "why": "Klachten.",
        "expected_effect": "Minder derving.",
    }


def _body(w: World) -> dict[str, Any]:
    return {**_form(w), "kind": "process"}


def _pk(w: World) -> dict[str, int]:
    return {"pk": w.proposal.pk}


ROWS: list[Row] = [
    Row("proposals:proposal_list", SIGNED_IN),
    Row("proposals:proposal_list", SIGNED_IN, htmx=True, query="show=all"),
    Row("proposals:proposal_new", PROPOSE),
    Row(
        "proposals:proposal_new",
        PROPOSED,
        method="post",
        data=_form,
        label="post proposals:proposal_new",
    ),
    Row(
        "proposals:proposal_from_complaint",
        statuses(READ_COMPLAINT, mark=403),
        kwargs=lambda w: {"pk": w.complaint.pk},
    ),
    Row(
        "proposals:proposal_from_complaint",
        statuses(READ_COMPLAINT, mark=403, alice=302, maria=302, admin=302),
        kwargs=lambda w: {"pk": w.complaint.pk},
        method="post",
        data=lambda w: {**_form(w), "complaints": str(w.complaint.pk)},
    ),
    Row("proposals:decisions_count", SIGNED_IN, htmx=True),
    Row("proposals:proposal_detail", READ, kwargs=_pk),
    *[
        Row(
            "proposals:proposal_decide",
            DECIDE,
            kwargs=lambda w, d=decision: {"pk": w.proposal.pk, "decision": d},
            method="post",
            data=lambda w: {"comment": "Besproken in het teamoverleg"},
            label=f"post proposals:proposal_decide {decision}",
        )
        for decision in ("accept", "reject", "park")
    ],
    Row("proposals:proposal_edit", CHANGE, kwargs=_pk),
    Row(
        "proposals:proposal_edit",
        statuses(CHANGE, alice=302),
        kwargs=_pk,
        method="post",
        data=lambda w: {**_form(w), "complaints": str(w.complaint.pk), "version": "1"},
        label="post proposals:proposal_edit",
    ),
    Row(
        "proposals:proposal_withdraw",
        statuses(CHANGE, alice=302),
        kwargs=_pk,
        method="post",
        data=lambda w: {"reason": "Al opgelost"},
    ),
    Row(
        "proposals:complaint_proposals",
        READ_COMPLAINT,
        kwargs=lambda w: {"pk": w.complaint.pk},
        htmx=True,
    ),
    # The API: the same access as the pages.
    Row("api:v1:list_proposals", api(SIGNED_IN)),
    Row(
        "api:v1:create_proposal",
        api(PROPOSE, **dict.fromkeys(("alice", "bob", "charlie", "maria", "ingrid", "admin"), 201)),
        method="post",
        json=True,
        data=_body,
    ),
    Row("api:v1:get_proposal", api(READ), kwargs=lambda w: {"proposal_id": w.proposal.pk}),
    *[
        Row(
            f"api:v1:{decision}_proposal",
            api(READ, alice=403, maria=200, admin=200),
            kwargs=lambda w: {"proposal_id": w.proposal.pk},
            method="post",
            json=True,
            data=lambda w: {"comment": "Besproken"},
        )
        for decision in ("accept", "reject", "park")
    ],
    Row(
        "api:v1:update_proposal",
        api(CHANGE, alice=200),
        kwargs=lambda w: {"proposal_id": w.proposal.pk},
        method="patch",
        json=True,
        data=lambda w: {"version": 1, "title": "Kleinere verpakking"},
    ),
    Row(
        "api:v1:withdraw_proposal",
        api(CHANGE, alice=200),
        kwargs=lambda w: {"proposal_id": w.proposal.pk},
        method="post",
        json=True,
        data=lambda w: {"reason": "Al opgelost"},
    ),
]
