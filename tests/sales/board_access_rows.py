"""The board's and the forecast's rows of the access matrix (tests/core/test_access_matrix.py).

Every signed-in user has a board and a forecast (their own, or a manager's team): the rows on
them are only those of readable accounts. A card is read like its opportunity (bob, charlie
and ingrid get a 404 for alice's); moving it is changing it: alice, maria and the
administrator move it (back to the board, 302), mark gets a 403.
"""

from __future__ import annotations

from typing import Any

from tests.access_matrix import Row, statuses


def rows(*, signed_in: dict[str, int], read: dict[str, int]) -> list[Row]:
    moved = statuses(read, mark=403, alice=302, maria=302, admin=302)

    def opportunity(w: Any) -> dict[str, Any]:
        return {"pk": w.opportunity.pk}

    return [
        Row("sales:board", signed_in),
        Row("sales:board", signed_in, htmx=True, query="days=90"),
        Row("sales:board_column", signed_in, kwargs=lambda w: {"stage": "prepare"}),
        Row("sales:board_card", read, kwargs=opportunity),
        Row(
            "sales:board_move",
            moved,
            kwargs=opportunity,
            method="post",
            data=lambda w: {"move-to": "needs"},
        ),
        Row("sales:forecast", signed_in),
        Row("sales:forecast", signed_in, htmx=True, query="months=12"),
    ]
